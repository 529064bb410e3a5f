// End-to-end: environments and deployed/released versions through the API and the real `pact-broker` CLI.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, cli } from './support/clients.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

interface Dep {
  uuid: string;
  currentlyDeployed: boolean;
  applicationInstance: string | null;
  undeployedAt: string | null;
  _embedded: { version: { number: string }; pacticipant: { name: string } };
}

describe('environments, deployments and releases', () => {
  let b: TestBroker;
  let url: string[];
  beforeAll(async () => {
    b = await startBroker();
    url = ['--broker-base-url', b.url];
    for (const v of ['1.0.0', '1.1.0', '2.0.0']) {
      expect((await api(b.url, 'PUT', `/pacticipants/Orders/versions/${v}`, {})).status).toBeLessThan(300);
    }
  });
  afterAll(async () => {
    await b?.close();
  });

  it('seeds test and production', async () => {
    const r = await api(b.url, 'GET', '/environments');
    expect(r.status).toBe(200);
    const envs = r.body._embedded.environments as Array<{ name: string; production: boolean }>;
    expect(envs.map((e) => [e.name, e.production])).toEqual([
      ['production', true],
      ['test', false],
    ]);
    expect(r.body._links['pb:environments']).toHaveLength(2);
  });

  it('creates with a client uuid, reads, replaces, validates and deletes', async () => {
    const uuid = '16926ef3-590f-4e3f-838e-719717aa88c9';
    const created = await api(b.url, 'POST', '/environments', {
      uuid,
      name: 'uat',
      displayName: 'UAT',
      production: false,
      contacts: [{ name: 'Team Orders', details: { slack: '#orders' } }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${b.url}/environments/${uuid}`);
    expect(created.body).toMatchObject({ uuid, name: 'uat', displayName: 'UAT', production: false });
    expect(created.body._links['pb:currently-deployed-deployed-versions'].href).toBe(
      `${b.url}/environments/${uuid}/deployed-versions/currently-deployed`,
    );

    const dup = await api(b.url, 'POST', '/environments', { name: 'uat', production: false });
    expect(dup.status).toBe(400);
    expect(dup.body.errors.name[0]).toContain('already exists');
    const bad = await api(b.url, 'POST', '/environments', { name: 'has space' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['name', 'production']);

    const put = await api(b.url, 'PUT', `/environments/${uuid}`, {
      name: 'uat',
      displayName: 'User acceptance',
      production: true,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: 'User acceptance', production: true, contacts: [] });
    expect((await api(b.url, 'GET', '/environments?name=uat')).body._embedded.environments).toHaveLength(1);

    expect((await api(b.url, 'DELETE', `/environments/${uuid}`)).status).toBe(204);
    expect((await api(b.url, 'GET', `/environments/${uuid}`)).status).toBe(404);
  });

  it('create-environment, list-environments and describe-environment with the CLI', async () => {
    const created = await cli([
      'create-environment',
      '--name',
      'staging',
      '--display-name',
      'Staging',
      ...url,
    ]);
    expect(created.code, created.stderr + created.stdout).toBe(0);
    expect(created.stdout).toContain('Created staging environment');
    const list = await cli(['list-environments', ...url]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('staging');
    expect(list.stdout).toContain('production');
    const staging = (await api(b.url, 'GET', '/environments?name=staging')).body._embedded.environments[0];
    const described = await cli(['describe-environment', '--uuid', staging.uuid, ...url]);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toContain('Staging');
  });

  it('the version resource links record-deployment and record-release per environment', async () => {
    const v = await api(b.url, 'GET', '/pacticipants/Orders/versions/1.0.0');
    expect(v.status).toBe(200);
    const names = (v.body._links['pb:record-deployment'] as Array<{ name: string }>).map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['test', 'production']));
    expect(v.body._links['pb:record-release']).toHaveLength(names.length);
  });

  it('record-deployment replaces the previous version of the same instance only', async () => {
    const d1 = await cli([
      'record-deployment',
      '--pacticipant',
      'Orders',
      '--version',
      '1.0.0',
      '--environment',
      'production',
      ...url,
    ]);
    expect(d1.code, d1.stderr + d1.stdout).toBe(0);
    expect(d1.stdout).toContain('Recorded deployment of Orders version 1.0.0 to production');
    const blue = await cli([
      'record-deployment',
      '--pacticipant',
      'Orders',
      '--version',
      '1.0.0',
      '--environment',
      'production',
      '--application-instance',
      'blue',
      ...url,
    ]);
    expect(blue.code, blue.stderr).toBe(0);
    const d2 = await cli([
      'record-deployment',
      '--pacticipant',
      'Orders',
      '--version',
      '1.1.0',
      '--environment',
      'production',
      ...url,
    ]);
    expect(d2.code, d2.stderr).toBe(0);

    const prod = (await api(b.url, 'GET', '/environments?name=production')).body._embedded.environments[0];
    const current = await api(
      b.url,
      'GET',
      `/environments/${prod.uuid}/deployed-versions/currently-deployed`,
    );
    const rows = current.body._embedded.deployedVersions as Dep[];
    expect(rows.map((r) => [r._embedded.version.number, r.applicationInstance])).toEqual([
      ['1.0.0', 'blue'],
      ['1.1.0', null],
    ]);
    expect(rows[0]?._embedded.pacticipant.name).toBe('Orders');

    const history = await api(
      b.url,
      'GET',
      `/pacticipants/Orders/versions/1.0.0/deployed-versions/environment/${prod.uuid}`,
    );
    expect(history.body._embedded.deployedVersions.map((r: Dep) => r.currentlyDeployed)).toEqual([
      false,
      true,
    ]);
    expect(history.body._embedded.deployedVersions[0].undeployedAt).not.toBeNull();

    // Recording the current version again returns the same record.
    const again = await api(
      b.url,
      'POST',
      `/pacticipants/Orders/versions/1.1.0/deployed-versions/environment/${prod.uuid}`,
      {},
    );
    expect(again.status).toBe(201);
    expect(again.body.uuid).toBe(rows[1]?.uuid);
  });

  it('record-undeployment ends only the matching instance', async () => {
    const r = await cli([
      'record-undeployment',
      '--pacticipant',
      'Orders',
      '--environment',
      'production',
      '--application-instance',
      'blue',
      ...url,
    ]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('Undeployed Orders from production environment (application instance blue)');
    const prod = (await api(b.url, 'GET', '/environments?name=production')).body._embedded.environments[0];
    const current = await api(
      b.url,
      'GET',
      `/environments/${prod.uuid}/deployed-versions/currently-deployed?pacticipant=Orders`,
    );
    expect(current.body._embedded.deployedVersions.map((d: Dep) => d._embedded.version.number)).toEqual([
      '1.1.0',
    ]);
    const none = await cli([
      'record-undeployment',
      '--pacticipant',
      'Nope',
      '--environment',
      'production',
      ...url,
    ]);
    expect(none.code).not.toBe(0);
  });

  it('record-release keeps earlier releases; record-support-ended ends one', async () => {
    for (const v of ['1.0.0', '2.0.0']) {
      const r = await cli([
        'record-release',
        '--pacticipant',
        'Orders',
        '--version',
        v,
        '--environment',
        'test',
        ...url,
      ]);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toContain(`Recorded release of Orders version ${v} to test`);
    }
    const test = (await api(b.url, 'GET', '/environments?name=test')).body._embedded.environments[0];
    const listed = async () =>
      (
        await api(b.url, 'GET', `/environments/${test.uuid}/released-versions/currently-supported`)
      ).body._embedded.releasedVersions.map((r: Dep) => r._embedded.version.number);
    expect(await listed()).toEqual(['1.0.0', '2.0.0']);
    const ended = await cli([
      'record-support-ended',
      '--pacticipant',
      'Orders',
      '--version',
      '1.0.0',
      '--environment',
      'test',
      ...url,
    ]);
    expect(ended.code, ended.stderr + ended.stdout).toBe(0);
    expect(await listed()).toEqual(['2.0.0']);
  });

  it('checks a replacement body in order: malformed JSON (400), then the environment (404), then the fields', async () => {
    expect((await api(b.url, 'PUT', '/environments/no-such-uuid', '{"name":')).status).toBe(400);
    expect((await api(b.url, 'PUT', '/environments/no-such-uuid', { name: 'has space' })).status).toBe(404);
    const test = (await api(b.url, 'GET', '/environments?name=test')).body._embedded.environments[0];
    const bad = await api(b.url, 'PUT', `/environments/${test.uuid}`, { name: 'has space' });
    expect(Object.keys(bad.body.errors).sort()).toEqual(['name', 'production']);
  });

  it('answers 404 for unknown versions or environments and 400 for bad PATCH values', async () => {
    const test = (await api(b.url, 'GET', '/environments?name=test')).body._embedded.environments[0];
    expect(
      (
        await api(
          b.url,
          'POST',
          `/pacticipants/Orders/versions/9.9.9/deployed-versions/environment/${test.uuid}`,
          {},
        )
      ).status,
    ).toBe(404);
    expect(
      (await api(b.url, 'POST', '/pacticipants/Orders/versions/1.0.0/deployed-versions/environment/nope', {}))
        .status,
    ).toBe(404);
    const d = await api(
      b.url,
      'POST',
      `/pacticipants/Orders/versions/2.0.0/deployed-versions/environment/${test.uuid}`,
      {},
    );
    const bad = await api(
      b.url,
      'PATCH',
      `/deployed-versions/${d.body.uuid}`,
      { currentlyDeployed: 'no' },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    expect(bad.status).toBe(400);
    const ok = await api(
      b.url,
      'PATCH',
      `/deployed-versions/${d.body.uuid}`,
      { currentlyDeployed: false },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.currentlyDeployed).toBe(false);
  });
});
