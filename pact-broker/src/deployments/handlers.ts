// Handlers of the deployment routes.

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import { requireEnvironment } from '../environments/handlers.js';
import { findEnvironmentById } from '../environments/queries.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse } from '../http/hal.js';
import type { BodyOf, Handler } from '../route.js';
import type { deployedVersionBody, deploymentBody, releasedVersionBody } from './bodies.js';
import {
  currentlyDeployedResource,
  currentlySupportedResource,
  decorateDeployed,
  decorateReleased,
  versionDeploymentsResource,
  versionReleasesResource,
} from './decorate.js';
import {
  currentlyDeployed,
  currentlySupported,
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

async function requireVersion(db: Db, ctx: RequestContext): Promise<VersionKey> {
  const pacticipant = ctx.param('pacticipant');
  const number = ctx.param('version');
  const v = await findVersionByNumber(db, pacticipant, number);
  if (!v) throw BrokerError.notFound(`No version ${number} of pacticipant ${pacticipant} found`);
  return v;
}

/** Records a deployment: the same version already current for the instance is returned; another one is replaced. */
async function deploy(db: Db, v: VersionKey, environmentId: number, instance: string): Promise<DeployedRow> {
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

export const recordDeployment: Handler<BodyOf<typeof deploymentBody>> = async (ctx, { db }) => {
  const { instance } = await ctx.body();
  const v = await requireVersion(db, ctx);
  const env = await requireEnvironment(db, ctx.param('uuid'));
  const row = await deploy(db, v, env.id, instance);
  const res = decorateDeployed(ctx.links, row, env);
  return halResponse(res, 201, { Location: res._links.self.href });
};

export const listVersionDeployments: Handler = async (ctx, { db }) => {
  const v = await requireVersion(db, ctx);
  const env = await requireEnvironment(db, ctx.param('uuid'));
  const rows = await deployedOfVersion(db, v.version_id, env.id);
  return halResponse(versionDeploymentsResource(ctx.links, ctx.path, v, env, rows));
};

export const recordRelease: Handler = async (ctx, { db }) => {
  await ctx.body();
  const v = await requireVersion(db, ctx);
  const env = await requireEnvironment(db, ctx.param('uuid'));
  const row = await db.transaction(async (tx) => {
    await insertReleased(tx, randomUUID(), v, env.id);
    return (await findReleased(tx, v.version_id, env.id))!;
  });
  const res = decorateReleased(ctx.links, row, env);
  return halResponse(res, 201, { Location: res._links.self.href });
};

export const listVersionReleases: Handler = async (ctx, { db }) => {
  const v = await requireVersion(db, ctx);
  const env = await requireEnvironment(db, ctx.param('uuid'));
  const rows = await releasedOfVersion(db, v.version_id, env.id);
  return halResponse(versionReleasesResource(ctx.links, ctx.path, v, env, rows));
};

/** The self link keeps the query (pacticipant, applicationInstance filters). */
const selfWithQuery = (ctx: RequestContext) => ctx.url.slice(ctx.links.baseUrl.length);

export const listCurrentlyDeployed: Handler = async (ctx, { db }) => {
  const env = await requireEnvironment(db, ctx.param('uuid'));
  const rows = await currentlyDeployed(db, env.id, {
    pacticipant: ctx.query.get('pacticipant') ?? undefined,
    applicationInstance: ctx.query.get('applicationInstance') ?? ctx.query.get('target') ?? undefined,
  });
  return halResponse(currentlyDeployedResource(ctx.links, selfWithQuery(ctx), env, rows));
};

export const listCurrentlySupported: Handler = async (ctx, { db }) => {
  const env = await requireEnvironment(db, ctx.param('uuid'));
  const rows = await currentlySupported(db, env.id, {
    pacticipant: ctx.query.get('pacticipant') ?? undefined,
  });
  return halResponse(currentlySupportedResource(ctx.links, selfWithQuery(ctx), env, rows));
};

/** A deployed or released version by uuid with its environment, or a 404. */
async function requireWithEnvironment<R extends { environment_id: number }>(
  db: Db,
  uuid: string,
  kind: 'deployed' | 'released',
  find: (db: Db, uuid: string) => Promise<R | undefined>,
) {
  const row = await find(db, uuid);
  // The environment's delete takes the row with it; between the two reads only the row is left.
  const env = row ? await findEnvironmentById(db, row.environment_id) : undefined;
  if (!row || !env) throw BrokerError.notFound(`No ${kind} version with uuid ${uuid} found`);
  return { row, env };
}

const requireDeployed = (db: Db, uuid: string) =>
  requireWithEnvironment(db, uuid, 'deployed', findDeployedByUuid);
const requireReleased = (db: Db, uuid: string) =>
  requireWithEnvironment(db, uuid, 'released', findReleasedByUuid);

export const showDeployedVersion: Handler = async (ctx, { db }) => {
  const { row, env } = await requireDeployed(db, ctx.param('uuid'));
  return halResponse(decorateDeployed(ctx.links, row, env));
};

/** `currentlyDeployed: false` records the undeployment; a deployment cannot be made current again. */
export const updateDeployedVersion: Handler<BodyOf<typeof deployedVersionBody>> = async (ctx, { db }) => {
  const current = (await ctx.body()).currentlyDeployed;
  const { row } = await requireDeployed(db, ctx.param('uuid'));
  if (current === true && !row.currently_deployed) {
    throw BrokerError.validation({
      currentlyDeployed: ['cannot be set back to true; record a new deployment instead'],
    });
  }
  if (current === false) await markUndeployed(db, row.id);
  const after = await requireDeployed(db, ctx.param('uuid'));
  return halResponse(decorateDeployed(ctx.links, after.row, after.env));
};

export const showReleasedVersion: Handler = async (ctx, { db }) => {
  const { row, env } = await requireReleased(db, ctx.param('uuid'));
  return halResponse(decorateReleased(ctx.links, row, env));
};

export const updateReleasedVersion: Handler<BodyOf<typeof releasedVersionBody>> = async (ctx, { db }) => {
  const supported = (await ctx.body()).currentlySupported;
  const { row } = await requireReleased(db, ctx.param('uuid'));
  if (supported !== undefined) await markSupportEnded(db, row.id, !supported);
  const after = await requireReleased(db, ctx.param('uuid'));
  return halResponse(decorateReleased(ctx.links, after.row, after.env));
};
