// Matrix routes: /matrix (every selector form), /can-i-deploy and the branch/tag/main-branch shortcut resources.

import type { Db } from '../db/db.js';
import type { RequestContext } from '../http/context.js';
import { halResponse } from '../http/hal.js';
import type { HttpResponse as HttpResponseLike } from '../http/router.js';
import type { BrokerModule } from '../module.js';
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

export const matrixModule: BrokerModule = {
  name: 'matrix',
  register(router, { db }) {
    router.get('/matrix', (ctx) => respond(db, ctx, parseMatrixQuery(ctx.rawQuery)));
    router.get('/can-i-deploy', (ctx) => respond(db, ctx, parseCanIDeployQuery(ctx.rawQuery)));
    router.get(
      '/pacticipants/:pacticipant/branches/:branch/latest-version/can-i-deploy/to-environment/:environment',
      (ctx) =>
        respond(db, ctx, {
          selectors: [{ pacticipant: ctx.param('pacticipant'), branch: ctx.param('branch'), latest: true }],
          ignore: [],
          environment: ctx.param('environment'),
          latestby: 'cvpv',
        }),
    );
    router.get('/pacticipants/:pacticipant/latest-version/:tag/can-i-deploy/to/:to', (ctx) =>
      respond(db, ctx, {
        selectors: [{ pacticipant: ctx.param('pacticipant'), tag: ctx.param('tag'), latest: true }],
        ignore: [],
        tag: ctx.param('to'),
        latest: true,
        latestby: 'cvp',
      }),
    );
    router.get('/pacticipants/:pacticipant/main-branch/can-i-merge', (ctx) =>
      respond(db, ctx, {
        selectors: [{ pacticipant: ctx.param('pacticipant'), mainBranch: true, latest: true }],
        ignore: [],
        mainBranch: true,
        latestby: 'cvpv',
      }),
    );
  },
};
