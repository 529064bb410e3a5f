// Deployed and released versions: record-deployment (replacing the instance's previous one), undeployment,
// record-release, support ended, the per-environment current lists, version links, and the for-verification hook.

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import type { DeploymentQueries } from '../deps.js';
import { environmentTitle } from '../environments/decorate.js';
import { requireEnvironment } from '../environments/index.js';
import { findEnvironmentByName, findEnvironmentByUuid } from '../environments/queries.js';
import { BrokerError } from '../errors.js';
import { halResponse, path } from '../http/hal.js';
import type { BrokerModule } from '../module.js';
import { decorateDeployed, decorateReleased } from './decorate.js';
import {
  allEnvironmentsBrief,
  currentlyDeployed,
  currentlySupported,
  currentVersions,
  type DeployedRow,
  deployedOfVersion,
  findDeployedByUuid,
  findReleased,
  findReleasedByUuid,
  findVersionByNumber,
  insertDeployed,
  insertReleased,
  lockCurrentDeployment,
  markSupportEnded,
  markUndeployed,
  releasedOfVersion,
  type VersionKey,
} from './queries.js';

export const deploymentQueries: DeploymentQueries = {
  async findCurrentVersions(db, q) {
    if (q.pacticipantIds.length === 0) return [];
    const rows = await currentVersions(db, q.kind, q.environmentName ?? null, q.pacticipantIds);
    return rows.map((r) => ({
      versionId: r.version_id,
      pacticipantId: r.pacticipant_id,
      environmentName: r.environment_name,
      environmentUuid: r.environment_uuid,
      production: r.production,
    }));
  },
  async environmentExists(db, name) {
    return (await findEnvironmentByName(db, name)) !== undefined;
  },
};

async function requireVersion(db: Db, pacticipant: string, number: string): Promise<VersionKey> {
  const v = await findVersionByNumber(db, pacticipant, number);
  if (!v) throw BrokerError.notFound(`No version ${number} of pacticipant ${pacticipant} found`);
  return v;
}

function instanceOf(body: Record<string, unknown>): string {
  const value = body.applicationInstance ?? body.target;
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw BrokerError.validation({ applicationInstance: ['must be a string'] });
  if (value.length > 255)
    throw BrokerError.validation({ applicationInstance: ['cannot be longer than 255 characters'] });
  return value;
}

/** Records a deployment: the same version already current for the instance is returned; another one is replaced. */
export async function recordDeployment(
  db: Db,
  v: VersionKey,
  environmentId: number,
  instance: string,
): Promise<DeployedRow> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const current = await lockCurrentDeployment(tx, v.pacticipant_id, environmentId, instance);
        if (current && current.version_id === v.version_id) return current;
        if (current) await markUndeployed(tx, current.id);
        return insertDeployed(tx, randomUUID(), v, environmentId, instance);
      });
    } catch (err) {
      // Two concurrent first deployments of one instance: the loser retries and replaces the winner's row.
      if ((err as { code?: string }).code === '23505' && attempt < 5) continue;
      throw err;
    }
  }
}

function boolField(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw BrokerError.validation({ [field]: ['must be one of: true, false'] });
  return v;
}

export const deploymentsModule: BrokerModule = {
  name: 'deployments',
  setup(deps) {
    deps.deployments = deploymentQueries;
    deps.linkRegistry.version.push(async (db, version, l) => {
      const envs = await allEnvironmentsBrief(db);
      const base = path`/pacticipants/${version.pacticipantName}/versions/${version.number}`;
      return {
        'pb:record-deployment': envs.map((e) =>
          l.link(`${base}/deployed-versions/environment/${encodeURIComponent(e.uuid)}`, {
            title: `Record deployment to ${environmentTitle(e)}`,
            name: e.name,
          }),
        ),
        'pb:record-release': envs.map((e) =>
          l.link(`${base}/released-versions/environment/${encodeURIComponent(e.uuid)}`, {
            title: `Record release to ${environmentTitle(e)}`,
            name: e.name,
          }),
        ),
      };
    });
  },
  register(router, { db }) {
    const versionEnv = '/pacticipants/:pacticipant/versions/:version';

    router.post(`${versionEnv}/deployed-versions/environment/:uuid`, async (ctx) => {
      const body = ctx.jsonObject();
      const instance = instanceOf(body);
      const v = await requireVersion(db, ctx.param('pacticipant'), ctx.param('version'));
      const env = await requireEnvironment(db, ctx.param('uuid'));
      const row = await recordDeployment(db, v, env.id, instance);
      const res = decorateDeployed(ctx.links, row, env);
      return halResponse(res, 201, { Location: res._links.self.href });
    });

    router.get(`${versionEnv}/deployed-versions/environment/:uuid`, async (ctx) => {
      const v = await requireVersion(db, ctx.param('pacticipant'), ctx.param('version'));
      const env = await requireEnvironment(db, ctx.param('uuid'));
      const rows = await deployedOfVersion(db, v.version_id, env.id);
      return halResponse({
        _embedded: { deployedVersions: rows.map((r) => decorateDeployed(ctx.links, r, env)) },
        _links: {
          self: ctx.links.link(ctx.path, { title: `Deployments of ${v.number} to ${environmentTitle(env)}` }),
        },
      });
    });

    router.post(`${versionEnv}/released-versions/environment/:uuid`, async (ctx) => {
      ctx.jsonObject();
      const v = await requireVersion(db, ctx.param('pacticipant'), ctx.param('version'));
      const env = await requireEnvironment(db, ctx.param('uuid'));
      const row = await db.transaction(async (tx) => {
        await insertReleased(tx, randomUUID(), v, env.id);
        return (await findReleased(tx, v.version_id, env.id))!;
      });
      const res = decorateReleased(ctx.links, row, env);
      return halResponse(res, 201, { Location: res._links.self.href });
    });

    router.get(`${versionEnv}/released-versions/environment/:uuid`, async (ctx) => {
      const v = await requireVersion(db, ctx.param('pacticipant'), ctx.param('version'));
      const env = await requireEnvironment(db, ctx.param('uuid'));
      const rows = await releasedOfVersion(db, v.version_id, env.id);
      return halResponse({
        _embedded: { releasedVersions: rows.map((r) => decorateReleased(ctx.links, r, env)) },
        _links: {
          self: ctx.links.link(ctx.path, { title: `Releases of ${v.number} to ${environmentTitle(env)}` }),
        },
      });
    });

    router.get('/environments/:uuid/deployed-versions/currently-deployed', async (ctx) => {
      const env = await requireEnvironment(db, ctx.param('uuid'));
      const rows = await currentlyDeployed(db, env.id, {
        pacticipant: ctx.query.get('pacticipant') ?? undefined,
        applicationInstance: ctx.query.get('applicationInstance') ?? ctx.query.get('target') ?? undefined,
      });
      return halResponse({
        _embedded: { deployedVersions: rows.map((r) => decorateDeployed(ctx.links, r, env)) },
        _links: {
          self: ctx.links.link(ctx.url.slice(ctx.links.baseUrl.length), {
            title: `Currently deployed versions for ${environmentTitle(env)}`,
          }),
        },
      });
    });

    router.get('/environments/:uuid/released-versions/currently-supported', async (ctx) => {
      const env = await requireEnvironment(db, ctx.param('uuid'));
      const rows = await currentlySupported(db, env.id, {
        pacticipant: ctx.query.get('pacticipant') ?? undefined,
      });
      return halResponse({
        _embedded: { releasedVersions: rows.map((r) => decorateReleased(ctx.links, r, env)) },
        _links: {
          self: ctx.links.link(ctx.url.slice(ctx.links.baseUrl.length), {
            title: `Currently supported released versions for ${environmentTitle(env)}`,
          }),
        },
      });
    });

    async function deployedResource(uuid: string) {
      const row = await findDeployedByUuid(db, uuid);
      if (!row) throw BrokerError.notFound(`No deployed version with uuid ${uuid} found`);
      const env = (await findEnvironmentByUuidById(db, row.environment_id))!;
      return { row, env };
    }

    router.get('/deployed-versions/:uuid', async (ctx) => {
      const { row, env } = await deployedResource(ctx.param('uuid'));
      return halResponse(decorateDeployed(ctx.links, row, env));
    });

    const patchDeployed = async (ctx: Parameters<Parameters<typeof router.patch>[1]>[0]) => {
      const body = ctx.jsonObject();
      const current = boolField(body, 'currentlyDeployed');
      const { row } = await deployedResource(ctx.param('uuid'));
      if (current === true && !row.currently_deployed) {
        throw BrokerError.validation({
          currentlyDeployed: ['cannot be set back to true; record a new deployment instead'],
        });
      }
      if (current === false) await markUndeployed(db, row.id);
      const after = await deployedResource(ctx.param('uuid'));
      return halResponse(decorateDeployed(ctx.links, after.row, after.env));
    };
    router.patch('/deployed-versions/:uuid', patchDeployed);
    router.put('/deployed-versions/:uuid', patchDeployed);

    async function releasedResource(uuid: string) {
      const row = await findReleasedByUuid(db, uuid);
      if (!row) throw BrokerError.notFound(`No released version with uuid ${uuid} found`);
      const env = (await findEnvironmentByUuidById(db, row.environment_id))!;
      return { row, env };
    }

    router.get('/released-versions/:uuid', async (ctx) => {
      const { row, env } = await releasedResource(ctx.param('uuid'));
      return halResponse(decorateReleased(ctx.links, row, env));
    });

    const patchReleased = async (ctx: Parameters<Parameters<typeof router.patch>[1]>[0]) => {
      const body = ctx.jsonObject();
      const supported = boolField(body, 'currentlySupported');
      const { row } = await releasedResource(ctx.param('uuid'));
      if (supported !== undefined) await markSupportEnded(db, row.id, !supported);
      const after = await releasedResource(ctx.param('uuid'));
      return halResponse(decorateReleased(ctx.links, after.row, after.env));
    };
    router.patch('/released-versions/:uuid', patchReleased);
    router.put('/released-versions/:uuid', patchReleased);
  },
};

async function findEnvironmentByUuidById(db: Db, id: number) {
  const { rows } = await db.query<{ uuid: string }>('SELECT uuid FROM environments WHERE id = $1', [id]);
  return rows[0] ? findEnvironmentByUuid(db, rows[0].uuid) : undefined;
}
