// Handlers of the pacticipant routes.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { requestedFilter } from '../http/filter.js';
import { halResponse, noContent, path } from '../http/hal.js';
import { limitOffset, pageParts, requestedPage } from '../http/pagination.js';
import type { HttpResponse } from '../http/types.js';
import { labelsOf } from '../labels/queries.js';
import type { BodyOf, Handler } from '../route.js';
import { checkName } from '../validation/index.js';
import { latestVersion } from '../versions/queries.js';
import type { newPacticipantBody, pacticipantBody } from './bodies.js';
import { decoratePacticipant, pacticipantsResource } from './decorate.js';
import {
  listPacticipants as allPacticipants,
  deletePacticipant,
  findOrCreatePacticipant,
  findPacticipant,
  type PacticipantRow,
  updatePacticipant,
} from './queries.js';

/** The pacticipant named in the URL, or a 404 (shared by every folder whose routes name one). */
export async function requirePacticipant(
  db: Db,
  name: string,
  role: 'pacticipant' | 'provider' | 'consumer' = 'pacticipant',
): Promise<PacticipantRow> {
  const p = await findPacticipant(db, name);
  if (!p) throw BrokerError.notFound(`No ${role} with name '${name}' found`);
  return p;
}

async function show(db: Db, ctx: RequestContext, p: PacticipantRow) {
  const [latest, labels] = await Promise.all([latestVersion(db, p.id), labelsOf(db, p.id)]);
  return decoratePacticipant(
    ctx.links,
    p,
    latest,
    labels.map((x) => x.name),
  );
}

/** A list of pacticipants as `/pacticipants` shows it (also the pacticipants with a label). */
export async function showPacticipants(
  ctx: RequestContext,
  db: Db,
  rows: PacticipantRow[],
  self?: string,
  paging?: Parameters<typeof pacticipantsResource>[4],
): Promise<HttpResponse> {
  const items = await Promise.all(rows.map((p) => show(db, ctx, p)));
  return halResponse(pacticipantsResource(ctx.links, rows, items, self, paging));
}

/** Paginated only when asked (`page`/`size` or `pageNumber`/`pageSize`) and filtered by `q`, as upstream. */
export const listPacticipants: Handler = async (ctx, { db }) => {
  const page = requestedPage(ctx);
  const { limit, offset } = limitOffset(page);
  const { rows, total } = await allPacticipants(db, requestedFilter(ctx), limit, offset);
  return showPacticipants(ctx, db, rows, undefined, pageParts(page, total, ctx.links.url('/pacticipants')));
};

export const createPacticipant: Handler<BodyOf<typeof newPacticipantBody>> = async (ctx, { db }) => {
  const { name, fields } = await ctx.body();
  const row = await db.transaction(async (tx) => {
    const { row, created } = await findOrCreatePacticipant(tx, name);
    if (!created)
      throw new BrokerError('conflict', `A pacticipant with name '${name}' already exists`, {
        errors: { name: [`A pacticipant with name '${name}' already exists`] },
      });
    return updatePacticipant(tx, row.id, fields, false);
  });
  return halResponse(await show(db, ctx, row), 201, {
    Location: ctx.links.url(path`/pacticipants/${row.name}`),
  });
};

export const showPacticipant: Handler = async (ctx, { db }) =>
  halResponse(await show(db, ctx, await requirePacticipant(db, ctx.param('pacticipant'))));

/** PUT replaces every optional field (absent → null); PATCH keeps what is absent. Both create when missing. */
const upsert =
  (replace: boolean): Handler<BodyOf<typeof pacticipantBody>> =>
  async (ctx, { db }) => {
    const name = checkName('name', ctx.param('pacticipant'));
    const fields = await ctx.body();
    const { row, created } = await db.transaction(async (tx) => {
      const found = await findOrCreatePacticipant(tx, name);
      return { row: await updatePacticipant(tx, found.row.id, fields, replace), created: found.created };
    });
    return halResponse(await show(db, ctx, row), created ? 201 : 200);
  };

export const replacePacticipant = upsert(true);
export const patchPacticipant = upsert(false);

export const removePacticipant: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  await deletePacticipant(db, p.id);
  return noContent();
};
