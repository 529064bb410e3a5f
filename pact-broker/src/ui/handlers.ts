// Handlers of the HTML pages: load the rows (the broker's own queries and matrix service), render them.

import type { Db } from '../db/db.js';
import type { BrokerDeps } from '../deps.js';
import { listEnvironments } from '../environments/queries.js';
import { BrokerError } from '../errors.js';
import { authEnabled } from '../http/auth.js';
import type { RequestContext } from '../http/context.js';
import { MAX_INT4, pathInteger } from '../http/numbers.js';
import { parseMatrixQuery } from '../matrix/parse.js';
import { type MatrixResult, runMatrix } from '../matrix/service.js';
import { diffPacts, type PactDoc } from '../pact/content.js';
import { parseKeepingNumbers } from '../pact/numbers.js';
import { findPacticipant } from '../pacticipants/queries.js';
import { providersWithContracts } from '../provider-contracts/queries.js';
import type { Handler } from '../route.js';
import { branchesOfVersion, findVersion, tagsOfVersion } from '../versions/queries.js';
import { findDelivery, listDeliveries, listWebhooks, requeueDelivery } from '../webhooks/queries.js';
import { pactPage, verificationsPage } from './decorate.js';
import {
  canIDeployPage,
  canIDeployQuery,
  matrixApiQuery,
  matrixPage,
  readCanIDeployForm,
  readMatrixForm,
} from './deploy.js';
import { htmlResponse } from './html.js';
import { networkPage, type OverviewData, overviewPage, readFilter } from './overview.js';
import { pacticipantPage, versionPage } from './pacticipant.js';
import {
  findPact,
  findVerification,
  integrations,
  latestVerificationOf,
  pactContentBySha,
  pacticipantSummaries,
  pactsOfVersion,
  placements,
  previousDistinctPact,
  verificationHistory,
  verificationsOfVersion,
  versionsOf,
} from './queries.js';
import { verificationPage } from './verification.js';
import { webhooksPage } from './webhooks.js';

async function environmentNames(db: Db): Promise<string[]> {
  // Non-production environments first: columns read in the order versions travel.
  const envs = await listEnvironments(db);
  return [...envs.filter((e) => !e.production), ...envs.filter((e) => e.production)].map((e) => e.name);
}

async function overviewData(ctx: RequestContext, db: Db): Promise<OverviewData> {
  const [pacticipants, environments, placed, rows, withContracts] = await Promise.all([
    pacticipantSummaries(db),
    environmentNames(db),
    placements(db),
    integrations(db),
    providersWithContracts(db),
  ]);
  return {
    pacticipants,
    environments,
    placements: placed,
    integrations: rows,
    filter: readFilter(ctx.query),
    providersWithContracts: withContracts,
  };
}

/** `/ui` (and `/` for browsers): pacticipants, where their versions run, integrations and their status. */
export const showOverviewPage: Handler = async (ctx, { db }) =>
  htmlResponse(overviewPage(await overviewData(ctx, db)));

export const showNetworkPage: Handler = async (ctx, { db }) =>
  htmlResponse(networkPage(await overviewData(ctx, db)));

async function requireSummary(db: Db, name: string) {
  const [p] = await pacticipantSummaries(db, name);
  if (!p) throw BrokerError.notFound(`No pacticipant with name '${name}' found`);
  return p;
}

export const showPacticipantPage: Handler = async (ctx, { db }) => {
  const p = await requireSummary(db, ctx.param('pacticipant'));
  const [versions, placed, rows, allHooks, environments] = await Promise.all([
    versionsOf(db, p.id, 50),
    placements(db, { pacticipantId: p.id }),
    integrations(db),
    listWebhooks(db),
    environmentNames(db),
  ]);
  // The webhooks that fire for it as consumer or provider: named, matched by label, or for any pacticipant.
  const side = (id: number | null, label: string | null) =>
    id !== null ? id === p.id : label !== null ? p.labels.includes(label) : true;
  const webhooks = allHooks.filter(
    (w) => side(w.consumer_id, w.consumer_label) || side(w.provider_id, w.provider_label),
  );
  // The badge route's query for the branch head (the page draws the badge itself: no image from shields.io).
  const branch = p.main_branch ?? p.latest_branch;
  const badges = branch
    ? await Promise.all(
        environments.map(async (environment) => ({
          environment,
          deployable: (
            await runMatrix(db, canIDeployQuery({ pacticipant: p.name, version: '', branch, environment }))
          ).status.deployable,
        })),
      )
    : [];
  return htmlResponse(
    pacticipantPage({
      pacticipant: p,
      versions,
      placements: placed,
      asConsumer: rows.filter((r) => r.consumer === p.name),
      asProvider: rows.filter((r) => r.provider === p.name),
      webhooks,
      badges,
      baseUrl: ctx.baseUrl,
    }),
  );
};

export const showVersionPage: Handler = async (ctx, { db }) => {
  const name = ctx.param('pacticipant');
  const number = ctx.param('version');
  const p = await findPacticipant(db, name);
  if (!p) throw BrokerError.notFound(`No pacticipant with name '${name}' found`);
  const v = await findVersion(db, p.id, number);
  if (!v) throw BrokerError.notFound(`No version ${number} of ${name} found`);
  const [pacts, verifications, placed, environments, branches, tags] = await Promise.all([
    pactsOfVersion(db, v.id),
    verificationsOfVersion(db, v.id),
    placements(db, { versionId: v.id }),
    environmentNames(db),
    branchesOfVersion(db, v.id),
    tagsOfVersion(db, v.id),
  ]);
  const deploy = await Promise.all(
    environments.map(async (environment) => ({
      environment,
      result: await runMatrix(
        db,
        canIDeployQuery({ pacticipant: name, version: number, branch: '', environment }),
      ),
    })),
  );
  return htmlResponse(
    versionPage({
      pacticipant: name,
      version: v,
      branches: branches.map((b) => b.name),
      tags: tags.map((t) => t.name),
      pacts,
      verifications,
      placements: placed,
      deploy,
    }),
  );
};

async function choices(db: Db) {
  const [ps, environments] = await Promise.all([pacticipantSummaries(db), environmentNames(db)]);
  return { pacticipants: ps.map((p) => p.name), environments };
}

/** A 4xx from the matrix service (an unknown pacticipant or environment) shown on the form, not as an error page. */
async function asked(
  run: () => Promise<MatrixResult>,
): Promise<{ result: MatrixResult } | { problem: string }> {
  try {
    return { result: await run() };
  } catch (err) {
    if (err instanceof BrokerError && err.code === 'validation') {
      const detail = Array.isArray(err.errors) ? err.errors.join('; ') : err.message;
      return { problem: detail };
    }
    throw err;
  }
}

export const showCanIDeployPage: Handler = async (ctx, { db }) => {
  const f = readCanIDeployForm(ctx.query);
  const ready = f.pacticipant && f.environment && (f.version || f.branch);
  const answer = ready ? await asked(() => runMatrix(db, canIDeployQuery(f))) : undefined;
  return htmlResponse(canIDeployPage(f, await choices(db), answer));
};

export const showMatrixPage: Handler = async (ctx, { db }) => {
  const f = readMatrixForm(ctx.query);
  const answer = f.pacticipant
    ? await asked(() => runMatrix(db, parseMatrixQuery(matrixApiQuery(f))))
    : undefined;
  const c = await choices(db);
  if (answer && 'problem' in answer) throw BrokerError.validation({ query: [answer.problem] });
  return htmlResponse(matrixPage(f, c, answer?.result));
};

function parsePact(content: string): PactDoc {
  try {
    return parseKeepingNumbers(content) as PactDoc;
  } catch {
    // Stored content is validated JSON; an unreadable document renders as empty.
    return {} as PactDoc;
  }
}

async function pactResponse(db: Db, p: string, c: string, v: string | null) {
  const pact = await findPact(db, p, c, v);
  if (!pact) throw BrokerError.notFound(`No pact between ${c} and ${p}${v ? ` for version ${v}` : ''}`);
  const [previous, verification] = await Promise.all([
    previousDistinctPact(db, pact),
    latestVerificationOf(db, pact.pact_version_id),
  ]);
  const doc = parsePact(pact.content);
  const diff = previous
    ? { version: previous.consumer_version, text: diffPacts(parsePact(previous.content), doc) }
    : undefined;
  return htmlResponse(pactPage(p, c, pact, doc as Record<string, unknown>, { verification, diff }));
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

export const showVerificationPage: Handler = async (ctx, { db }) => {
  const p = ctx.param('provider');
  const c = ctx.param('consumer');
  const v = await findVerification(db, p, c, ctx.param('sha'), pathInteger(ctx, 'number', { max: MAX_INT4 }));
  if (!v) throw BrokerError.notFound(`No verification ${ctx.param('number')} of that pact found`);
  const pact = await pactContentBySha(db, p, c, v.sha);
  return htmlResponse(verificationPage(v, pact === undefined ? undefined : parsePact(pact)));
};

/** Whether this request may write: anyone when the broker has no credentials, else write-scoped ones. */
function canWrite(ctx: RequestContext, deps: BrokerDeps): boolean {
  if (!authEnabled(deps.config.auth)) return true;
  return ctx.identity.kind !== 'anonymous' && ctx.identity.scope === 'write';
}

export const showWebhooksPage: Handler = async (ctx, deps) => {
  const { db } = deps;
  const [webhooks, recent, dead] = await Promise.all([
    listWebhooks(db),
    listDeliveries(db, { limit: 50 }),
    listDeliveries(db, { status: 'dead', limit: 50 }),
  ]);
  return htmlResponse(
    webhooksPage({ webhooks, recent, dead, writer: canWrite(ctx, deps), retried: ctx.query.get('retried') }),
  );
};

/**
 * The retry form's POST: the API's retry (re-queue a dead delivery, kick the relay), then back to the webhooks page.
 * Browsers send stored credentials with any form post, so a post from another site is refused.
 */
export const retryDeliveryFromPage: Handler = async (ctx, { db, config, webhookRelay }) => {
  const site = String(ctx.headers['sec-fetch-site'] ?? '');
  const origin = ctx.headers.origin;
  const sameOrigin = (o: string) => {
    try {
      return o === ctx.baseUrl || new URL(o).host === ctx.headers.host;
    } catch {
      return false;
    }
  };
  if ((site && site !== 'same-origin' && site !== 'none') || (origin && !sameOrigin(origin)))
    throw new BrokerError('forbidden', 'The retry form only accepts posts from the broker’s own pages');
  const d = await findDelivery(db, ctx.param('uuid'));
  if (!d) throw BrokerError.notFound(`No triggered webhook with uuid ${ctx.param('uuid')} found`);
  if (d.status !== 'dead') throw new BrokerError('conflict', 'Only a dead delivery can be retried');
  await requeueDelivery(db, d.id, config.webhooks.maxAttempts);
  webhookRelay.kick();
  return { status: 303, headers: { Location: `/ui/webhooks?retried=${encodeURIComponent(d.uuid)}` } };
};
