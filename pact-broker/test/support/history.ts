// Test helper: writes a broker history straight into the tables (versions with chosen ages, branches, tags,
// deployments, releases, pacts, verifications, webhook deliveries), for the clean's tests.

import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/db.js';

export interface VersionSpec {
  pacticipant: string;
  number: string;
  /** Age in days (fractions allowed) before `now`; negative is in the future. */
  daysAgo?: number;
  branch?: string;
  tags?: string[];
  /** Currently deployed to this environment. */
  deployedTo?: string;
  /** Once deployed to this environment, no longer. */
  undeployedFrom?: string;
  /** Currently supported in this environment. */
  releasedIn?: string;
  /** Released in this environment, support ended. */
  supportEndedIn?: string;
}

export class History {
  private readonly pacticipants = new Map<string, number>();

  constructor(
    private readonly db: Db,
    readonly now: Date,
  ) {}

  private at(daysAgo: number): Date {
    return new Date(this.now.getTime() - daysAgo * 86_400_000);
  }

  async pacticipant(name: string, mainBranch?: string): Promise<number> {
    const known = this.pacticipants.get(name);
    if (known !== undefined) {
      if (mainBranch !== undefined)
        await this.db.query('UPDATE pacticipants SET main_branch = $2 WHERE id = $1', [known, mainBranch]);
      return known;
    }
    const { rows } = await this.db.query<{ id: number }>(
      'INSERT INTO pacticipants (name, main_branch) VALUES ($1, $2) RETURNING id',
      [name, mainBranch ?? null],
    );
    this.pacticipants.set(name, rows[0]!.id);
    return rows[0]!.id;
  }

  private async environment(name: string): Promise<number> {
    await this.db.query(
      `INSERT INTO environments (uuid, name, production) VALUES ($1, $2, false) ON CONFLICT (name) DO NOTHING`,
      [randomUUID(), name],
    );
    return (await this.db.query<{ id: number }>('SELECT id FROM environments WHERE name = $1', [name]))
      .rows[0]!.id;
  }

  /** A version; versions get their order in the order they are written. */
  async version(spec: VersionSpec): Promise<number> {
    const pid = await this.pacticipant(spec.pacticipant);
    const created = this.at(spec.daysAgo ?? 0);
    const { rows } = await this.db.query<{ id: number; ord: number }>(
      'INSERT INTO versions (pacticipant_id, number, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id, ord',
      [pid, spec.number, created],
    );
    const { id, ord } = rows[0]!;
    if (spec.branch !== undefined) {
      await this.db.query(
        `INSERT INTO branches (pacticipant_id, name, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (pacticipant_id, name) DO NOTHING`,
        [pid, spec.branch, created],
      );
      await this.db.query(
        `INSERT INTO branch_versions (branch_id, version_id, version_ord, created_at)
         SELECT id, $3, $4, $5 FROM branches WHERE pacticipant_id = $1 AND name = $2`,
        [pid, spec.branch, id, ord, created],
      );
    }
    for (const tag of spec.tags ?? []) {
      await this.db.query(
        'INSERT INTO tags (version_id, pacticipant_id, name, version_ord, created_at) VALUES ($1, $2, $3, $4, $5)',
        [id, pid, tag, ord, created],
      );
    }
    const deploy = async (env: string, current: boolean) => {
      await this.db.query(
        `INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance,
           currently_deployed, undeployed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          randomUUID(),
          id,
          pid,
          await this.environment(env),
          current ? '' : randomUUID(),
          current,
          current ? null : created,
        ],
      );
    };
    const release = async (env: string, supported: boolean) => {
      await this.db.query(
        `INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_id, support_ended_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [randomUUID(), id, pid, await this.environment(env), supported ? null : created],
      );
    };
    if (spec.deployedTo !== undefined) {
      // One current deployment per pacticipant, environment and instance: the newer one replaces the older.
      await this.db.query(
        `UPDATE deployed_versions SET currently_deployed = false, undeployed_at = $3
         WHERE pacticipant_id = $1 AND environment_id = $2 AND currently_deployed AND application_instance = ''`,
        [pid, await this.environment(spec.deployedTo), created],
      );
      await deploy(spec.deployedTo, true);
    }
    if (spec.undeployedFrom !== undefined) await deploy(spec.undeployedFrom, false);
    if (spec.releasedIn !== undefined) await release(spec.releasedIn, true);
    if (spec.supportEndedIn !== undefined) await release(spec.supportEndedIn, false);
    return id;
  }

  /** The consumer version publishes `content` for `provider`; the same content shares one pact version. */
  async pact(consumerVersionId: number, provider: string, content: string, daysAgo = 0): Promise<number> {
    const providerId = await this.pacticipant(provider);
    const { rows: cv } = await this.db.query<{ pacticipant_id: number; ord: number }>(
      'SELECT pacticipant_id, ord FROM versions WHERE id = $1',
      [consumerVersionId],
    );
    const consumerId = cv[0]!.pacticipant_id;
    const sha = createHash('sha1').update(content).digest('hex');
    await this.db.query(
      `INSERT INTO pact_versions (consumer_id, provider_id, sha, content, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING`,
      [consumerId, providerId, sha, JSON.stringify({ content }), this.at(daysAgo)],
    );
    const { rows } = await this.db.query<{ id: number }>(
      'SELECT id FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2 AND sha = $3',
      [consumerId, providerId, sha],
    );
    const pactVersionId = rows[0]!.id;
    await this.db.query(
      `INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id,
         consumer_version_ord, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [consumerVersionId, consumerId, providerId, pactVersionId, cv[0]!.ord, this.at(daysAgo)],
    );
    return pactVersionId;
  }

  /** The provider version publishes `content` as its provider contract; the same content shares one document. */
  async providerContract(providerVersionId: number, content: string): Promise<void> {
    const sha = createHash('sha1').update(content).digest('hex');
    await this.db.query(
      `INSERT INTO provider_contract_versions (provider_id, sha, content, content_type, specification_version)
       SELECT pacticipant_id, $2, $3, 'application/yaml', '3.1.0' FROM versions WHERE id = $1
       ON CONFLICT (provider_id, sha) DO NOTHING`,
      [providerVersionId, sha, content],
    );
    await this.db.query(
      `INSERT INTO provider_contract_publications (provider_id, provider_version_id, provider_contract_version_id)
       SELECT v.pacticipant_id, v.id, pcv.id FROM versions v
       JOIN provider_contract_versions pcv ON pcv.provider_id = v.pacticipant_id AND pcv.sha = $2
       WHERE v.id = $1`,
      [providerVersionId, sha],
    );
  }

  async verify(
    pactVersionId: number,
    providerVersionId: number,
    success: boolean,
    daysAgo = 0,
  ): Promise<number> {
    const { rows } = await this.db.query<{ id: number }>(
      `INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success,
         execution_date, created_at)
       SELECT coalesce((SELECT max(number) FROM verifications WHERE pact_version_id = pv.id), 0) + 1,
              pv.id, $2, pv.consumer_id, pv.provider_id, $3, $4, $4
       FROM pact_versions pv WHERE pv.id = $1
       RETURNING id`,
      [pactVersionId, providerVersionId, success, this.at(daysAgo)],
    );
    return rows[0]!.id;
  }

  /**
   * A webhook delivery as the outbox writes it: for a publication (content + consumer version number) or a
   * verification, with `executions` tries logged.
   */
  async delivery(d: {
    webhook?: string;
    event: string;
    pactVersionId: number;
    consumerVersionNumber?: string;
    verificationId?: number;
    executions?: number;
    status?: 'pending' | 'retrying' | 'success' | 'dead';
    daysAgo?: number;
  }): Promise<number> {
    const { rows: pv } = await this.db.query<{ consumer_id: number; provider_id: number }>(
      'SELECT consumer_id, provider_id FROM pact_versions WHERE id = $1',
      [d.pactVersionId],
    );
    const created = this.at(d.daysAgo ?? 0);
    const { rows } = await this.db.query<{ id: number }>(
      `INSERT INTO webhook_deliveries (uuid, webhook_uuid, event_name, consumer_id, provider_id, pact_version_id,
         verification_id, context, request, status, max_attempts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '{}', $9, 3, $10, $10) RETURNING id`,
      [
        randomUUID(),
        d.webhook ?? 'hook-1',
        d.event,
        pv[0]!.consumer_id,
        pv[0]!.provider_id,
        d.pactVersionId,
        d.verificationId ?? null,
        JSON.stringify({ consumerVersionNumber: d.consumerVersionNumber ?? '' }),
        d.status ?? 'success',
        created,
      ],
    );
    for (let i = 1; i <= (d.executions ?? 1); i++) {
      await this.db.query(
        `INSERT INTO webhook_executions (delivery_id, attempt, success, logs, duration_ms, created_at)
         VALUES ($1, $2, true, 'ok', 1, $3)`,
        [rows[0]!.id, i, created],
      );
    }
    return rows[0]!.id;
  }
}

/** Version numbers left per pacticipant, in version order. */
export async function remainingNumbers(db: Db): Promise<Record<string, string[]>> {
  const { rows } = await db.query<{ name: string; number: string }>(
    'SELECT p.name, v.number FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id ORDER BY p.name, v.ord',
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) {
    out[r.name] ??= [];
    out[r.name]!.push(r.number);
  }
  return out;
}
