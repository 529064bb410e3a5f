// Durability of webhook delivery with real broker processes: nothing is lost when a broker is killed (kill -9)
// after the commit and before or during delivery, and on PostgreSQL several brokers share the outbox without
// delivering anything twice.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildBroker, startChildBroker } from './support/childBroker.js';
import { api } from './support/clients.js';
import { type Receiver, startReceiver, until } from './support/receiver.js';
import { publishPact } from './support/scenario.js';
import { createTestDatabase, storage } from './support/startBroker.js';

const webhookEnv = {
  PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1',
  PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http',
  PACT_BROKER_WEBHOOK_POLL_MS: '50',
  PACT_BROKER_WEBHOOK_BACKOFF_MS: '50',
  PACT_BROKER_WEBHOOK_TIMEOUT_MS: '500',
  PACT_BROKER_WEBHOOK_LEASE_MS: '1500',
};

describe(`webhook delivery survives broker crashes (${storage})`, () => {
  let rx: Receiver;
  let storageArgs: string[];
  let cleanup: () => Promise<void>;
  const children: ChildBroker[] = [];
  let running: ChildBroker | undefined;
  const start = async (env: Record<string, string> = {}) => {
    const c = await startChildBroker(storageArgs, { ...webhookEnv, ...env });
    children.push(c);
    return c;
  };
  const statusOf = async (url: string, uuid: string) =>
    (
      (await api(url, 'GET', `/webhooks/${uuid}/triggered-webhooks`)).body._embedded
        .triggeredWebhooks as Array<{ deliveryStatus: string }>
    ).map((d) => d.deliveryStatus);

  beforeAll(async () => {
    rx = await startReceiver();
    if (storage === 'postgres') {
      const db = await createTestDatabase();
      storageArgs = ['--database-url', db.url];
      cleanup = db.drop;
    } else {
      const dir = await mkdtemp(join(tmpdir(), 'accord-durability-'));
      storageArgs = ['--data-dir', dir];
      cleanup = () => rm(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => {
    for (const c of children)
      if (c.process.exitCode === null && c.process.signalCode === null) await c.kill();
    await rx?.close();
    await cleanup?.();
  });

  it('a delivery committed but not yet sent is delivered by the next broker after kill -9', async () => {
    // The first broker has no relay, so the outbox row is committed and nothing is sent before the kill.
    const a = await start({ PACT_BROKER_WEBHOOK_RELAY: 'false' });
    const hook = await api(a.url, 'POST', '/webhooks', {
      events: [{ name: 'contract_published' }],
      request: {
        method: 'POST',
        url: `${rx.url}/queued`,
        body: { v: '${pactbroker.consumerVersionNumber}' },
      },
    });
    expect(hook.status).toBe(201);
    await publishPact(a.url, 'Web', '1', 'Orders', { a: 1 });
    expect(await statusOf(a.url, hook.body.uuid)).toEqual(['pending']);
    await a.kill();
    expect(rx.requests.filter((r) => r.path === '/queued')).toHaveLength(0);

    const b = await start();
    await rx.waitFor((r) => r.some((x) => x.path === '/queued'));
    await until(async () => ((await statusOf(b.url, hook.body.uuid))[0] === 'success' ? true : undefined));
    expect(rx.requests.filter((r) => r.path === '/queued').map((r) => JSON.parse(r.body))).toEqual([
      { v: '1' },
    ]);
    await b.stop();
  });

  it('a delivery in flight when the broker is killed is sent again once its lease expires', async () => {
    rx.script('/inflight', ['hang', 200]);
    // The broker that recovered the first delivery (starting one costs seconds on PGlite).
    const a = running ?? (await start());
    const hook = await api(a.url, 'POST', '/webhooks', {
      events: [{ name: 'contract_published' }],
      request: { method: 'POST', url: `${rx.url}/inflight` },
    });
    await publishPact(a.url, 'Web', '2', 'Orders', { a: 2 });
    await rx.waitFor((r) => r.some((x) => x.path === '/inflight'));
    await a.kill();

    const b = await start();
    await until(async () => ((await statusOf(b.url, hook.body.uuid))[0] === 'success' ? true : undefined));
    // At-least-once: the receiver saw the request that never got an answer, then the one that did.
    expect(rx.requests.filter((r) => r.path === '/inflight')).toHaveLength(2);
    await b.stop();
  });

  if (storage === 'postgres') {
    it('two brokers on one PostgreSQL database share the outbox without double delivery', async () => {
      const a = await start();
      const b = await start();
      const hook = await api(a.url, 'POST', '/webhooks', {
        events: [{ name: 'contract_published' }],
        request: {
          method: 'POST',
          url: `${rx.url}/shared/\${pactbroker.consumerName}/\${pactbroker.consumerVersionNumber}`,
        },
      });
      expect(hook.status).toBe(201);
      const n = 40;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          publishPact(i % 2 ? a.url : b.url, `C${i % 4}`, `v${i}`, 'Orders', { i }),
        ),
      );
      await rx.waitFor(
        (r) => new Set(r.filter((x) => x.path.startsWith('/shared/')).map((x) => x.path)).size === n,
        30_000,
      );
      await new Promise((r) => setTimeout(r, 500));
      const paths = rx.requests.filter((x) => x.path.startsWith('/shared/')).map((x) => x.path);
      expect(paths).toHaveLength(n);
      expect(new Set(paths).size).toBe(n);
      const statuses = (await api(a.url, 'GET', `/webhooks/${hook.body.uuid}/triggered-webhooks?limit=100`))
        .body._embedded.triggeredWebhooks;
      expect(
        statuses.map((d: { deliveryStatus: string; attemptsMade: number }) => [
          d.deliveryStatus,
          d.attemptsMade,
        ]),
      ).toEqual(Array.from({ length: n }, () => ['success', 1]));
      await a.stop();
      await b.stop();
    });
  }
});
