// SQL of the network of integrations: every (consumer, provider) pair with pact content, oldest first.

import type { Db } from '../db/db.js';

export interface Edge {
  consumer_id: number;
  consumer_name: string;
  provider_id: number;
  provider_name: string;
}

/** Every integration, in the order its first content was published (the official integration id order). */
export async function allEdges(db: Db): Promise<Edge[]> {
  const { rows } = await db.query<Edge>(
    `SELECT i.consumer_id, c.name AS consumer_name, i.provider_id, p.name AS provider_name
       FROM (SELECT consumer_id, provider_id, min(id) AS first FROM pact_versions GROUP BY consumer_id, provider_id) i
       JOIN pacticipants c ON c.id = i.consumer_id JOIN pacticipants p ON p.id = i.provider_id
      ORDER BY i.first`,
  );
  return rows;
}

/** The integrations of the latest pact of every integration, by consumer and provider name (`/relationships`). */
export async function latestPactEdges(db: Db): Promise<Edge[]> {
  const { rows } = await db.query<Edge>(
    `SELECT DISTINCT pp.consumer_id, c.name AS consumer_name, pp.provider_id, p.name AS provider_name
       FROM pact_publications pp
       JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id
      ORDER BY c.name, p.name`,
  );
  return rows;
}
