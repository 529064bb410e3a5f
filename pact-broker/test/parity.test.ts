// End-to-end: what a team moving from the official broker relies on without changing anything, through the
// official `pact-broker` CLI where a command exists and plain HTTP otherwise — branch inference from publishing,
// provider states, duplicate names, labels and label webhooks, integrations, groups, badges, metrics, verification
// webhooks per consumer version, and the example data.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedExampleData } from '../src/seed/index.js';
import { parseWebhookConfig } from '../src/webhooks/config.js';
import { api, cli, getThing, pactDoc } from './support/clients.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import { deploy, publishPact, verify } from './support/scenario.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

/** A v3 pact with a plain provider state and one with params. */
const withStates = (consumer: string, provider: string, id = 1) => ({
  ...pactDoc(consumer, provider, [], '3.0.0'),
  interactions: [
    { ...getThing('/orders/1', { id }), providerState: 'order 1 exists' },
    { ...getThing('/orders', []), providerStates: [{ name: 'orders exist', params: { count: 2 } }] },
  ],
});

describe('official broker parity', () => {
  let b: TestBroker;
  let rx: Receiver;
  let dir: string;
  let url: string[];
  const run = (args: string[]) => cli([...args, ...url]);
  const writePact = async (name: string, doc: unknown) => {
    const d = await mkdtemp(join(dir, `${name}-`));
    await writeFile(join(d, 'pact.json'), JSON.stringify(doc));
    return d;
  };
  const location = async (path: string) => {
    const r = await fetch(`${b.url}${path}`, { redirect: 'manual' });
    return { status: r.status, location: r.headers.get('location') };
  };

  beforeAll(async () => {
    rx = await startReceiver();
    b = await startBroker({
      config: {
        webhookHostWhitelist: ['127.0.0.1'],
        webhooks: {
          ...parseWebhookConfig({}),
          schemes: ['http'],
          pollMs: 50,
          retryScheduleMs: [],
          maxAttempts: 1,
        },
      },
    });
    url = ['--broker-base-url', b.url];
    dir = await mkdtemp(join(tmpdir(), 'accord-parity-'));
  });
  afterAll(async () => {
    await b?.close();
    await rx?.close();
  });

  describe('publishing infers what the official broker infers', () => {
    it('publish --branch main sets the main branch, so mainBranch selectors and get-pacts find the pact', async () => {
      const r = await run([
        'publish',
        await writePact('web', withStates('Web', 'Orders')),
        '--consumer-app-version',
        '1',
        '--branch',
        'main',
      ]);
      expect(r.code).toBe(0);
      expect((await api(b.url, 'GET', '/pacticipants/Web')).body.mainBranch).toBe('main');
      const forVerification = await api(b.url, 'POST', '/pacts/provider/Orders/for-verification', {
        consumerVersionSelectors: [{ mainBranch: true }],
      });
      expect(
        forVerification.body._embedded.pacts.map((p: { shortDescription: string }) => p.shortDescription),
      ).toEqual(['latest from main branch']);
      const pacts = await run(['get-pacts', '--provider', 'Orders']);
      expect(pacts.code).toBe(0);
      expect(pacts.stdout).toContain('Pact between Web (1) and Orders');
      const latest = await run(['list-latest-pact-versions']);
      expect(latest.stdout).toMatch(/Web.*"1".*Orders/);
      // The official routing: the deprecated spellings answer; `…/consumer/C/branch` is no route.
      expect((await api(b.url, 'GET', '/pact/provider/Orders/consumer/Web/version/1')).status).toBe(200);
      expect((await api(b.url, 'GET', '/pacts/provider/Orders/consumer/Web/versions/1')).status).toBe(200);
      expect((await api(b.url, 'GET', '/pacts/provider/Orders/consumer/Web/branch')).status).toBe(404);
    });

    it('a publish with only a tag makes the tag the branch (not user-created) and leaves the main branch', async () => {
      const changed = withStates('Web', 'Orders', 2);
      const r = await run([
        'publish',
        await writePact('tag', changed),
        '--consumer-app-version',
        '2',
        '--tag',
        'feat-x',
      ]);
      expect(r.code).toBe(0);
      const v = await api(b.url, 'GET', '/pacticipants/Web/versions/2');
      expect(v.body._embedded.branches.map((x: { name: string }) => x.name)).toEqual(['feat-x']);
      expect((await api(b.url, 'GET', '/pacticipants/Web')).body.mainBranch).toBe('main');
      const metrics = (await api(b.url, 'GET', '/metrics')).body;
      expect(metrics.pacticipantVersions).toMatchObject({
        count: 2,
        withBranchCount: 2,
        withUserCreatedBranchCount: 1,
      });
    });

    it('create-or-update-version --branch main gives a provider its main branch too', async () => {
      const r = await run([
        'create-or-update-version',
        '--pacticipant',
        'Orders',
        '--version',
        '9',
        '--branch',
        'main',
      ]);
      expect(r.code).toBe(0);
      expect((await api(b.url, 'GET', '/pacticipants/Orders')).body.mainBranch).toBe('main');
    });

    it('create-version-tag with an environment name records a deployment there', async () => {
      const r = await run([
        'create-version-tag',
        '--pacticipant',
        'Web',
        '--version',
        '1',
        '--tag',
        'production',
      ]);
      expect(r.code).toBe(0);
      const envs = await api(b.url, 'GET', '/environments?name=production');
      const uuid = envs.body._embedded.environments[0].uuid;
      const current = await api(b.url, 'GET', `/environments/${uuid}/deployed-versions/currently-deployed`);
      expect(current.body._embedded.deployedVersions.map((d: any) => d._embedded.version.number)).toEqual([
        '1',
      ]);
      expect((await api(b.url, 'GET', '/metrics')).body.deployedVersions).toEqual({
        count: 1,
        userCreatedCount: 0,
        currentlyDeployedCount: 1,
      });
    });

    it('refuses a new name that looks like an existing one (409 with the official notice), creating nothing', async () => {
      const r = await run([
        'publish',
        await writePact('dup', pactDoc('WebService', 'Orders', [getThing('/x', 1)])),
        '--consumer-app-version',
        '1',
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toContain(
        'The name "WebService" is very similar to the following existing pacticipants',
      );
      expect((await api(b.url, 'GET', '/pacticipants/WebService')).status).toBe(404);
    });
  });

  describe('provider states', () => {
    it('lists the states of the main-branch head, a branch or an environment (provider-states list)', async () => {
      const main = await run(['provider-states', 'list', '--provider', 'Orders', '--json']);
      expect(main.code).toBe(0);
      expect(JSON.parse(main.stdout)).toEqual({
        providerStates: [
          { name: 'order 1 exists', consumers: ['Web'] },
          { name: 'orders exist', params: { count: 2 }, consumers: ['Web'] },
        ],
      });
      const branch = await run([
        'provider-states',
        'list',
        '--provider',
        'Orders',
        '--branch',
        'feat-x',
        '--json',
      ]);
      expect(JSON.parse(branch.stdout).providerStates).toHaveLength(2);
      const env = await run([
        'provider-states',
        'list',
        '--provider',
        'Orders',
        '--environment',
        'production',
      ]);
      expect(env.stdout).toContain('orders exist');
      const none = await api(b.url, 'GET', '/pacts/provider/Orders/provider-states/branch/nope');
      expect(none.body).toEqual({ providerStates: [] });
      const unknown = await run(['provider-states', 'list', '--provider', 'Nope']);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stdout + unknown.stderr).toContain('404');
    });
  });

  describe('labels, integrations and groups', () => {
    it('labels a pacticipant (201 then 200), lists by label and all labels, deletes; JSON only', async () => {
      const put = () => api(b.url, 'PUT', '/pacticipants/Web/labels/team-a', {});
      const first = await put();
      expect(first.status).toBe(201);
      expect(first.headers.get('location')).toBe(`${b.url}/pacticipants/Web/labels/team-a`);
      expect((await put()).status).toBe(200);
      expect((await api(b.url, 'PUT', '/pacticipants/Other/labels/temp', {})).status).toBe(201);
      const byLabel = await api(b.url, 'GET', '/pacticipants/label/team-a');
      expect(byLabel.body._embedded.pacticipants.map((p: { name: string }) => p.name)).toEqual(['Web']);
      expect((await api(b.url, 'GET', '/labels')).body._embedded.labels).toEqual([
        { name: 'team-a' },
        { name: 'temp' },
      ]);
      const paged = await api(b.url, 'GET', '/labels?size=1');
      expect(paged.body.page).toEqual({ number: 1, size: 1, totalElements: 2, totalPages: 2 });
      expect(paged.body._links.next.href).toBe(`${b.url}/labels?size=1&page=2`);
      expect((await api(b.url, 'GET', '/pacticipants/Web')).body._embedded.labels[0].name).toBe('team-a');
      expect((await api(b.url, 'DELETE', '/pacticipants/Other/labels/temp')).status).toBe(204);
      const plain = await fetch(`${b.url}/pacticipants/Web/labels/x`, { method: 'PUT' });
      expect(plain.status).toBe(415);
      const options = await fetch(`${b.url}/pacticipants/Web/labels/x`, { method: 'OPTIONS' });
      expect(options.headers.get('access-control-allow-methods')).toBe('GET, PUT, DELETE, OPTIONS');
    });

    it('a label-scoped webhook fires for labelled consumers only, with the labels as a template value', async () => {
      const hook = await api(b.url, 'POST', '/webhooks', {
        consumer: { label: 'team-a' },
        events: [{ name: 'contract_published' }],
        request: { method: 'POST', url: `${rx.url}/label?labels=\${pactbroker.consumerLabels}` },
      });
      expect(hook.status).toBe(201);
      await publishPact(b.url, 'Web', '3', 'Orders', { id: 3 }, { branch: 'main' });
      await publishPact(b.url, 'Mobile', '1', 'Orders', { id: 4 }, { branch: 'main' });
      await rx.waitFor((r) => r.some((x) => x.path.startsWith('/label')));
      const deliveries = await api(b.url, 'GET', `/webhooks/${hook.body.uuid}/triggered-webhooks`);
      expect(
        deliveries.body._embedded.triggeredWebhooks.map((d: { consumerName: string }) => d.consumerName),
      ).toEqual(['Web']);
      expect(rx.requests.find((x) => x.path.startsWith('/label'))!.path).toBe('/label?labels=team-a');
      await api(b.url, 'DELETE', `/webhooks/${hook.body.uuid}`);
    });

    it('lists integrations as HAL (filter, pages) and as DOT for plain curl', async () => {
      const hal = await api(b.url, 'GET', '/integrations?q=mob');
      expect(hal.body._embedded.integrations).toEqual([
        expect.objectContaining({ consumer: { name: 'Mobile' }, provider: { name: 'Orders' } }),
      ]);
      expect(hal.body._embedded.integrations[0]._links['pb:matrix'].href).toBe(
        '/matrix/provider/Orders/consumer/Mobile',
      );
      const dot = await fetch(`${b.url}/integrations`, { headers: { Accept: '*/*' } });
      expect(dot.headers.get('content-type')).toBe('text/vnd.graphviz;charset=utf-8');
      expect(await dot.text()).toMatch(
        /^digraph \{ ranksep=3;.*\n {2}Mobile -> Orders\n {2}Web -> Orders\n\}\n$/,
      );
      const matrix = await api(b.url, 'GET', '/matrix/provider/Orders/consumer/Web');
      expect(matrix.body.matrix.length).toBeGreaterThan(0);
    });

    it('serves the group as CSV (not HAL) and the network page to browsers', async () => {
      const csv = await fetch(`${b.url}/groups/Web.csv`);
      expect(csv.headers.get('content-type')).toBe('text/csv;charset=utf-8');
      const rows = (await csv.text()).trim().split('\n');
      // First seen first: Web's integration is the older one.
      expect(rows.map((r) => r.split(',')[1])).toEqual(['Web', 'Orders', 'Mobile']);
      expect((await api(b.url, 'GET', '/groups/Web')).status).toBe(406);
      const page = await fetch(`${b.url}/pacticipants/Web/network`, { headers: { Accept: 'text/html' } });
      const html = await page.text();
      expect(html).toContain('data-consumer="Web" data-provider="Orders"');
      expect(html).toContain('/groups/Web.csv?maxPacticipants=150');
    });

    it('deletes one integration (and what is left orphaned), then everything', async () => {
      expect((await api(b.url, 'DELETE', '/integrations/provider/Orders/consumer/Mobile')).status).toBe(204);
      expect((await api(b.url, 'GET', '/pacticipants/Mobile')).status).toBe(404);
      expect((await api(b.url, 'GET', '/pacts/provider/Orders/consumer/Web/latest')).status).toBe(200);
      expect((await api(b.url, 'DELETE', '/integrations/provider/Orders/consumer/Nope')).status).toBe(404);
    });
  });

  describe('badges', () => {
    it('redirects pact badges to shields.io by status, label and initials, with .svg and by tag', async () => {
      expect(await location('/pacts/provider/Orders/consumer/Web/latest/badge.svg')).toEqual({
        status: 307,
        location: 'https://img.shields.io/badge/web%2Forders%20pact-unknown-lightgrey.svg',
      });
      await verify(b.url, 'Web', '3', 'Orders', '10', true);
      expect((await location('/pacts/provider/Orders/consumer/Web/latest/badge')).location).toMatch(
        /web%2Forders%20pact-verified-brightgreen\.svg$/,
      );
      await publishPact(b.url, 'Web', '4', 'Orders', { id: 5 }, { tags: ['prod'] });
      expect(
        (await location('/pacts/provider/Orders/consumer/Web/latest/badge?label=consumer')).location,
      ).toMatch(/\/badge\/web%20pact-changed-orange\.svg$/);
      expect(
        (await location('/pacts/provider/Orders/consumer/Web/latest/prod/badge?initials=true')).location,
      ).toMatch(/\/badge\/web%2Forders%20pact-unknown-lightgrey\.svg$/);
      expect((await location('/pacts/provider/Orders/consumer/Nope/latest/badge')).location).toMatch(
        /pact%20not%20found-unknown-lightgrey\.svg$/,
      );
      expect((await api(b.url, 'GET', '/pacts/provider/Orders/consumer/Web/latest/badge')).status).toBe(406);
    });

    it('serves its own SVG when shields.io is not configured or not reachable (proxy mode offline)', async () => {
      const badges = b.broker.deps.config.settings.badges;
      const saved = { ...badges };
      try {
        Object.assign(badges, { providerMode: 'proxy', shieldsIoBaseUrl: 'http://127.0.0.1:9' });
        const proxied = await fetch(`${b.url}/pacts/provider/Orders/consumer/Web/branch/main/latest/badge`);
        expect(proxied.status).toBe(200);
        const svg = await proxied.text();
        expect(svg).toMatch(/^<!-- Web version 3 revision 1 Orders version 10 number 1 -->\n<svg /);
        expect(svg).toContain('pact: verified');
        Object.assign(badges, { shieldsIoBaseUrl: null });
        const merge = await fetch(`${b.url}/pacticipants/Web/main-branch/can-i-merge/badge`);
        expect(merge.headers.get('content-type')).toBe('image/svg+xml;charset=utf-8');
        expect(await merge.text()).toMatch(/can-i-merge: (success|failed|unknown)/);
      } finally {
        Object.assign(badges, saved);
      }
    });
  });

  it('answers /metrics with the official keys in the official order', async () => {
    const m = (await api(b.url, 'GET', '/metrics')).body;
    expect(Object.keys(m)).toEqual([
      'interactions',
      'pacticipants',
      'integrations',
      'pactPublications',
      'pactVersions',
      'pactRevisionsPerConsumerVersion',
      'verificationResults',
      'verificationResultsPerPactVersion',
      'pacticipantVersions',
      'webhooks',
      'tags',
      'triggeredWebhooks',
      'webhookExecutions',
      'matrix',
      'environments',
      'deployedVersions',
      'releasedVersions',
    ]);
    expect(m.matrix).toEqual({ count: -1 });
    expect(m.pactPublications.first).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('fires verification webhooks once per consumer version the verified content was selected for', async () => {
    // Versions 5 (main head) and 6 (deployed to test) publish the same content.
    await publishPact(b.url, 'Shop', '5', 'Stock', { n: 1 }, { branch: 'main' });
    await publishPact(b.url, 'Shop', '6', 'Stock', { n: 1 }, { branch: 'release' });
    await deploy(b.url, 'Shop', '6', 'test');
    await api(b.url, 'POST', '/webhooks', {
      provider: { name: 'Stock' },
      events: [{ name: 'provider_verification_published' }],
      request: { method: 'POST', url: `${rx.url}/verified/\${pactbroker.consumerVersionNumber}` },
    });
    const fv = await api(b.url, 'POST', '/pacts/provider/Stock/for-verification', {
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
    });
    expect(fv.body._embedded.pacts).toHaveLength(1);
    const href = `${fv.body._embedded.pacts[0]._links.self.href}/verification-results`;
    const res = await fetch(href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ success: true, providerApplicationVersion: '1' }),
    });
    expect(res.status).toBe(201);
    await rx.waitFor((r) => r.filter((x) => x.path.startsWith('/verified/')).length === 2);
    expect(
      rx.requests
        .filter((x) => x.path.startsWith('/verified/'))
        .map((x) => x.path)
        .sort(),
    ).toEqual(['/verified/5', '/verified/6']);
  });

  it('seeds the example data once into an empty database', async () => {
    expect((await api(b.url, 'DELETE', '/integrations')).status).toBe(204);
    expect((await api(b.url, 'GET', '/pacticipants')).body._embedded.pacticipants).toEqual([]);
    expect(await seedExampleData(b.broker.db)).toBe(true);
    const names = (await api(b.url, 'GET', '/pacticipants')).body._embedded.pacticipants.map(
      (p: any) => p.name,
    );
    expect(names).toEqual(['Example API', 'Example App']);
    const states = await api(b.url, 'GET', '/pacts/provider/Example%20API/provider-states');
    expect(states.body.providerStates.map((s: { name: string }) => s.name)).toEqual([
      'product with ID 10 exists',
      'product with ID 11 does not exist',
      'products exist',
    ]);
    expect(
      (await location('/pacts/provider/Example%20API/consumer/Example%20App/latest/badge')).location,
    ).toMatch(/verified-brightgreen/);
    await api(b.url, 'DELETE', '/integrations');
    expect(await seedExampleData(b.broker.db)).toBe(false);
    expect((await api(b.url, 'GET', '/pacticipants')).body._embedded.pacticipants).toEqual([]);
  });
});
