// Handlers of the environment routes.

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import { halResponse, noContent } from '../http/hal.js';
import type { BodyOf, Handler } from '../route.js';
import type { environmentBody, newEnvironmentBody } from './bodies.js';
import { decorateEnvironment, environmentsResource } from './decorate.js';
import {
  deleteEnvironment,
  type EnvironmentRow,
  listEnvironments as environmentsNamed,
  findEnvironmentByUuid,
  insertEnvironment,
  updateEnvironment,
} from './queries.js';

/** The environment with the uuid in the URL, or a 404. */
export async function requireEnvironment(db: Db, uuid: string): Promise<EnvironmentRow> {
  const e = await findEnvironmentByUuid(db, uuid);
  if (!e) throw BrokerError.notFound(`No environment with uuid ${uuid} found`);
  return e;
}

export const listEnvironments: Handler = async (ctx, { db }) => {
  const rows = await environmentsNamed(db, ctx.query.get('name') ?? undefined);
  return halResponse(environmentsResource(ctx.links, rows));
};

export const createEnvironment: Handler<BodyOf<typeof newEnvironmentBody>> = async (ctx, { db }) => {
  const { uuid, ...fields } = await ctx.body();
  const e = await insertEnvironment(db, { ...fields, uuid: uuid ?? randomUUID() });
  const res = decorateEnvironment(ctx.links, e);
  return halResponse(res, 201, { Location: res._links.self.href });
};

export const showEnvironment: Handler = async (ctx, { db }) =>
  halResponse(decorateEnvironment(ctx.links, await requireEnvironment(db, ctx.param('uuid'))));

export const replaceEnvironment: Handler<BodyOf<typeof environmentBody>> = async (ctx, { db }) => {
  ctx.requireJsonObject();
  const existing = await requireEnvironment(db, ctx.param('uuid'));
  const e = await updateEnvironment(db, existing.id, await ctx.body());
  return halResponse(decorateEnvironment(ctx.links, e));
};

export const removeEnvironment: Handler = async (ctx, { db }) => {
  const e = await requireEnvironment(db, ctx.param('uuid'));
  await deleteEnvironment(db, e.id);
  return noContent();
};
