// Handlers of the pacts-for-verification routes.

import type { BrokerDeps } from '../deps.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse } from '../http/hal.js';
import type { BodyOf, Handler } from '../route.js';
import type { verificationQueryBody } from './bodies.js';
import { pactsForVerificationResource } from './decorate.js';
import { providerWithConsumers } from './queries.js';
import { pactsForVerification } from './resolve.js';
import { parseVerificationQuery, type VerificationQuery } from './selectors.js';

/** A missing provider is a 404 before bad options are a 400; then the pacts are resolved. */
async function respond(
  ctx: RequestContext,
  { db, config }: BrokerDeps,
  query: () => VerificationQuery | Promise<VerificationQuery>,
) {
  const providerName = ctx.param('provider');
  // The query is read first so the provider's branch comes with the provider; a bad query still answers after the 404.
  const read = await Promise.resolve()
    .then(query)
    .then(
      (q) => ({ q }),
      (error: unknown) => ({ error }),
    );
  const found = await providerWithConsumers(
    db,
    providerName,
    'q' in read ? read.q.providerVersionBranch : undefined,
  );
  if (!found) throw BrokerError.notFound(`No provider with name '${providerName}' found`);
  if (!('q' in read)) throw read.error;
  const pacts = await pactsForVerification(db, found, read.q, config.settings.wip);
  return halResponse(pactsForVerificationResource(ctx.links, found.provider, read.q, pacts));
}

/** GET takes flat query options (no selectors, so the default selectors apply). */
export const listPactsForVerification: Handler = (ctx, deps) => {
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
  return respond(ctx, deps, () => parseVerificationQuery(body));
};

export const queryPactsForVerification: Handler<BodyOf<typeof verificationQueryBody>> = (ctx, deps) => {
  ctx.requireJsonObject();
  return respond(ctx, deps, () => ctx.body());
};
