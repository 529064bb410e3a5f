// Handlers of the integration routes: list (HAL or DOT), delete all contract data, delete one integration.

import { requestedFilter } from '../http/filter.js';
import { halResponse, noContent, textResponse } from '../http/hal.js';
import { negotiate } from '../http/negotiate.js';
import { limitOffset, pageParts, requestedPage } from '../http/pagination.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import type { Handler } from '../route.js';
import { integrationsDot, integrationsResource } from './decorate.js';
import { deleteAllContractData, deleteIntegration, listIntegrations } from './queries.js';

/** DOT is the first type offered, so plain `curl` (Accept: *\/*) gets the graph and HAL clients the list. */
export const showIntegrations: Handler = async (ctx, { db }) => {
  const type = negotiate(ctx.headers, ['text/vnd.graphviz', 'application/hal+json'] as const);
  const page = requestedPage(ctx);
  const { limit, offset } = limitOffset(page);
  const { rows, total } = await listIntegrations(db, requestedFilter(ctx), limit, offset);
  if (type === 'text/vnd.graphviz') return textResponse(integrationsDot(rows), 200, 'text/vnd.graphviz');
  return halResponse(
    integrationsResource(ctx.links, rows, pageParts(page, total, ctx.links.url('/integrations'))),
  );
};

export const removeAllIntegrations: Handler = async (_ctx, { db }) => {
  await db.transaction((tx) => deleteAllContractData(tx));
  return noContent();
};

export const removeIntegration: Handler = async (ctx, { db }) => {
  const provider = await requirePacticipant(db, ctx.param('provider'), 'provider');
  const consumer = await requirePacticipant(db, ctx.param('consumer'), 'consumer');
  await db.transaction((tx) => deleteIntegration(tx, consumer.id, provider.id));
  return noContent();
};
