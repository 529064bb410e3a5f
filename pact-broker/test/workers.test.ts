// Scale-out on PostgreSQL with real processes: `accord-broker --workers 2` and a second, separate broker on the
// same database serve a mixed load without an error, every acknowledged write is readable from each of them at
// once, and a webhook fires exactly once per publish whichever process took it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildBroker, startChildBroker } from './support/childBroker.js';
import { api } from './support/clients.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import { publishPact, verify } from './support/scenario.js';
import { createTestDatabase, storage } from './support/startBroker.js';

const webhookEnv = {
  PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1',
  PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http',
  PACT_BROKER_WEBHOOK_POLL_MS: '50',
};

if (storage === 'postgres') {
  describe('several broker processes on one PostgreSQL database', () => {
    let rx: Receiver;
    let drop: () => Promise<void>;
    let workers: ChildBroker;
    let single: ChildBroker;
    beforeAll(async () => {
      rx = await startReceiver();
      const db = await createTestDatabase();
      drop = db.drop;
      [workers, single] = await Promise.all([
        startChildBroker(['--database-url', db.url, '--workers', '2'], webhookEnv),
        startChildBroker(['--database-url', db.url], webhookEnv),
      ]);
    });
    afterAll(async () => {
      for (const c of [workers, single])
        if (c && c.process.exitCode === null && c.process.signalCode === null) await c.kill();
      await rx?.close();
      await drop?.();
    });

    it('serves a mixed load with no errors, each write readable everywhere, each webhook delivered once', async () => {
      const hook = await api(workers.url, 'POST', '/webhooks', {
        events: [{ name: 'contract_published' }],
        request: {
          method: 'POST',
          url: `${rx.url}/published`,
          body: { v: '${pactbroker.consumerVersionNumber}' },
        },
      });
      expect(hook.status).toBe(201);
      const brokers = [workers.url, single.url];
      const versions: string[] = [];
      await Promise.all(
        Array.from({ length: 6 }, async (_, client) => {
          for (let step = 0; step < 8; step++) {
            const writer = brokers[(client + step) % 2]!;
            const version = `1.${client}.${step}`;
            versions.push(version);
            await publishPact(writer, `Web${client % 3}`, version, 'Orders', { client, step });
            // Acknowledged means committed: every process reads it at once.
            for (const reader of brokers) {
              const read = await api(
                reader,
                'GET',
                `/pacts/provider/Orders/consumer/Web${client % 3}/version/${version}`,
              );
              expect(read.status).toBe(200);
            }
            const other = brokers[(client + step + 1) % 2]!;
            await verify(other, `Web${client % 3}`, version, 'Orders', `9.${client}.${step}`, true);
            const matrix = await api(
              writer,
              'GET',
              `/can-i-deploy?pacticipant=Web${client % 3}&version=${version}&to=prod`,
            );
            expect(matrix.status).toBe(200);
          }
        }),
      );
      await rx.waitFor((r) => r.filter((x) => x.path === '/published').length >= versions.length, 20_000);
      // Long enough for a second delivery of any of them to arrive, were one going to.
      await new Promise((r) => setTimeout(r, 500));
      const delivered = rx.requests
        .filter((x) => x.path === '/published')
        .map((x) => (JSON.parse(x.body) as { v: string }).v);
      expect(delivered.sort()).toEqual([...versions].sort());
    });

    it('stops every worker on SIGTERM', async () => {
      await workers.stop();
      expect(await workers.exited).toEqual({ code: 0, signal: null });
      expect(workers.output()).toContain('accord-broker stopped');
      // The other process still answers: nothing it needs went away with them.
      expect((await api(single.url, 'GET', '/pacticipants/Web0')).status).toBe(200);
    });
  });
} else {
  describe('--workers on PGlite', () => {
    it('is refused at start (a data folder belongs to one process), exit code 2', async () => {
      await expect(startChildBroker(['--workers', '2'])).rejects.toThrow(
        /exited with 2[\s\S]*needs PostgreSQL/,
      );
    });
  });
}
