// Nothing is lost: a publish killed with SIGKILL leaves all or nothing, SIGTERM shuts down cleanly, and concurrent
// publishes and verifications of one integration all land.

import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startChildBroker } from './support/childBroker.js';
import { api, getThing, pactDoc, publish } from './support/clients.js';
import { createTestDatabase, startBroker, storage } from './support/startBroker.js';

const PROVIDERS = 12;

function bigPublish(version: string) {
  return {
    pacticipantName: 'Crash',
    pacticipantVersionNumber: version,
    branch: 'main',
    tags: ['t1', 't2'],
    contracts: Array.from({ length: PROVIDERS }, (_, p) => ({
      consumerName: 'Crash',
      providerName: `Provider-${p}`,
      specification: 'pact',
      contentType: 'application/json',
      content: Buffer.from(
        JSON.stringify(
          pactDoc(
            'Crash',
            `Provider-${p}`,
            Array.from({ length: 40 }, (_, i) => getThing(`/r/${i}`, { version, i, pad: 'x'.repeat(200) })),
          ),
        ),
      ).toString('base64'),
    })),
  };
}

describe('durability', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  async function storageArgs(): Promise<string[]> {
    if (storage === 'postgres') {
      const db = await createTestDatabase();
      cleanups.push(db.drop);
      return ['--database-url', db.url];
    }
    // A copy of the migrated template folder: the child skips initdb.
    const dir = join(await mkdtemp(join(tmpdir(), 'accord-crash-')), 'data');
    await cp(inject('pgliteTemplateDir'), dir, { recursive: true });
    return ['--data-dir', dir];
  }

  it('kill -9 during publishes leaves each publish complete or absent; answered ones survive', async () => {
    const args = await storageArgs();
    const first = await startChildBroker(args);
    // A steady stream of publishes, a few always in flight, killed after the first answers: the kill cannot
    // land after the last publish however the two processes are scheduled (a fixed batch could all finish first).
    const CONCURRENT = 6;
    const sent: string[] = [];
    const answered: string[] = [];
    const refused: string[] = [];
    let inFlightAtKill = 0;
    let killed = false;
    let enoughAnswers: () => void = () => {};
    const killTime = new Promise<void>((r) => {
      enoughAnswers = r;
    });
    async function keepPublishing(): Promise<void> {
      while (!killed) {
        const v = `v${sent.length}`;
        sent.push(v);
        const status = await fetch(`${first.url}/contracts/publish`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(bigPublish(v)),
        }).then(
          (r) => r.status,
          () => 0,
        );
        if (killed) return;
        if (status === 200) answered.push(v);
        else refused.push(`${v}: ${status}`);
        if (answered.length >= 3 || refused.length > 0) enoughAnswers();
      }
    }
    const publishers = Array.from({ length: CONCURRENT }, keepPublishing);
    await killTime;
    killed = true;
    inFlightAtKill = sent.length - answered.length;
    first.process.kill('SIGKILL');
    await Promise.all(publishers);
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(refused).toEqual([]);
    expect(inFlightAtKill).toBeGreaterThan(0);
    const versions = sent;

    const second = await startChildBroker(args);
    try {
      let complete = 0;
      let absent = 0;
      for (const v of versions) {
        const version = await api(second.url, 'GET', `/pacticipants/Crash/versions/${v}`);
        if (version.status === 404) {
          absent++;
          expect(answered).not.toContain(v);
          continue;
        }
        expect(version.status).toBe(200);
        expect(version.body._links['pb:pact-versions']).toHaveLength(PROVIDERS);
        expect(version.body._embedded.tags).toHaveLength(2);
        expect(version.body._embedded.branchVersions[0].name).toBe('main');
        complete++;
      }
      expect(complete + absent).toBe(versions.length);
      expect(complete).toBeGreaterThanOrEqual(answered.length);
    } finally {
      second.process.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    }
  });

  it('SIGINT shuts down cleanly (exit code 0) and the data is there on the next start', async () => {
    const args = await storageArgs();
    const a = await startChildBroker(args);
    expect(
      (
        await publish(a.url, {
          consumer: 'Calm',
          provider: 'P',
          version: '1',
          content: pactDoc('Calm', 'P', []),
        })
      ).status,
    ).toBe(200);
    a.process.kill('SIGINT');
    expect((await a.exited).code).toBe(0);
    const b = await startChildBroker(args);
    try {
      expect((await api(b.url, 'GET', '/pacts/provider/P/consumer/Calm/latest')).status).toBe(200);
    } finally {
      b.process.kill('SIGTERM');
      await b.exited;
    }
  });

  it('50 concurrent publishes and 50 concurrent verifications of one integration all land', async () => {
    const b = await startBroker();
    cleanups.push(b.close);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        publish(b.url, {
          consumer: 'Busy',
          provider: 'Target',
          version: `1.0.${i}`,
          branch: 'main',
          tags: ['ci'],
          // Half share one content, half are distinct: both paths race.
          content: pactDoc('Busy', 'Target', [getThing('/x', i % 2 === 0 ? 'same' : i)]),
        }).then((r) => r.status),
      ),
    );
    expect(results.every((s) => s === 200)).toBe(true);
    const versions = await api(b.url, 'GET', '/pacts/provider/Target/consumer/Busy/versions');
    expect(versions.body._links['pb:pact-versions']).toHaveLength(50);
    const { rows } = await b.broker.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pact_versions');
    expect(rows[0]!.n).toBe(26);

    const sha = (await api(b.url, 'GET', '/pacts/provider/Target/consumer/Busy/version/1.0.0')).body._links[
      'pb:pact-version'
    ].name;
    const url = `/pacts/provider/Target/consumer/Busy/pact-version/${sha}/verification-results`;
    const posted = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api(b.url, 'POST', url, { success: i % 3 !== 0, providerApplicationVersion: `p${i % 5}` }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(posted.every((s) => s === 201)).toBe(true);
    const list = await api(b.url, 'GET', url);
    const numbers = list.body._embedded.verificationResults.map((v: { _links: { self: { href: string } } }) =>
      Number(v._links.self.href.split('/').pop()),
    );
    expect(numbers.sort((x: number, y: number) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });
});
