// A publish whose pact content is inserted by another transaction and then deleted by a third, between the
// publish's upsert of that content and its re-read, on PostgreSQL (PGlite has one session: no such interleaving).
// The order is forced by a wrapper around the broker's database: the answer is a 409 naming the contracts, and
// nothing of the publish is stored.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, createBroker } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import type { MigratableDb } from '../src/db/db.js';
import { openDb } from '../src/db/index.js';
import { api, getThing, pactDoc, publish } from './support/clients.js';
import { interceptStatements } from './support/intercept.js';
import { createTestDatabase, startBroker, storage, type TestBroker } from './support/startBroker.js';

if (storage === 'postgres') {
  describe('a publish racing an insert and a delete of its content', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let db: MigratableDb;
    let broker: Broker;
    let other: pg.Client;
    let inserter: pg.Client;
    let race: { sha: string } | undefined;

    beforeAll(async () => {
      database = await createTestDatabase();
      db = await openDb({ databaseUrl: database.url });
      other = new pg.Client({ connectionString: database.url });
      inserter = new pg.Client({ connectionString: database.url });
      await other.connect();
      await inserter.connect();
      const raced = interceptStatements(db, async (sql, run) => {
        if (race === undefined || !/INSERT INTO pact_versions/.test(sql)) return run();
        const { sha } = race;
        race = undefined;
        // The upsert waits for the inserter's uncommitted row; it commits meanwhile, so the upsert does nothing
        // and its own read (an older snapshot) misses the row. Then the row is deleted before the re-read.
        const upsert = run();
        setTimeout(() => inserter.query('COMMIT'), 200);
        const result = await upsert;
        await other.query('DELETE FROM pact_versions WHERE sha = $1', [sha]);
        return result;
      });
      broker = await createBroker(
        { ...defaultConfig(), host: '127.0.0.1', port: 0, databaseUrl: database.url },
        { db: raced, log: () => {} },
      );
    });

    afterAll(async () => {
      await broker?.close();
      await other?.end();
      await inserter?.end();
      await database?.drop();
    });

    it('is a 409 naming the contracts, and leaves no version or publication behind', async () => {
      const pact = pactDoc('Racer', 'Stock', [getThing('/a', { x: 1 })]);
      expect(
        (await publish(broker.url, { consumer: 'Racer', provider: 'Stock', version: '1', content: pact }))
          .status,
      ).toBe(200);
      const row = (
        await other.query<{ consumer_id: number; provider_id: number; sha: string; content: string }>(
          'SELECT consumer_id, provider_id, sha, content FROM pact_versions',
        )
      ).rows[0]!;
      // The content goes, and comes back uncommitted in another transaction.
      await other.query('DELETE FROM pact_versions WHERE sha = $1', [row.sha]);
      await inserter.query('BEGIN');
      await inserter.query(
        'INSERT INTO pact_versions (consumer_id, provider_id, sha, content, interactions_count, messages_count) VALUES ($1, $2, $3, $4, 1, 0)',
        [row.consumer_id, row.provider_id, row.sha, row.content],
      );
      race = { sha: row.sha };

      const r = await publish(broker.url, {
        consumer: 'Racer',
        provider: 'Stock',
        version: '2',
        content: pact,
      });
      const body = await r.json();
      expect(race).toBeUndefined();
      expect(r.status, JSON.stringify(body)).toBe(409);
      expect(Object.keys(body.errors)).toEqual(['contracts']);
      expect((await api(broker.url, 'GET', '/pacticipants/Racer/versions/2')).status).toBe(404);
      const publications = await other.query('SELECT count(*)::int AS n FROM pact_publications');
      expect(publications.rows[0].n).toBe(0);
    });
  });
} else {
  describe('publishes of one content at once on PGlite (one session: statements of two never interleave)', () => {
    let b: TestBroker;
    beforeAll(async () => {
      b = await startBroker();
    });
    afterAll(async () => {
      await b?.close();
    });

    it('all succeed and share one stored content', async () => {
      const pact = pactDoc('Racer', 'Stock', [getThing('/a', { x: 1 })]);
      const answers = await Promise.all(
        ['1', '2', '3', '4'].map((version) =>
          publish(b.url, { consumer: 'Racer', provider: 'Stock', version, content: pact }),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const { rows } = await b.broker.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pact_versions');
      expect(rows[0]!.n).toBe(1);
    });
  });
}
