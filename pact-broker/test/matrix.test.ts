// End-to-end: /matrix selector forms, /can-i-deploy and its shortcuts, and the real CLI's can-i-deploy/can-i-merge.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, cli } from './support/clients.js';
import { deploy, matrix, publishPact, verify } from './support/scenario.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

describe('matrix and can-i-deploy', () => {
  let b: TestBroker;
  let url: string[];
  beforeAll(async () => {
    b = await startBroker();
    url = ['--broker-base-url', b.url];
    const u = b.url;
    for (const p of ['Web', 'Orders', 'Billing'])
      await api(u, 'PATCH', `/pacticipants/${p}`, { mainBranch: 'main' });
    await publishPact(u, 'Web', '1', 'Orders', { a: 1 }, { branch: 'main' });
    await publishPact(u, 'Web', '1', 'Billing', { b: 1 }, { branch: 'main' });
    await verify(u, 'Web', '1', 'Orders', 'o1', true, { branch: 'main' });
    await verify(u, 'Web', '1', 'Billing', 'b1', true, { branch: 'main' });
    for (const env of ['test', 'production']) {
      await deploy(u, 'Web', '1', env);
      await deploy(u, 'Orders', 'o1', env);
      await deploy(u, 'Billing', 'b1', env);
    }
    await publishPact(u, 'Web', '2', 'Orders', { a: 2 }, { branch: 'main' });
    await publishPact(u, 'Web', '2', 'Billing', { b: 1 }, { branch: 'main' });
    await verify(u, 'Web', '2', 'Orders', 'o2', false, { branch: 'feat' });
    await verify(u, 'Web', '1', 'Orders', 'o2', true, { branch: 'feat' });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('a deployed, verified version can be deployed to production', async () => {
    const r = await api(b.url, 'GET', '/can-i-deploy?pacticipant=Web&version=1&environment=production');
    expect(r.status).toBe(200);
    expect(r.body.summary).toMatchObject({ deployable: true, success: 2, failed: 0, unknown: 0 });
    expect(r.body.summary.reason).toBe('All required verification results are published and successful');
    expect(r.body.notices).toContainEqual({
      type: 'success',
      text: 'All required verification results are published and successful',
    });
    const row = r.body.matrix.find((m: { provider: { name: string } }) => m.provider.name === 'Orders');
    expect(row.consumer.version.number).toBe('1');
    expect(row.consumer.version.branch).toBe('main');
    expect(row.consumer.version.environments).toEqual(expect.arrayContaining([{ name: 'production' }]));
    expect(row.provider.version.number).toBe('o1');
    expect(row.verificationResult.success).toBe(true);
    expect(row.verificationResult._links.self.href).toMatch(
      /\/pact-version\/[0-9a-f]+\/verification-results\/\d+$/,
    );
    expect(row.pact._links.self.href).toBe(`${b.url}/pacts/provider/Orders/consumer/Web/version/1`);
  });

  it('an unverified pact with a deployed provider is unknown (null), with the reason', async () => {
    const r = await matrix(b.url, 'q[][pacticipant]=Web&q[][version]=2&latestby=cvpv&environment=production');
    expect(r.body.summary).toMatchObject({ deployable: null, success: 1, failed: 0, unknown: 1 });
    expect(r.body.summary.reason).toContain(
      'There is no verified pact between version 2 of Web and the version of Orders currently in production (o1)',
    );
    expect(r.body.notices.map((n) => n.type)).toContain('error');
  });

  it('a failed verification between two specified versions is false', async () => {
    const r = await matrix(
      b.url,
      'q[][pacticipant]=Web&q[][version]=2&q[][pacticipant]=Orders&q[][version]=o2&latestby=cvpv',
    );
    expect(r.body.summary).toMatchObject({ deployable: false, failed: 1, success: 0 });
    expect(r.body.summary.reason).toContain(
      'The verification for the pact between version 2 of Web and version o2 of Orders failed',
    );
    expect(r.body.matrix).toHaveLength(1);
  });

  it('a provider checks only the consumers present in the environment', async () => {
    const r = await api(b.url, 'GET', '/can-i-deploy?pacticipant=Orders&version=o2&environment=production');
    expect(r.body.summary).toMatchObject({ deployable: true, success: 1 });
    expect(r.body.matrix[0].consumer.version.number).toBe('1');
  });

  it('ignored pacticipants are listed but not counted', async () => {
    const r = await api(
      b.url,
      'GET',
      '/can-i-deploy?pacticipant=Web&version=2&environment=production&ignore[]=Orders',
    );
    expect(r.body.summary).toMatchObject({ deployable: true, ignored: 1, success: 1, unknown: 0 });
    expect(r.body.matrix.find((m: { ignored?: boolean }) => m.ignored)?.provider.name).toBe('Orders');
    const byVersion = await matrix(
      b.url,
      'q[][pacticipant]=Web&q[][version]=2&latestby=cvpv&environment=production&ignore[][pacticipant]=Orders&ignore[][version]=o1&ignore[][pacticipant]=Nope',
    );
    expect(byVersion.body.summary.deployable).toBe(true);
    expect(byVersion.body.summary.reason).toContain('WARN: Cannot ignore any version of Nope');
  });

  it('a version that does not exist is false; bad queries are 400 with a list of errors', async () => {
    const missing = await matrix(
      b.url,
      'q[][pacticipant]=Web&q[][version]=9&latestby=cvpv&environment=production',
    );
    expect(missing.body.summary.deployable).toBe(false);
    expect(missing.body.summary.reason).toContain(
      'No pacts or verifications have been published for version 9 of Web',
    );
    const unknown = await matrix(b.url, 'q[][pacticipant]=Nope&q[][version]=1');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual(['Pacticipant Nope not found']);
    expect(
      (await matrix(b.url, 'q[][pacticipant]=Web&q[][version]=1&latest=true&environment=production')).status,
    ).toBe(400);
    expect((await matrix(b.url, 'q[][pacticipant]=Web&q[][version]=1&environment=mars')).body.errors).toEqual(
      ["Environment with name 'mars' does not exist"],
    );
    expect((await matrix(b.url, 'q[][pacticipant]=Web&q[][version]=1&q[][latest]=true')).status).toBe(400);
    expect((await api(b.url, 'GET', '/can-i-deploy?pacticipant=Web')).status).toBe(400);
  });

  it('supports the older pacticipant[]/version[] form', async () => {
    const r = await matrix(b.url, 'pacticipant[]=Web&version[]=1&pacticipant[]=Orders&version[]=o1');
    expect(r.body.summary.deployable).toBe(true);
    expect(r.body.matrix).toHaveLength(1);
  });

  it('resolves branch, main-branch, tag and latest selectors', async () => {
    const latestMain = await matrix(
      b.url,
      'q[][pacticipant]=Web&q[][branch]=main&q[][latest]=true&latestby=cvp&latest=true',
    );
    // The latest Orders overall is o2 (feature branch), which failed Web 2's pact.
    expect(latestMain.body.summary.deployable).toBe(false);
    expect(latestMain.body.matrix.every((m) => m.consumer.version.number === '2')).toBe(true);

    const merge = await matrix(b.url, 'q[][pacticipant]=Web&q[][version]=2&latestby=cvpv&mainBranch=true');
    expect(merge.body.summary).toMatchObject({ deployable: null, success: 1, unknown: 1 });
    expect(merge.body.summary.reason).toContain('the latest version of Orders from the main branch (o1)');

    const mainSel = await matrix(
      b.url,
      'q[][pacticipant]=Web&q[][mainBranch]=true&q[][pacticipant]=Billing&q[][version]=b1&latestby=cvpv',
    );
    expect(mainSel.body.summary.deployable).toBe(true);

    await api(b.url, 'PUT', '/pacticipants/Orders/versions/o1/tags/prod', {});
    const tagged = await api(b.url, 'GET', '/can-i-deploy?pacticipant=Web&version=1&to=prod');
    // Billing has no version tagged prod: the required integration is unknown.
    expect(tagged.body.summary).toMatchObject({ deployable: null, success: 1, unknown: 1 });
    expect(tagged.body.summary.reason).toContain(
      'the latest version of Billing with tag prod (no such version exists)',
    );
    await api(b.url, 'PUT', '/pacticipants/Billing/versions/b1/tags/prod', {});
    const both = await matrix(
      b.url,
      'q[][pacticipant]=Web&q[][latest]=true&q[][tag]=prod&latestby=cvp&latest=true&tag=prod',
    );
    // Web itself has no prod version yet: a specified version that does not exist is false.
    expect(both.body.summary).toMatchObject({ deployable: false });
    expect(both.body.summary.reason).toContain('No version with tag prod exists for Web');
    await api(b.url, 'PUT', '/pacticipants/Web/versions/1/tags/prod', {});
    const webProd = await matrix(
      b.url,
      'q[][pacticipant]=Web&q[][latest]=true&q[][tag]=prod&latestby=cvp&latest=true&tag=prod',
    );
    expect(webProd.body.summary).toMatchObject({ deployable: true, success: 2 });
    const tagRow = webProd.body.matrix[0] as unknown as {
      consumer: { version: { tags: Array<{ name: string; latest: boolean }> } };
    };
    expect(tagRow.consumer.version.tags).toEqual([expect.objectContaining({ name: 'prod', latest: true })]);
    expect(
      (await api(b.url, 'GET', '/pacticipants/Web/latest-version/prod/can-i-deploy/to/prod')).body.summary
        .deployable,
    ).toBe(true);
  });

  it('environment, enumerated branch and tag selectors name the same rows as their versions by number', async () => {
    const rowsOf = async (q: string) =>
      (await matrix(b.url, q)).body.matrix.map((m) => [
        m.consumer.version.number,
        m.provider.name,
        m.provider.version?.number ?? null,
        m.verificationResult?.success ?? null,
      ]);
    const sameRows = async (bySelector: string, byNumber: string) => {
      const rows = await rowsOf(bySelector);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows).toEqual(await rowsOf(byNumber));
    };
    // Web 1 and Orders o1 are in production; Web 1 and 2 are on main; o2 alone is on feat.
    await sameRows(
      'q[][pacticipant]=Web&q[][environment]=production&q[][pacticipant]=Orders&q[][environment]=production',
      'q[][pacticipant]=Web&q[][version]=1&q[][pacticipant]=Orders&q[][version]=o1',
    );
    await sameRows(
      'q[][pacticipant]=Web&q[][mainBranch]=true&q[][latest]=false&q[][pacticipant]=Orders&q[][branch]=feat',
      'q[][pacticipant]=Web&q[][version]=1&q[][pacticipant]=Web&q[][version]=2&q[][pacticipant]=Orders&q[][version]=o2',
    );
    await sameRows(
      'q[][pacticipant]=Web&q[][branch]=main&q[][pacticipant]=Billing&q[][tag]=prod',
      'q[][pacticipant]=Web&q[][version]=1&q[][pacticipant]=Web&q[][version]=2&q[][pacticipant]=Billing&q[][version]=b1',
    );
    // The same selectors as the target of the other side: Orders' versions in production, on its main branch.
    await sameRows(
      'q[][pacticipant]=Web&q[][branch]=main&environment=production',
      'q[][pacticipant]=Web&q[][version]=1&q[][pacticipant]=Web&q[][version]=2&q[][pacticipant]=Orders&q[][version]=o1&q[][pacticipant]=Billing&q[][version]=b1',
    );
  });

  it('browses the history of an integration, newest first, with a limit', async () => {
    const all = await matrix(b.url, 'q[][pacticipant]=Web&q[][pacticipant]=Orders');
    expect(
      all.body.matrix.map((m) => [
        m.consumer.version.number,
        m.provider.version?.number,
        m.verificationResult?.success,
      ]),
    ).toEqual([
      ['2', 'o2', false],
      ['1', 'o2', true],
      ['1', 'o1', true],
    ]);
    expect(
      (await matrix(b.url, 'q[][pacticipant]=Web&q[][pacticipant]=Orders&limit=1')).body.matrix,
    ).toHaveLength(1);
    const one = await matrix(b.url, 'q[][pacticipant]=Web');
    expect(one.body.matrix.length).toBe(5);
    const text = await fetch(`${b.url}/matrix?q[][pacticipant]=Web&q[][pacticipant]=Orders`, {
      headers: { Accept: 'text/plain' },
    });
    expect(await text.text()).toMatch(/CONSUMER\s+\|.*\n.*\nWeb\s+\| 2/);
  });

  it('redirects can-i-deploy and can-i-merge badges to shields.io with the official texts', async () => {
    const badge = async (p: string) => {
      const r = await fetch(`${b.url}${p}`, { redirect: 'manual' });
      return { status: r.status, location: r.headers.get('location') };
    };
    expect(
      await badge(
        '/pacticipants/Web/branches/main/latest-version/can-i-deploy/to-environment/production/badge',
      ),
    ).toEqual({
      status: 307,
      location: 'https://img.shields.io/badge/can--i--deploy-main%20to%20production-red.svg',
    });
    expect((await badge('/pacticipants/Web/latest-version/prod/can-i-deploy/to/prod/badge')).location).toBe(
      'https://img.shields.io/badge/can--i--deploy-prod%20to%20prod-brightgreen.svg',
    );
    expect((await badge('/pacticipants/Nope/main-branch/can-i-merge/badge')).location).toBe(
      'https://img.shields.io/badge/pacticipant-not%20found-lightgrey.svg',
    );
  });

  it('answers the branch/environment shortcut', async () => {
    const r = await api(
      b.url,
      'GET',
      '/pacticipants/Web/branches/main/latest-version/can-i-deploy/to-environment/production',
    );
    expect(r.status).toBe(200);
    expect(r.body.summary.deployable).toBe(null);
    expect(
      r.body.matrix.some(
        (m: { consumer: { version: { number: string } } }) => m.consumer.version.number === '2',
      ),
    ).toBe(true);
  });

  it('the CLI exits 0 when deployable and 1 with the reason when not', async () => {
    const ok = await cli([
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '1',
      '--to-environment',
      'production',
      ...url,
    ]);
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    expect(ok.stdout).toContain('Computer says yes');
    const no = await cli([
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '2',
      '--to-environment',
      'production',
      ...url,
    ]);
    expect(no.code).toBe(1);
    expect(no.stdout + no.stderr).toContain('There is no verified pact between version 2 of Web');
    const pair = await cli([
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '2',
      '--pacticipant',
      'Orders',
      '--version',
      'o2',
      ...url,
    ]);
    expect(pair.code).toBe(1);
    expect(pair.stdout + pair.stderr).toContain('failed');
    const ignored = await cli([
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '2',
      '--to-environment',
      'production',
      '--ignore',
      'Orders',
      ...url,
    ]);
    expect(ignored.code, ignored.stdout + ignored.stderr).toBe(0);
    const json = await cli([
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '1',
      '--to-environment',
      'production',
      '--output',
      'json',
      ...url,
    ]);
    expect(JSON.parse(json.stdout).summary.deployable).toBe(true);
  });

  it('can-i-merge and --retry-while-unknown wait for the missing verification', async () => {
    const merge = await cli(['can-i-merge', '--pacticipant', 'Web', '--version', '2', ...url]);
    expect(merge.code, merge.stdout + merge.stderr).toBe(1);
    const waiting = cli([
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '2',
      '--to-environment',
      'production',
      '--retry-while-unknown',
      '30',
      '--retry-interval',
      '1',
      ...url,
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    await verify(b.url, 'Web', '2', 'Orders', 'o1', true);
    const done = await waiting;
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(done.stdout).toContain('Computer says yes');
    const merged = await cli(['can-i-merge', '--pacticipant', 'Web', '--version', '2', ...url]);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
  });
});
