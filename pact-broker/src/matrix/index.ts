// Matrix routes: /matrix (every selector form), /can-i-deploy and the branch/tag/main-branch shortcut resources.

import type { Db } from '../db/db.js';
import type { RequestContext } from '../http/context.js';
import { halResponse } from '../http/hal.js';
import type { HttpResponse as HttpResponseLike } from '../http/router.js';
import type { BrokerModule } from '../module.js';
import { badgeSvg } from './badge.js';
import { matrixJson, matrixText } from './decorate.js';
import { type MatrixQuery, parseCanIDeployQuery, parseMatrixQuery } from './parse.js';
import { versionFacts } from './queries.js';
import { runMatrix } from './service.js';

export { parseCanIDeployQuery, parseMatrixQuery } from './parse.js';
export { runMatrix } from './service.js';

async function respond(db: Db, ctx: RequestContext, q: MatrixQuery): Promise<HttpResponseLike> {
  const result = await runMatrix(db, q);
  if (/text\/plain/.test(String(ctx.headers.accept ?? ''))) {
    return { status: 200, body: matrixText(result), headers: { 'Content-Type': 'text/plain;charset=utf-8' } };
  }
  const ids = new Set<number>();
  for (const r of result.rows) {
    ids.add(r.publication.consumer_version_id);
    if (r.providerVersion) ids.add(r.providerVersion.id);
  }
  const facts = await versionFacts(db, [...ids]);
  return halResponse(matrixJson(ctx.links, result, facts));
}

/** Badges answer 200 with an SVG even when the question cannot be answered (unknown names show as "error"). */
async function badge(db: Db, label: string, q: MatrixQuery): Promise<HttpResponseLike> {
  let deployable: boolean | null | 'error';
  try {
    deployable = (await runMatrix(db, q)).summary.deployable;
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

export const matrixModule: BrokerModule = {
  name: 'matrix',
  register(router, { db }) {
    router.get('/matrix', (ctx) => respond(db, ctx, parseMatrixQuery(ctx.rawQuery)));
    router.get('/can-i-deploy', (ctx) => respond(db, ctx, parseCanIDeployQuery(ctx.rawQuery)));
    const toEnvironment =
      '/pacticipants/:pacticipant/branches/:branch/latest-version/can-i-deploy/to-environment/:environment';
    const toTag = '/pacticipants/:pacticipant/latest-version/:tag/can-i-deploy/to/:to';
    const canIMerge = '/pacticipants/:pacticipant/main-branch/can-i-merge';
    router.get(toEnvironment, (ctx) => respond(db, ctx, branchToEnvironment(ctx)));
    router.get(toTag, (ctx) => respond(db, ctx, tagToTag(ctx)));
    router.get(canIMerge, (ctx) => respond(db, ctx, mainBranch(ctx)));
    router.get(`${toEnvironment}/badge`, (ctx) => badge(db, 'can-i-deploy', branchToEnvironment(ctx)));
    router.get(`${toTag}/badge`, (ctx) => badge(db, 'can-i-deploy', tagToTag(ctx)));
    router.get(`${canIMerge}/badge`, (ctx) => badge(db, 'can-i-merge', mainBranch(ctx)));
  },
};
