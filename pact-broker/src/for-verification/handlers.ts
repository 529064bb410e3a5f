// Handlers of the pacts-for-verification routes.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse } from '../http/hal.js';
import { findPacticipant } from '../pacticipants/queries.js';
import type { BodyOf, Handler } from '../route.js';
import type { verificationQueryBody } from './bodies.js';
import { pactsForVerificationResource } from './decorate.js';
import { pactsForVerification } from './resolve.js';
import { parseVerificationQuery, type VerificationQuery } from './selectors.js';

/** Looks the provider up first (404), then reads the query (400 for bad options), then resolves the pacts. */
async function respond(
  ctx: RequestContext,
  db: Db,
  query: () => VerificationQuery | Promise<VerificationQuery>,
) {
  const providerName = ctx.param('provider');
  const provider = await findPacticipant(db, providerName);
  if (!provider) throw BrokerError.notFound(`No provider with name '${providerName}' found`);
  const q = await query();
  const pacts = await pactsForVerification(db, provider, q);
  return halResponse(pactsForVerificationResource(ctx.links, provider, q, pacts));
}

/** GET takes flat query options (no selectors, so the default selectors apply). */
export const listPactsForVerification: Handler = (ctx, { db }) => {
  const body: Record<string, unknown> = {};
  for (const k of [
    'providerVersionBranch',
    'provider_version_branch',
    'includeWipPactsSince',
    'include_wip_pacts_since',
  ]) {
    const v = ctx.query.get(k);
    if (v !== null) body[k] = v;
  }
  const pending = ctx.query.get('includePendingStatus') ?? ctx.query.get('include_pending_status');
  if (pending !== null) body.includePendingStatus = pending === 'true';
  const tags = [...ctx.query.getAll('providerVersionTags[]'), ...ctx.query.getAll('provider_version_tags[]')];
  if (tags.length) body.providerVersionTags = tags;
  return respond(ctx, db, () => parseVerificationQuery(body));
};

export const queryPactsForVerification: Handler<BodyOf<typeof verificationQueryBody>> = (ctx, { db }) => {
  ctx.requireJsonObject();
  return respond(ctx, db, () => ctx.body());
};
