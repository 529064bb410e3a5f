// Handlers of the label routes: label a pacticipant (creating it if missing), read, remove, list.

import { BrokerError } from '../errors.js';
import { requestedFilter } from '../http/filter.js';
import { halResponse, noContent, path } from '../http/hal.js';
import { limitOffset, pageParts, paginated, requestedPage } from '../http/pagination.js';
import { requirePacticipant, showPacticipants } from '../pacticipants/handlers.js';
import { findOrCreatePacticipant } from '../pacticipants/queries.js';
import type { Handler } from '../route.js';
import { checkName } from '../validation/index.js';
import { decorateLabel, labelsResource } from './decorate.js';
import { addLabel, deleteLabel, findLabel, labelNames, pacticipantsWithLabel } from './queries.js';

/** PUT: 201 with Location for a new label, 200 for an existing one; the request must say it is JSON (415). */
export const putLabel: Handler = async (ctx, { db }) => {
  if (!/json/i.test(String(ctx.headers['content-type'] ?? ''))) {
    throw new BrokerError('unsupported_media_type', 'Content-Type must be application/json');
  }
  const name = checkName('pacticipant', ctx.param('pacticipant'));
  const label = checkName('label', ctx.param('label'));
  await ctx.body();
  const { row, created } = await db.transaction(async (tx) => {
    const p = (await findOrCreatePacticipant(tx, name)).row;
    return addLabel(tx, p.id, label);
  });
  const body = decorateLabel(ctx.links, name, row);
  return halResponse(body, created ? 201 : 200, created ? { Location: body._links.self.href } : {});
};

export const showLabel: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const row = await findLabel(db, p.id, ctx.param('label'));
  if (!row) throw BrokerError.notFound(`No label '${ctx.param('label')}' for pacticipant '${p.name}' found`);
  return halResponse(decorateLabel(ctx.links, p.name, row));
};

export const removeLabel: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  if (!(await deleteLabel(db, p.id, ctx.param('label'))))
    throw BrokerError.notFound(`No label '${ctx.param('label')}' for pacticipant '${p.name}' found`);
  return noContent();
};

export const listLabels: Handler = async (ctx, { db }) => {
  const page = requestedPage(ctx);
  const { limit, offset } = limitOffset(page);
  const { names, total } = await labelNames(db, limit, offset);
  return halResponse(paginated(labelsResource(ctx.links, names), page, total, ctx.links.url('/labels')));
};

/** Pacticipants with the label: an unknown label is an empty list, not a 404. */
export const listPacticipantsWithLabel: Handler = async (ctx, { db }) => {
  const page = requestedPage(ctx);
  const { limit, offset } = limitOffset(page);
  const label = ctx.param('label');
  const { rows, total } = await pacticipantsWithLabel(db, label, requestedFilter(ctx), limit, offset);
  const self = path`/pacticipants/label/${label}`;
  return showPacticipants(ctx, db, rows, self, pageParts(page, total, ctx.links.url(self)));
};
