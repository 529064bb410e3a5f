// Seeds a broker database for benchmarks: N integrations × M consumer versions, batched multi-row SQL.

import type { Db } from '../src/db/db.js';
import { contentSha, type PactDoc, withInteractionIds } from '../src/pact/content.js';

export interface SeedOptions {
  integrations: number;
  versionsPerIntegration: number;
  /** A new pact content every this many versions (the rest share it, as in real pipelines). */
  contentEvery: number;
}

function doc(consumer: string, provider: string, revision: number): PactDoc {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: Array.from({ length: 8 }, (_, i) => ({
      description: `request ${i} (rev ${revision})`,
      providerState: `state ${i}`,
      request: { method: 'GET', path: `/resource/${i}`, headers: { Accept: 'application/json' } },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { id: i, revision, name: `item ${i}`, tags: ['a', 'b', 'c'] },
      },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
}

const BATCH = 2000;

async function inBatches<T>(rows: T[], fn: (batch: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await fn(rows.slice(i, i + BATCH));
}

export async function seed(db: Db, o: SeedOptions): Promise<void> {
  const n = o.integrations;
  const names = Array.from({ length: n }, (_, i) => [`consumer-${i}`, `provider-${i}`]).flat();
  await db.query('INSERT INTO pacticipants (name, main_branch) SELECT unnest($1::text[]), $2', [
    names,
    'main',
  ]);
  const ids = new Map(
    (await db.query<{ id: number; name: string }>('SELECT id, name FROM pacticipants')).rows.map((r) => [
      r.name,
      r.id,
    ]),
  );
  for (let i = 0; i < n; i++) {
    const consumerId = ids.get(`consumer-${i}`)!;
    const providerId = ids.get(`provider-${i}`)!;
    // Versions (creation order = number order), all on main; every 100th tagged prod.
    await db.query(
      `INSERT INTO versions (pacticipant_id, number)
       SELECT $1, '1.0.' || g FROM generate_series(1, $2) g ORDER BY g`,
      [consumerId, o.versionsPerIntegration],
    );
    await db.query('INSERT INTO branches (pacticipant_id, name) VALUES ($1, $2)', [consumerId, 'main']);
    await db.query(
      `INSERT INTO branch_versions (branch_id, version_id, version_ord)
       SELECT b.id, v.id, v.ord FROM versions v JOIN branches b ON b.pacticipant_id = v.pacticipant_id
       WHERE v.pacticipant_id = $1`,
      [consumerId],
    );
    await db.query(
      `INSERT INTO tags (version_id, pacticipant_id, name, version_ord)
       SELECT id, pacticipant_id, 'prod', ord FROM versions
       WHERE pacticipant_id = $1 AND split_part(number, '.', 3)::int % 100 = 0`,
      [consumerId],
    );
    // Distinct contents, stored once each.
    const contents = Array.from({ length: Math.ceil(o.versionsPerIntegration / o.contentEvery) }, (_, r) => {
      const d = doc(`consumer-${i}`, `provider-${i}`, r);
      return { sha: contentSha(d), content: JSON.stringify(withInteractionIds(d)) };
    });
    await inBatches(contents, async (batch) => {
      await db.query(
        `INSERT INTO pact_versions (consumer_id, provider_id, sha, content, interactions_count)
         SELECT $1, $2, s, c, 8 FROM unnest($3::text[], $4::text[]) AS x(s, c)`,
        [consumerId, providerId, batch.map((b) => b.sha), batch.map((b) => b.content)],
      );
    });
    await db.query(
      `INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id, consumer_version_ord)
       SELECT v.id, v.pacticipant_id, $2, pv.id, v.ord
       FROM versions v
       JOIN pact_versions pv ON pv.consumer_id = v.pacticipant_id AND pv.provider_id = $2
         AND pv.sha = ($3::text[])[((split_part(v.number, '.', 3)::int - 1) / $4) + 1]
       WHERE v.pacticipant_id = $1`,
      [consumerId, providerId, contents.map((c) => c.sha), o.contentEvery],
    );
    // Each content verified once, successfully, by a provider version on main.
    await db.query(
      `INSERT INTO versions (pacticipant_id, number) SELECT $1, 'p.' || g FROM generate_series(1, $2) g ORDER BY g`,
      [providerId, contents.length],
    );
    await db.query(
      `INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success)
       SELECT 1, pv.id, v.id, $1, $2, true
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2) pv
       JOIN (SELECT id, row_number() OVER (ORDER BY ord) AS rn FROM versions WHERE pacticipant_id = $2) v ON v.rn = pv.rn`,
      [consumerId, providerId],
    );
  }
  await db.query('ANALYZE');
}

export function benchPact(consumer: string, provider: string, revision: number): PactDoc {
  return doc(consumer, provider, revision);
}
