// Handlers of the matrix routes: run the query, then answer JSON, a text table or a badge.

import type { Badge } from '../badges/decorate.js';
import { deployBadgeResponse } from '../badges/deliver.js';
import type { Db } from '../db/db.js';
import type { BrokerDeps } from '../deps.js';
import { findEnvironmentByName } from '../environments/queries.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, textResponse } from '../http/hal.js';
import { wantsText } from '../http/negotiate.js';
import type { HttpResponse } from '../http/types.js';
import { findPacticipant } from '../pacticipants/queries.js';
import type { Handler } from '../route.js';
import { findBranch, latestBranchVersion, latestVersion } from '../versions/queries.js';
import { matrixJson, matrixText } from './decorate.js';
import { type MatrixQuery, parseCanIDeployQuery, parseMatrixQuery } from './parse.js';
import { runMatrix, runMatrixWithFacts } from './service.js';

async function respond(db: Db, ctx: RequestContext, q: MatrixQuery): Promise<HttpResponse> {
  if (wantsText(ctx.headers)) return textResponse(matrixText(await runMatrix(db, q)));
  const result = await runMatrixWithFacts(db, q);
  return halResponse(matrixJson(ctx.links, result, result.facts));
}

/**
 * A can-i-deploy badge, as the official broker draws it: `{label|can-i-deploy}` / `{from} to {to}`, green when
 * deployable and red otherwise; a missing pacticipant, branch, version or environment is a grey "not found" badge,
 * an unexpected error a grey "error" badge.
 */
async function deployBadge(
  deps: BrokerDeps,
  ctx: RequestContext,
  check: () => Promise<Badge | undefined>,
  q: MatrixQuery,
  text: string,
): Promise<HttpResponse> {
  let badge: Badge;
  try {
    badge = (await check()) ?? {
      left: ctx.query.get('label') || 'can-i-deploy',
      right: text,
      colour: (await runMatrix(deps.db, q)).status.deployable === true ? 'brightgreen' : 'red',
    };
  } catch (err) {
    deps.log('error', `can-i-deploy badge: ${(err as Error).stack ?? String(err)}`);
    badge = { left: 'error', right: 'reference: see the broker log', colour: 'lightgrey' };
  }
  return deployBadgeResponse(deps.config.settings.badges, badge);
}

const notFound = (what: string): Badge => ({ left: what, right: 'not found', colour: 'lightgrey' });

const branchToEnvironment = (ctx: RequestContext): MatrixQuery => ({
  selectors: [{ pacticipant: ctx.param('pacticipant'), branch: ctx.param('branch'), latest: true }],
  ignore: [],
  environment: ctx.param('environment'),
  latestby: 'cvpv',
});
const tagToTag = (ctx: RequestContext): MatrixQuery => ({
  selectors: [{ pacticipant: ctx.param('pacticipant'), tag: ctx.param('tag'), latest: true }],
  ignore: [],
  tag: ctx.param('to'),
  latest: true,
  latestby: 'cvp',
});
const mainBranch = (ctx: RequestContext): MatrixQuery => ({
  selectors: [{ pacticipant: ctx.param('pacticipant'), mainBranch: true, latest: true }],
  ignore: [],
  mainBranch: true,
  latestby: 'cvpv',
});

export const showMatrix: Handler = (ctx, { db }) => respond(db, ctx, parseMatrixQuery(ctx.rawQuery));

/** The matrix of one integration (every version pair), with /matrix's other options; 404 unless both exist. */
export const showIntegrationMatrix: Handler = async (ctx, { db }) => {
  for (const role of ['provider', 'consumer'] as const) {
    if (!(await findPacticipant(db, ctx.param(role))))
      throw BrokerError.notFound(`No ${role} with name '${ctx.param(role)}' found`);
  }
  const q = parseMatrixQuery(ctx.rawQuery);
  return respond(db, ctx, {
    ...q,
    selectors: [{ pacticipant: ctx.param('consumer') }, { pacticipant: ctx.param('provider') }],
  });
};
export const showCanIDeploy: Handler = (ctx, { db }) => respond(db, ctx, parseCanIDeployQuery(ctx.rawQuery));
export const canIDeployBranchToEnvironment: Handler = (ctx, { db }) =>
  respond(db, ctx, branchToEnvironment(ctx));
export const canIDeployTagToTag: Handler = (ctx, { db }) => respond(db, ctx, tagToTag(ctx));
export const canIMerge: Handler = (ctx, { db }) => respond(db, ctx, mainBranch(ctx));
export const canIDeployBranchToEnvironmentBadge: Handler = (ctx, deps) =>
  deployBadge(
    deps,
    ctx,
    async () => {
      const p = await findPacticipant(deps.db, ctx.param('pacticipant'));
      if (!p) return notFound('pacticipant');
      const branch = await findBranch(deps.db, p.id, ctx.param('branch'));
      if (!branch) return notFound('branch');
      if (!(await latestBranchVersion(deps.db, branch.id))) return notFound('version');
      if (!(await findEnvironmentByName(deps.db, ctx.param('environment')))) return notFound('environment');
      return undefined;
    },
    branchToEnvironment(ctx),
    `${ctx.param('branch')} to ${ctx.param('environment')}`,
  );

export const canIDeployTagToTagBadge: Handler = (ctx, deps) =>
  deployBadge(
    deps,
    ctx,
    async () => {
      const p = await findPacticipant(deps.db, ctx.param('pacticipant'));
      if (!p) return notFound('pacticipant');
      if (!(await latestVersion(deps.db, p.id, ctx.param('tag')))) return notFound('version');
      return undefined;
    },
    tagToTag(ctx),
    `${ctx.param('tag')} to ${ctx.param('to')}`,
  );

/** can-i-merge: success / failed / unknown; a successful badge may be cached (badge_default_cache_setting). */
export const canIMergeBadge: Handler = async (ctx, deps) => {
  const { db, config } = deps;
  let badge: Badge;
  try {
    const p = await findPacticipant(db, ctx.param('pacticipant'));
    const branch = p?.main_branch ? await findBranch(db, p.id, p.main_branch) : undefined;
    const head = branch ? await latestBranchVersion(db, branch.id) : undefined;
    if (!p) badge = notFound('pacticipant');
    else if (!head) badge = notFound('main branch version');
    else {
      const deployable = (await runMatrix(db, mainBranch(ctx))).status.deployable;
      const [right, colour] =
        deployable === null
          ? (['unknown', 'lightgrey'] as const)
          : deployable
            ? (['success', 'brightgreen'] as const)
            : (['failed', 'red'] as const);
      return deployBadgeResponse(
        config.settings.badges,
        { left: 'can-i-merge', right, colour },
        config.settings.badges.defaultCacheSetting,
      );
    }
  } catch (err) {
    deps.log('error', `can-i-merge badge: ${(err as Error).stack ?? String(err)}`);
    badge = { left: 'error', right: 'reference: see the broker log', colour: 'lightgrey' };
  }
  return deployBadgeResponse(config.settings.badges, badge);
};
