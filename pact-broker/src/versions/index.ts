// Routes for versions, latest versions, branches, branch versions and tags of a pacticipant.

import type { Db } from '../db/db.js';
import type { BrokerDeps } from '../deps.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, noContent, path } from '../http/hal.js';
import type { BrokerModule } from '../module.js';
import { requirePacticipant } from '../pacticipants/index.js';
import { findOrCreatePacticipant, type PacticipantRow } from '../pacticipants/queries.js';
import { Checker, checkName } from '../validation/index.js';
import {
  branchResource,
  branchVersionResource,
  decorateVersion,
  tagResource,
  versionPath,
} from './decorate.js';
import {
  addTag,
  addVersionToBranch,
  branchHasVersion,
  branchVersions,
  deleteBranch,
  deleteTag,
  deleteVersion,
  findBranch,
  findOrCreateVersion,
  findTag,
  findVersion,
  latestBranchVersion,
  latestVersion,
  listBranches,
  listVersions,
  removeVersionFromBranch,
  setBuildUrl,
  tagsOfVersion,
  type VersionRow,
  versionsWithTag,
} from './queries.js';

export async function requireVersion(
  db: Db,
  pacticipant: PacticipantRow,
  number: string,
): Promise<VersionRow> {
  const v = await findVersion(db, pacticipant.id, number);
  if (!v) throw BrokerError.notFound(`No version ${number} of ${pacticipant.name} found`);
  return v;
}

async function requireBranch(db: Db, pacticipant: PacticipantRow, name: string) {
  const b = await findBranch(db, pacticipant.id, name);
  if (!b) throw BrokerError.notFound(`No branch ${name} of ${pacticipant.name} found`);
  return b;
}

function pageParams(ctx: RequestContext): { limit: number; offset: number } {
  const size = Number(ctx.query.get('pageSize') ?? ctx.query.get('size') ?? 100);
  const page = Number(ctx.query.get('pageNumber') ?? ctx.query.get('page') ?? 1);
  const c = new Checker();
  if (!Number.isInteger(size) || size < 1 || size > 1000)
    c.add('pageSize', 'must be an integer from 1 to 1000');
  if (!Number.isInteger(page) || page < 1) c.add('pageNumber', 'must be a positive integer');
  c.throwIfAny();
  return { limit: size, offset: (page - 1) * size };
}

export const versionsModule: BrokerModule = {
  name: 'versions',
  register(router, deps: BrokerDeps) {
    const { db } = deps;
    const showVersion = async (ctx: RequestContext, p: PacticipantRow, v: VersionRow, status = 200) =>
      halResponse(await decorateVersion(db, ctx.links, p, v, deps.linkRegistry), status);

    router.get('/pacticipants/:pacticipant/versions', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const { limit, offset } = pageParams(ctx);
      const rows = await listVersions(db, p.id, limit, offset);
      const versions = await Promise.all(
        rows.map((v) => decorateVersion(db, ctx.links, p, v, deps.linkRegistry)),
      );
      return halResponse({
        _embedded: { versions },
        _links: {
          self: ctx.links.link(ctx.path, { title: `All application versions of ${p.name}` }),
          'pb:pacticipant': ctx.links.link(path`/pacticipants/${p.name}`, {
            title: 'Pacticipant',
            name: p.name,
          }),
          'pb:versions': rows.map((v) =>
            ctx.links.link(versionPath(p.name, v.number), { title: 'Version', name: v.number }),
          ),
        },
      });
    });

    router.get('/pacticipants/:pacticipant/versions/:version', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      return showVersion(ctx, p, await requireVersion(db, p, ctx.param('version')));
    });

    const upsertVersion = (replace: boolean) => async (ctx: RequestContext) => {
      const name = checkName('pacticipant', ctx.param('pacticipant'));
      const number = checkName('version', ctx.param('version'));
      const body = ctx.jsonObject();
      const c = new Checker();
      const buildUrl = c.optionalString('buildUrl', body.buildUrl);
      const branch = c.name('branch', body.branch, { required: false });
      const tags = c.stringList('tags', body.tags);
      c.throwIfAny();
      const result = await db.transaction(async (tx) => {
        const p = (await findOrCreatePacticipant(tx, name)).row;
        const { row, created } = await findOrCreateVersion(tx, p.id, number);
        if (buildUrl !== undefined || replace) await setBuildUrl(tx, row.id, buildUrl ?? null);
        if (branch) await addVersionToBranch(tx, p.id, branch, row);
        for (const t of tags ?? []) await addTag(tx, row, t);
        return { p, v: (await findVersion(tx, p.id, number))!, created };
      });
      return showVersion(ctx, result.p, result.v, result.created ? 201 : 200);
    };
    router.put('/pacticipants/:pacticipant/versions/:version', upsertVersion(true));
    router.patch('/pacticipants/:pacticipant/versions/:version', upsertVersion(false));

    router.delete('/pacticipants/:pacticipant/versions/:version', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const v = await requireVersion(db, p, ctx.param('version'));
      await deleteVersion(db, v.id);
      return noContent();
    });

    router.get('/pacticipants/:pacticipant/latest-version', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const v = await latestVersion(db, p.id);
      if (!v) throw BrokerError.notFound(`${p.name} has no versions`);
      return showVersion(ctx, p, v);
    });

    router.get('/pacticipants/:pacticipant/latest-version/:tag', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const tag = ctx.param('tag');
      const v = await latestVersion(db, p.id, tag);
      if (!v) throw BrokerError.notFound(`${p.name} has no version tagged ${tag}`);
      return showVersion(ctx, p, v);
    });

    // Tags.
    router.get('/pacticipants/:pacticipant/versions/:version/tags', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const v = await requireVersion(db, p, ctx.param('version'));
      const tags = await tagsOfVersion(db, v.id);
      return halResponse({
        _embedded: { tags: tags.map((t) => tagResource(ctx.links, p.name, v.number, t)) },
        _links: { self: ctx.links.link(ctx.path) },
      });
    });

    router.get('/pacticipants/:pacticipant/versions/:version/tags/:tag', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const v = await requireVersion(db, p, ctx.param('version'));
      const tag = await findTag(db, v.id, ctx.param('tag'));
      if (!tag) throw BrokerError.notFound(`Version ${v.number} of ${p.name} has no tag ${ctx.param('tag')}`);
      return halResponse(tagResource(ctx.links, p.name, v.number, tag));
    });

    router.put('/pacticipants/:pacticipant/versions/:version/tags/:tag', async (ctx) => {
      const name = checkName('pacticipant', ctx.param('pacticipant'));
      const number = checkName('version', ctx.param('version'));
      const tagName = checkName('tag', ctx.param('tag'));
      ctx.jsonObject();
      const { tag, created } = await db.transaction(async (tx) => {
        const p = (await findOrCreatePacticipant(tx, name)).row;
        const v = (await findOrCreateVersion(tx, p.id, number)).row;
        return addTag(tx, v, tagName);
      });
      const body = tagResource(ctx.links, name, number, tag);
      return halResponse(body, created ? 201 : 200, created ? { Location: body._links.self.href } : {});
    });

    router.delete('/pacticipants/:pacticipant/versions/:version/tags/:tag', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const v = await requireVersion(db, p, ctx.param('version'));
      const tag = await findTag(db, v.id, ctx.param('tag'));
      if (!tag) throw BrokerError.notFound(`Version ${v.number} of ${p.name} has no tag ${ctx.param('tag')}`);
      await deleteTag(db, tag.id);
      return noContent();
    });

    router.get('/pacticipants/:pacticipant/tags/:tag/versions', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const { limit } = pageParams(ctx);
      const rows = await versionsWithTag(db, p.id, ctx.param('tag'), limit);
      const versions = await Promise.all(
        rows.map((v) => decorateVersion(db, ctx.links, p, v, deps.linkRegistry)),
      );
      return halResponse({ _embedded: { versions }, _links: { self: ctx.links.link(ctx.path) } });
    });

    // Branches.
    router.get('/pacticipants/:pacticipant/branches', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const branches = await listBranches(db, p.id);
      return halResponse({
        _embedded: { branches: branches.map((b) => branchResource(ctx.links, p.name, b)) },
        _links: {
          self: ctx.links.link(ctx.path),
          'pb:pacticipant': ctx.links.link(path`/pacticipants/${p.name}`, {
            title: 'Pacticipant',
            name: p.name,
          }),
        },
      });
    });

    router.get('/pacticipants/:pacticipant/branches/:branch', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      return halResponse(branchResource(ctx.links, p.name, await requireBranch(db, p, ctx.param('branch'))));
    });

    router.delete('/pacticipants/:pacticipant/branches/:branch', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const b = await requireBranch(db, p, ctx.param('branch'));
      await deleteBranch(db, b.id);
      return noContent();
    });

    router.get('/pacticipants/:pacticipant/branches/:branch/latest-version', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const b = await requireBranch(db, p, ctx.param('branch'));
      const v = await latestBranchVersion(db, b.id);
      if (!v) throw BrokerError.notFound(`Branch ${b.name} of ${p.name} has no versions`);
      return showVersion(ctx, p, v);
    });

    router.get('/pacticipants/:pacticipant/branches/:branch/versions', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const b = await requireBranch(db, p, ctx.param('branch'));
      const { limit } = pageParams(ctx);
      const rows = await branchVersions(db, b.id, limit);
      return halResponse({
        _embedded: {
          versions: await Promise.all(
            rows.map((v) => decorateVersion(db, ctx.links, p, v, deps.linkRegistry)),
          ),
        },
        _links: { self: ctx.links.link(ctx.path) },
      });
    });

    router.get('/pacticipants/:pacticipant/branches/:branch/versions/:version', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const b = await requireBranch(db, p, ctx.param('branch'));
      const v = await requireVersion(db, p, ctx.param('version'));
      if (!(await branchHasVersion(db, b.id, v.id))) {
        throw BrokerError.notFound(`Version ${v.number} is not on branch ${b.name}`);
      }
      return halResponse(branchVersionResource(ctx.links, p.name, b.name, v));
    });

    router.put('/pacticipants/:pacticipant/branches/:branch/versions/:version', async (ctx) => {
      const name = checkName('pacticipant', ctx.param('pacticipant'));
      const branchName = checkName('branch', ctx.param('branch'));
      const number = checkName('version', ctx.param('version'));
      ctx.jsonObject();
      const { v, created } = await db.transaction(async (tx) => {
        const p = (await findOrCreatePacticipant(tx, name)).row;
        const v = (await findOrCreateVersion(tx, p.id, number)).row;
        const { created } = await addVersionToBranch(tx, p.id, branchName, v);
        return { v, created };
      });
      const body = branchVersionResource(ctx.links, name, branchName, v);
      return halResponse(body, created ? 201 : 200, created ? { Location: body._links.self.href } : {});
    });

    router.delete('/pacticipants/:pacticipant/branches/:branch/versions/:version', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      const b = await requireBranch(db, p, ctx.param('branch'));
      const v = await requireVersion(db, p, ctx.param('version'));
      if (!(await removeVersionFromBranch(db, b.id, v.id))) {
        throw BrokerError.notFound(`Version ${v.number} is not on branch ${b.name}`);
      }
      return noContent();
    });
  },
};
