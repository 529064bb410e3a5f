// End-to-end: webhook CRUD, events, templates, reliable delivery (once, retried on 500, dead after the limit),
// test-webhook, logs over the API and the SSRF allow-list, against a local HTTP receiver.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebhookConfig } from '../src/webhooks/config.js';
import { api, cli } from './support/clients.js';
import { type Receiver, startReceiver, until } from './support/receiver.js';
import { deploy, publishPact, verify } from './support/scenario.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

interface Delivery {
  uuid: string;
  eventName: string;
  status: string;
  deliveryStatus: string;
  attemptsMade: number;
  lastError: string | null;
  _links: { 'pb:logs': { href: string } };
}

describe('webhooks', () => {
  let b: TestBroker;
  let rx: Receiver;
  let url: string[];
  const hook = (path: string, events: string[], extra: Record<string, unknown> = {}) => ({
    description: `hook ${path}`,
    events: events.map((name) => ({ name })),
    request: {
      method: 'POST',
      url: `${rx.url}${path}?consumer=\${pactbroker.consumerName}`,
      headers: { 'Content-Type': 'application/json', 'X-Token': 'secret' },
      body: {
        event: '${pactbroker.eventName}',
        pactUrl: '${pactbroker.pactUrl}',
        consumer: '${pactbroker.consumerName}',
        version: '${pactbroker.consumerVersionNumber}',
        providerVersion: '${pactbroker.providerVersionNumber}',
        status: '${pactbroker.githubVerificationStatus}',
        descriptions: '${pactbroker.providerVersionDescriptions}',
      },
    },
    ...extra,
  });
  const deliveries = async (uuid: string): Promise<Delivery[]> =>
    (await api(b.url, 'GET', `/webhooks/${uuid}/triggered-webhooks`)).body._embedded.triggeredWebhooks;
  const bodies = (path: string) =>
    rx.requests.filter((r) => r.path.startsWith(path)).map((r) => JSON.parse(r.body));

  beforeAll(async () => {
    rx = await startReceiver();
    // Port 0 and no base URL: the pactUrl fetched below proves webhook links carry the port really bound.
    b = await startBroker({
      config: {
        port: 0,
        webhookHostWhitelist: ['127.0.0.1'],
        webhooks: {
          ...parseWebhookConfig({}),
          schemes: ['http', 'https'],
          methods: ['POST', 'PUT'],
          maxAttempts: 3,
          backoffMs: 20,
          backoffMaxMs: 80,
          pollMs: 50,
          timeoutMs: 2000,
          leaseMs: 5000,
        },
      },
    });
    url = ['--broker-base-url', b.url];
    await api(b.url, 'PATCH', '/pacticipants/Orders', { mainBranch: 'main' });
    await api(b.url, 'PATCH', '/pacticipants/Web', { mainBranch: 'main' });
  });
  afterAll(async () => {
    await b?.close();
    await rx?.close();
  });

  it('creates, reads (secrets redacted), replaces and deletes webhooks; validates them', async () => {
    const created = await api(b.url, 'POST', '/webhooks', {
      ...hook('/crud', ['contract_published']),
      request: { ...hook('/crud', []).request, username: 'u', password: 'p' },
    });
    expect(created.status).toBe(201);
    expect(created.body.request.password).toBe('**********');
    expect(created.body.request.headers['X-Token']).toBe('**********');
    expect(created.body.events).toEqual([{ name: 'contract_published' }]);
    const uuid = created.body.uuid as string;
    expect((await api(b.url, 'GET', '/webhooks')).body._links['pb:webhooks']).toHaveLength(1);

    const id = 'my-webhook-uuid-0001';
    const put1 = await api(
      b.url,
      'PUT',
      `/webhooks/${id}`,
      hook('/crud', ['contract_content_changed'], { enabled: false }),
    );
    expect(put1.status).toBe(201);
    const put2 = await api(b.url, 'PUT', `/webhooks/${id}`, hook('/crud', ['provider_verification_failed']));
    expect(put2.status).toBe(200);
    expect(put2.body.events).toEqual([{ name: 'provider_verification_failed' }]);
    expect((await api(b.url, 'PUT', '/webhooks/short', hook('/crud', []))).status).toBe(400);

    const bad = await api(b.url, 'POST', '/webhooks', {
      events: [{ name: 'nope' }],
      request: { method: 'DELETE', url: 'ftp://x' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['events[0].name', 'request.url']);
    const ssrf = await api(b.url, 'POST', '/webhooks', {
      request: { method: 'POST', url: 'http://localhost:9/x' },
    });
    expect(ssrf.body.errors['request.url'][0]).toContain('allow-list');
    const meta = await api(b.url, 'POST', '/webhooks', {
      request: { method: 'POST', url: 'http://169.254.169.254/latest' },
    });
    expect(meta.status).toBe(400);
    expect((await api(b.url, 'POST', '/webhooks/provider/Nope', hook('/x', []))).status).toBe(404);
    const unknownParty = await api(b.url, 'POST', '/webhooks', {
      ...hook('/x', []),
      consumer: { name: 'Nope' },
    });
    expect(unknownParty.body.errors['consumer.name']).toEqual(["No pacticipant with name 'Nope' found"]);

    expect((await api(b.url, 'DELETE', `/webhooks/${uuid}`)).status).toBe(204);
    expect((await api(b.url, 'DELETE', `/webhooks/${id}`)).status).toBe(204);
    expect((await api(b.url, 'GET', `/webhooks/${uuid}`)).status).toBe(404);
  });

  it('delivers a contract_content_changed webhook exactly once, with the template rendered', async () => {
    const created = await api(
      b.url,
      'POST',
      '/webhooks/provider/Orders',
      hook('/changed', ['contract_content_changed']),
    );
    expect(created.status).toBe(201);
    expect(created.body.provider).toEqual({ name: 'Orders' });
    await publishPact(b.url, 'Web', '1', 'Orders', { a: 1 }, { branch: 'main' });
    await publishPact(b.url, 'Web', '1', 'Billing', { a: 1 }, { branch: 'main' });
    await rx.waitFor((r) => r.some((x) => x.path.startsWith('/changed')));
    const [d] = await until(async () => {
      const list = await deliveries(created.body.uuid);
      return list[0]?.deliveryStatus === 'success' ? list : undefined;
    });
    await new Promise((r) => setTimeout(r, 300));
    const got = rx.requests.filter((r) => r.path.startsWith('/changed'));
    expect(got).toHaveLength(1);
    expect(got[0]!.path).toBe('/changed?consumer=Web');
    expect(got[0]!.headers['x-token']).toBe('secret');
    const body = JSON.parse(got[0]!.body);
    expect(body).toMatchObject({
      event: 'contract_content_changed',
      consumer: 'Web',
      version: '1',
      status: 'pending',
    });
    const pact = await fetch(body.pactUrl);
    expect(pact.status).toBe(200);
    expect(((await pact.json()) as { consumer: { name: string } }).consumer.name).toBe('Web');
    expect(d).toMatchObject({ eventName: 'contract_content_changed', attemptsMade: 1, status: 'success' });
    const logs = await fetch(d!._links['pb:logs'].href);
    const text = await logs.text();
    expect(text).toContain('POST http://127.0.0.1');
    expect(text).toContain('200');
    expect(text).toContain('X-Token: **********');

    // The pact's pb:triggered-webhooks link lists the delivery.
    const pactRes = await api(b.url, 'GET', '/pacts/provider/Orders/consumer/Web/version/1');
    const viaPact = await fetch(pactRes.body._links['pb:triggered-webhooks'].href, {
      headers: { Accept: 'application/hal+json' },
    });
    expect(
      (
        (await viaPact.json()) as { _embedded: { triggeredWebhooks: Delivery[] } }
      )._embedded.triggeredWebhooks.map((x) => x.uuid),
    ).toContain(d!.uuid);

    // Republishing the same content is not a content change.
    await publishPact(b.url, 'Web', '1', 'Orders', { a: 1 }, { branch: 'main' });
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.requests.filter((r) => r.path.startsWith('/changed'))).toHaveLength(1);
  });

  it('retries on 500 with backoff until it succeeds', async () => {
    rx.script('/flaky', [500, 500, 200]);
    const created = await api(
      b.url,
      'POST',
      '/webhooks',
      hook('/flaky', ['provider_verification_published']),
    );
    await verify(b.url, 'Web', '1', 'Orders', 'o1', true, { branch: 'main' });
    const [d] = await until(async () => {
      const list = await deliveries(created.body.uuid);
      return list[0]?.deliveryStatus === 'success' ? list : undefined;
    });
    expect(d!.attemptsMade).toBe(3);
    expect(rx.requests.filter((r) => r.path.startsWith('/flaky'))).toHaveLength(3);
    const verification = (
      await api(b.url, 'GET', '/pacts/provider/Orders/consumer/Web/latest/verification-results/latest')
    ).body;
    const viaVerification = await fetch(verification._links['pb:triggered-webhooks'].href, {
      headers: { Accept: 'application/hal+json' },
    });
    expect(
      (
        (await viaVerification.json()) as { _embedded: { triggeredWebhooks: Delivery[] } }
      )._embedded.triggeredWebhooks.map((x) => x.uuid),
    ).toEqual([d!.uuid]);
    const detail = await api(b.url, 'GET', `/triggered-webhooks/${d!.uuid}`);
    expect(detail.body.executions.map((e: { status: number }) => e.status)).toEqual([500, 500, 200]);
    expect(bodies('/flaky')[2]).toMatchObject({ providerVersion: 'o1', status: 'success' });
  });

  it('marks a delivery dead after the try limit, with the last error, and can re-queue it', async () => {
    rx.script('/down', [503]);
    const created = await api(b.url, 'POST', '/webhooks', hook('/down', ['provider_verification_failed']));
    await verify(b.url, 'Web', '1', 'Orders', 'o2', false);
    const [d] = await until(async () => {
      const list = await deliveries(created.body.uuid);
      return list[0]?.deliveryStatus === 'dead' ? list : undefined;
    });
    expect(d).toMatchObject({ status: 'failure', attemptsMade: 3, lastError: 'HTTP 503' });
    expect(rx.requests.filter((r) => r.path.startsWith('/down'))).toHaveLength(3);
    expect(bodies('/down')[0]).toMatchObject({ status: 'failure', event: 'provider_verification_failed' });
    const dead = await api(b.url, 'GET', '/triggered-webhooks?status=dead');
    expect(dead.body._embedded.triggeredWebhooks.map((x: Delivery) => x.uuid)).toContain(d!.uuid);
    // The successful o1 verification earlier did not fire this failure-only webhook.
    expect(bodies('/down').every((x) => x.providerVersion === 'o2')).toBe(true);

    rx.script('/down', [200]);
    const retried = await api(b.url, 'POST', `/triggered-webhooks/${d!.uuid}/retry`);
    expect(retried.status).toBe(200);
    await until(async () =>
      (await deliveries(created.body.uuid))[0]?.deliveryStatus === 'success' ? true : undefined,
    );
  });

  it('fires contract_requiring_verification_published for the main-branch head and deployed provider versions', async () => {
    const created = await api(
      b.url,
      'POST',
      '/webhooks',
      hook('/requiring', ['contract_requiring_verification_published']),
    );
    await deploy(b.url, 'Orders', 'o2', 'production');
    await publishPact(b.url, 'Web', '2', 'Orders', { a: 2 }, { branch: 'main' });
    await until(async () =>
      (await deliveries(created.body.uuid)).filter((d) => d.deliveryStatus === 'success').length === 2
        ? true
        : undefined,
    );
    const got = bodies('/requiring')
      .map((x) => [x.providerVersion, x.descriptions])
      .sort();
    expect(got).toEqual([
      ['o1', 'latest version from main branch'],
      ['o2', 'deployed to production'],
    ]);
  });

  it('test-webhook (API and CLI) runs the request now and reports the result', async () => {
    const created = await api(
      b.url,
      'POST',
      '/webhooks/provider/Orders/consumer/Web',
      hook('/test', ['contract_published']),
    );
    const r = await api(b.url, 'POST', `/webhooks/${created.body.uuid}/execute`);
    expect(r.status).toBe(200);
    expect(r.body.success).toBe(true);
    expect(r.body.response.status).toBe(200);
    expect(r.body.request.headers['X-Token']).toBe('**********');
    expect(JSON.parse(r.body.request.body)).toMatchObject({ consumer: 'Web', version: '2' });
    const viaCli = await cli(['test-webhook', '--uuid', created.body.uuid, ...url]);
    expect(viaCli.code, viaCli.stdout + viaCli.stderr).toBe(0);
    expect(rx.requests.filter((x) => x.path.startsWith('/test'))).toHaveLength(2);
  });

  it('create-webhook and create-or-update-webhook with the CLI', async () => {
    const created = await cli([
      'create-webhook',
      `${rx.url}/cli`,
      '--request',
      'POST',
      '--header',
      'Content-Type: application/json',
      '--data',
      '{"who":"${pactbroker.consumerName}"}',
      '--provider',
      'Orders',
      '--description',
      'from the cli',
      '--contract-content-changed',
      ...url,
    ]);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const list = (await api(b.url, 'GET', '/webhooks/provider/Orders')).body._embedded.webhooks as Array<{
      description: string;
      request: { body: unknown };
    }>;
    const mine = list.find((w) => w.description === 'from the cli');
    expect(mine?.request.body).toEqual({ who: '${pactbroker.consumerName}' });
    const upsert = await cli([
      'create-or-update-webhook',
      `${rx.url}/cli2`,
      '--uuid',
      'cli-webhook-uuid-00001',
      '--request',
      'POST',
      '--provider-verification-succeeded',
      '--description',
      'upserted',
      ...url,
    ]);
    expect(upsert.code, upsert.stdout + upsert.stderr).toBe(0);
    expect((await api(b.url, 'GET', '/webhooks/cli-webhook-uuid-00001')).body.events).toEqual([
      { name: 'provider_verification_succeeded' },
    ]);
  });
});
