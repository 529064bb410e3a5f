// Handlers of the HTML pages: load the rows, render them with ./decorate.ts.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import { textResponse } from '../http/hal.js';
import { runMatrix } from '../matrix/service.js';
import { providersWithContracts } from '../provider-contracts/queries.js';
import type { Handler } from '../route.js';
import { integrationsPage, matrixPage, pactPage, verificationsPage } from './decorate.js';
import { findPact, integrations, verificationHistory } from './queries.js';

const htmlResponse = (text: string) => textResponse(text, 200, 'text/html');

/** `/` for browsers: every integration with its latest pact and verification. */
export const showIntegrationsPage: Handler = async (_ctx, { db }) =>
  htmlResponse(integrationsPage(await integrations(db), new Date(), await providersWithContracts(db)));

async function pactResponse(db: Db, p: string, c: string, v: string | null) {
  const pact = await findPact(db, p, c, v);
  if (!pact) throw BrokerError.notFound(`No pact between ${c} and ${p}`);
  let doc: Record<string, unknown> = {};
  try {
    doc = JSON.parse(pact.content) as Record<string, unknown>;
  } catch {
    // Stored content is validated JSON; an unreadable document renders as empty.
  }
  return htmlResponse(pactPage(p, c, pact, doc));
}

export const showLatestPactPage: Handler = (ctx, { db }) =>
  pactResponse(db, ctx.param('provider'), ctx.param('consumer'), null);

export const showPactPage: Handler = (ctx, { db }) =>
  pactResponse(db, ctx.param('provider'), ctx.param('consumer'), ctx.param('version'));

export const showVerificationsPage: Handler = async (ctx, { db }) => {
  const p = ctx.param('provider');
  const c = ctx.param('consumer');
  return htmlResponse(verificationsPage(p, c, await verificationHistory(db, p, c, 200)));
};

export const showMatrixPage: Handler = async (ctx, { db }) => {
  const c = ctx.query.get('consumer');
  const p = ctx.query.get('provider');
  if (!c || !p) throw BrokerError.validation({ query: ['consumer and provider are required'] });
  const result = await runMatrix(db, {
    selectors: [{ pacticipant: c }, { pacticipant: p }],
    ignore: [],
    limit: 100,
  });
  return htmlResponse(matrixPage(c, p, result));
};
