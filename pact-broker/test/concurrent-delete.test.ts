// A write whose row another session deletes between two of the write's statements (it found the row, then it is
// gone): the answer is a 409 naming the field, or a 404 for a read, never a 500 or a success that stored nothing.
// On PostgreSQL the order is forced by a wrapper around the broker's database; PGlite has one session, so there
// the same pairs of requests are sent at once and must end in one of the answers their orders can give.

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Broker, createBroker } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import type { MigratableDb } from '../src/db/db.js';
import { openDb } from '../src/db/index.js';
import { api } from './support/clients.js';
import { interceptStatements } from './support/intercept.js';
import { createTestDatabase, startBroker, storage, type TestBroker } from './support/startBroker.js';

type Statement = { sql: string; params: unknown[] };

const b64 = (text: string) => Buffer.from(text).toString('base64');
const openApi = (title: string) =>
  b64(JSON.stringify({ openapi: '3.0.0', info: { title, version: '1' }, paths: {} }));
const contractPublish = (title: string) => ({
  pacticipantVersionNumber: 'p1',
  contract: { specification: 'oas', contentType: 'application/json', content: openApi(title) },
});
const webhookBody = {
  description: 'x',
  events: [{ name: 'contract_published' }],
  request: { method: 'POST', url: 'https://example.com/hook' },
};

async function environment(url: string, name: string): Promise<string> {
  const r = await api(url, 'POST', '/environments', { name, production: false });
  expect(r.status).toBe(201);
  return r.body.uuid;
}

if (storage === 'postgres') {
  describe('a row deleted by another session between two statements of a request', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let db: MigratableDb;
    let broker: Broker;
    let other: pg.Client;
    /** What another session runs once, before and after the first statement that matches. */
    let plan: { match: RegExp; before?: Statement; after?: Statement } | undefined;

    beforeAll(async () => {
      database = await createTestDatabase();
      db = await openDb({ databaseUrl: database.url });
      other = new pg.Client({ connectionString: database.url });
      await other.connect();
      const raced = interceptStatements(db, async (sql, run) => {
        const p = plan;
        if (p === undefined || !p.match.test(sql)) return run();
        plan = undefined;
        if (p.before) await other.query(p.before.sql, p.before.params);
        const result = await run();
        if (p.after) await other.query(p.after.sql, p.after.params);
        return result;
      });
      broker = await createBroker(
        { ...defaultConfig(), host: '127.0.0.1', port: 0, databaseUrl: database.url },
        { db: raced, log: () => {} },
      );
    });

    beforeEach(() => {
      plan = undefined;
    });

    afterAll(async () => {
      await broker?.close();
      await other?.end();
      await database?.drop();
    });

    it('PATCH of a pacticipant deleted after it was found: 409 naming the pacticipant, and it stays deleted', async () => {
      expect((await api(broker.url, 'POST', '/pacticipants', { name: 'Gone1' })).status).toBe(201);
      plan = {
        match: /UPDATE pacticipants SET/,
        before: { sql: 'DELETE FROM pacticipants WHERE name = $1', params: ['Gone1'] },
      };
      const r = await api(broker.url, 'PATCH', '/pacticipants/Gone1', { displayName: 'G' });
      expect(plan).toBeUndefined();
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(Object.keys(r.body.errors)).toEqual(['pacticipant']);
      expect((await api(broker.url, 'GET', '/pacticipants/Gone1')).status).toBe(404);
    });

    it('PUT of an environment deleted after it was found: 409 naming the uuid', async () => {
      const uuid = await environment(broker.url, 'gone-env');
      plan = {
        match: /UPDATE environments SET/,
        before: { sql: 'DELETE FROM environments WHERE uuid = $1', params: [uuid] },
      };
      const r = await api(broker.url, 'PUT', `/environments/${uuid}`, { name: 'gone-env', production: true });
      expect(plan).toBeUndefined();
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(Object.keys(r.body.errors)).toEqual(['uuid']);
      expect((await api(broker.url, 'GET', `/environments/${uuid}`)).status).toBe(404);
    });

    it('PUT of a label deleted after the insert saw it: 409 naming the label', async () => {
      expect((await api(broker.url, 'PUT', '/pacticipants/Gone2/labels/team', {})).status).toBe(201);
      plan = {
        match: /INSERT INTO labels/,
        after: { sql: 'DELETE FROM labels WHERE name = $1', params: ['team'] },
      };
      const r = await api(broker.url, 'PUT', '/pacticipants/Gone2/labels/team', {});
      expect(plan).toBeUndefined();
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(Object.keys(r.body.errors)).toEqual(['label']);
      expect((await api(broker.url, 'GET', '/pacticipants/Gone2/labels/team')).status).toBe(404);
    });

    it('PUT of a tag deleted after the insert saw it: 409 naming the tag', async () => {
      expect((await api(broker.url, 'PUT', '/pacticipants/Gone5/versions/1/tags/prod', {})).status).toBe(201);
      // The handler finds no tag; another session adds it (so the insert does nothing), then deletes it.
      await other.query("DELETE FROM tags WHERE name = 'prod'");
      plan = {
        match: /INSERT INTO tags/,
        before: {
          sql: `INSERT INTO tags (version_id, pacticipant_id, name, version_ord)
                SELECT id, pacticipant_id, 'prod', ord FROM versions
                 WHERE number = '1' AND pacticipant_id = (SELECT id FROM pacticipants WHERE name = 'Gone5')`,
          params: [],
        },
        after: { sql: 'DELETE FROM tags WHERE name = $1', params: ['prod'] },
      };
      const r = await api(broker.url, 'PUT', '/pacticipants/Gone5/versions/1/tags/prod', {});
      expect(plan).toBeUndefined();
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(Object.keys(r.body.errors)).toEqual(['tag']);
      expect((await api(broker.url, 'GET', '/pacticipants/Gone5/versions/1/tags/prod')).status).toBe(404);
    });

    it('PUT of a version deleted after it was found: 409 naming the version, and it stays deleted', async () => {
      expect((await api(broker.url, 'PUT', '/pacticipants/Gone3/versions/1', {})).status).toBe(201);
      plan = {
        match: /UPDATE versions SET build_url/,
        before: {
          sql: 'DELETE FROM versions WHERE number = $1 AND pacticipant_id = (SELECT id FROM pacticipants WHERE name = $2)',
          params: ['1', 'Gone3'],
        },
      };
      const r = await api(broker.url, 'PUT', '/pacticipants/Gone3/versions/1', { buildUrl: 'https://ci/1' });
      expect(plan).toBeUndefined();
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(Object.keys(r.body.errors)).toEqual(['version']);
      expect((await api(broker.url, 'GET', '/pacticipants/Gone3/versions/1')).status).toBe(404);
    });

    it('PUT of a webhook deleted after it was found: 409 naming the uuid, and it stays deleted', async () => {
      const uuid = 'gone-webhook-0000000001';
      expect((await api(broker.url, 'PUT', `/webhooks/${uuid}`, webhookBody)).status).toBe(201);
      plan = {
        match: /UPDATE webhooks SET/,
        before: { sql: 'DELETE FROM webhooks WHERE uuid = $1', params: [uuid] },
      };
      const r = await api(broker.url, 'PUT', `/webhooks/${uuid}`, { ...webhookBody, description: 'y' });
      expect(plan).toBeUndefined();
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(Object.keys(r.body.errors)).toEqual(['uuid']);
      expect((await api(broker.url, 'GET', `/webhooks/${uuid}`)).status).toBe(404);
    });

    it('a provider contract publish whose version lost its publication after the insert saw it: 409 naming the version number', async () => {
      const path = '/provider-contracts/provider/GoneProvider/publish';
      expect((await api(broker.url, 'POST', path, contractPublish('a'))).status).toBe(200);
      plan = {
        match: /INSERT INTO provider_contract_publications/,
        after: { sql: 'DELETE FROM provider_contract_publications', params: [] },
      };
      const r = await api(broker.url, 'POST', path, contractPublish('a'));
      expect(plan).toBeUndefined();
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(Object.keys(r.body.errors)).toEqual(['pacticipantVersionNumber']);
      const { rows } = await other.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM provider_contract_publications',
      );
      expect(rows[0]!.n).toBe(0);
    });

    it('a deployed version whose environment is deleted between the two reads: 404', async () => {
      const env = await environment(broker.url, 'gone-env2');
      expect((await api(broker.url, 'PUT', '/pacticipants/Gone4/versions/1', {})).status).toBe(201);
      const deployed = await api(
        broker.url,
        'POST',
        `/pacticipants/Gone4/versions/1/deployed-versions/environment/${env}`,
        {},
      );
      expect(deployed.status).toBe(201);
      const uuid = deployed.body.uuid as string;
      plan = {
        match: /FROM environments WHERE id = \$1/,
        before: { sql: 'DELETE FROM environments WHERE uuid = $1', params: [env] },
      };
      const r = await api(broker.url, 'GET', `/deployed-versions/${uuid}`);
      expect(plan).toBeUndefined();
      expect(r.status, JSON.stringify(r.body)).toBe(404);
    });
  });
} else {
  describe('writes and deletes of one row at once on PGlite (one session: transactions never interleave)', () => {
    let b: TestBroker;
    beforeAll(async () => {
      b = await startBroker();
    });
    afterAll(async () => {
      await b?.close();
    });

    /** Sends both at once, `rounds` times after `setup`; every answer must be one that some order gives. */
    async function race(
      rounds: number,
      setup: () => Promise<void>,
      write: () => Promise<{ status: number }>,
      remove: () => Promise<{ status: number }>,
      writeAnswers: number[],
      removeAnswers: number[],
    ) {
      for (let i = 0; i < rounds; i++) {
        await setup();
        const [w, d] = await Promise.all([write(), remove()]);
        expect(writeAnswers).toContain(w.status);
        expect(removeAnswers).toContain(d.status);
      }
    }

    it('PATCH and DELETE of a pacticipant', async () => {
      await race(
        5,
        async () => {
          await api(b.url, 'PUT', '/pacticipants/Racer', {});
        },
        () => api(b.url, 'PATCH', '/pacticipants/Racer', { displayName: 'R' }),
        () => api(b.url, 'DELETE', '/pacticipants/Racer'),
        [200, 201],
        [204, 404],
      );
    });

    it('PUT and DELETE of an environment', async () => {
      let uuid = '';
      await race(
        5,
        async () => {
          uuid = await environment(b.url, `racer-${randomUUID().slice(0, 8)}`);
        },
        () =>
          api(b.url, 'PUT', `/environments/${uuid}`, { name: `r-${uuid.slice(0, 8)}`, production: false }),
        () => api(b.url, 'DELETE', `/environments/${uuid}`),
        // The PUT finds and updates in two statements outside a transaction: the delete can run between them.
        [200, 404, 409],
        [204, 404],
      );
    });

    it('PUT and DELETE of a webhook', async () => {
      const uuid = 'racer-webhook-000000001';
      await race(
        5,
        async () => {
          await api(b.url, 'PUT', `/webhooks/${uuid}`, webhookBody);
        },
        () => api(b.url, 'PUT', `/webhooks/${uuid}`, { ...webhookBody, description: 'y' }),
        () => api(b.url, 'DELETE', `/webhooks/${uuid}`),
        [200, 201],
        [204, 404],
      );
    });
  });
}
