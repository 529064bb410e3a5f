// Handlers of the network routes: the group CSV, the relationships CSV and the network page.

import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { path, textResponse } from '../http/hal.js';
import { negotiate, wantsHtml } from '../http/negotiate.js';
import { queryInteger } from '../http/numbers.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import type { Handler } from '../route.js';
import { htmlResponse } from '../ui/html.js';
import { groupOf, networkPage, relationshipsCsv } from './decorate.js';
import { allEdges, latestPactEdges } from './queries.js';

/** `?maxPacticipants=N`, else no limit; upstream ignores a value that is not an integer, here it is a 400. */
function maxPacticipants(ctx: RequestContext): number | undefined {
  return queryInteger(ctx, 'maxPacticipants', undefined, { max: 100_000 });
}

/** CSV only: a HAL or JSON Accept header is a 406, as upstream. */
export const showGroup: Handler = async (ctx, { db }) => {
  negotiate(ctx.headers, ['text/csv'] as const);
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const group = groupOf(await allEdges(db), p.id, maxPacticipants(ctx));
  return textResponse(relationshipsCsv(group), 200, 'text/csv');
};

export const showRelationships: Handler = async (ctx, { db }) => {
  negotiate(ctx.headers, ['text/csv'] as const);
  return textResponse(relationshipsCsv(await latestPactEdges(db)), 200, 'text/csv');
};

/** The network page for browsers (the official UI path); API clients get 404 here, as upstream. */
export const showNetworkPage: Handler = async (ctx, { db, config }) => {
  if (!wantsHtml(ctx.headers)) throw BrokerError.notFound();
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const max = maxPacticipants(ctx) ?? config.settings.networkDiagramMaxPacticipants;
  const group = groupOf(await allEdges(db), p.id, max);
  const csv = `${path`/groups/${p.name}`}.csv?maxPacticipants=${max}`;
  return htmlResponse(networkPage(p.name, group, csv, path`/pacticipants/${p.name}`));
};
