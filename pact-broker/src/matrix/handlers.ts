// Handlers of the matrix routes: run the query, then answer JSON, a text table or a badge.

import type { Db } from '../db/db.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, textResponse } from '../http/hal.js';
import { wantsText } from '../http/negotiate.js';
import type { HttpResponse } from '../http/types.js';
import type { Handler } from '../route.js';
import { badgeSvg } from './badge.js';
import { matrixJson, matrixText } from './decorate.js';
import { type MatrixQuery, parseCanIDeployQuery, parseMatrixQuery } from './parse.js';
import { versionFacts } from './queries.js';
import { runMatrix } from './service.js';

async function respond(db: Db, ctx: RequestContext, q: MatrixQuery): Promise<HttpResponse> {
  const result = await runMatrix(db, q);
  if (wantsText(ctx.headers)) return textResponse(matrixText(result));
  const ids = new Set<number>();
  for (const r of result.rows) {
    ids.add(r.publication.consumer_version_id);
    if (r.providerVersion) ids.add(r.providerVersion.id);
  }
  const facts = await versionFacts(db, [...ids]);
  return halResponse(matrixJson(ctx.links, result, facts));
}

/** Badges answer 200 with an SVG even when the question cannot be answered (unknown names show as "error"). */
async function badge(db: Db, label: string, q: MatrixQuery): Promise<HttpResponse> {
  let deployable: boolean | null | 'error';
  try {
    deployable = (await runMatrix(db, q)).status.deployable;
  } catch {
    deployable = 'error';
  }
  return {
    status: 200,
    body: badgeSvg(label, deployable),
    headers: { 'Content-Type': 'image/svg+xml;charset=utf-8', 'Cache-Control': 'no-cache' },
  };
}

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
export const showCanIDeploy: Handler = (ctx, { db }) => respond(db, ctx, parseCanIDeployQuery(ctx.rawQuery));
export const canIDeployBranchToEnvironment: Handler = (ctx, { db }) =>
  respond(db, ctx, branchToEnvironment(ctx));
export const canIDeployTagToTag: Handler = (ctx, { db }) => respond(db, ctx, tagToTag(ctx));
export const canIMerge: Handler = (ctx, { db }) => respond(db, ctx, mainBranch(ctx));
export const canIDeployBranchToEnvironmentBadge: Handler = (ctx, { db }) =>
  badge(db, 'can-i-deploy', branchToEnvironment(ctx));
export const canIDeployTagToTagBadge: Handler = (ctx, { db }) => badge(db, 'can-i-deploy', tagToTag(ctx));
export const canIMergeBadge: Handler = (ctx, { db }) => badge(db, 'can-i-merge', mainBranch(ctx));
