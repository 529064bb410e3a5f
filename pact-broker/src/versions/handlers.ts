// Handlers of the version, tag and branch routes.

import type { Db } from '../db/db.js';
import { findEnvironmentByUuid } from '../environments/queries.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { requestedFilter } from '../http/filter.js';
import { halResponse, noContent } from '../http/hal.js';
import { FIRST_PAGE, limitOffset, paginated, requestedPage } from '../http/pagination.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import { findOrCreatePacticipant, type PacticipantRow } from '../pacticipants/queries.js';
import type { BodyOf, Handler } from '../route.js';
import { checkName } from '../validation/index.js';
import type { versionBody } from './bodies.js';
import {
  branchesResource,
  branchResource,
  branchVersionResource,
  decorateVersion,
  tagResource,
  tagsResource,
  versionsResource,
} from './decorate.js';
import { addBranch, createTag, maybeDeployForTag } from './inference.js';
import {
  addTag,
  addVersionToBranch,
  listBranches as branchesOf,
  branchHasVersion,
  branchVersions,
  countVersionsWithTag,
  deleteBranch,
  deleteBranchesExcept,
  deleteTag,
  deleteVersion,
  findBranch,
  findOrCreateVersion,
  findTag,
  findVersion,
  latestBranchVersion,
  latestVersion,
  removeVersionFromBranch,
  setBuildUrl,
  tagsOfVersion,
  type VersionRow,
  versionDetails,
  versionsInEnvironment,
  listVersions as versionsOf,
  versionsWithTag,
} from './queries.js';

/** The version of `pacticipant` numbered in the URL, or a 404. */
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

async function requireTag(db: Db, p: PacticipantRow, v: VersionRow, name: string) {
  const tag = await findTag(db, v.id, name);
  if (!tag) throw BrokerError.notFound(`Version ${v.number} of ${p.name} has no tag ${name}`);
  return tag;
}

/** Loads what each version's representation shows, then decorates them. */
function decorated(db: Db, ctx: RequestContext, p: PacticipantRow, rows: VersionRow[]) {
  return Promise.all(rows.map(async (v) => decorateVersion(ctx.links, p, v, await versionDetails(db, v.id))));
}

async function versionResponse(db: Db, ctx: RequestContext, p: PacticipantRow, v: VersionRow, status = 200) {
  const [body] = await decorated(db, ctx, p, [v]);
  return halResponse(body, status);
}

export const listVersions: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const page = requestedPage(ctx) ?? FIRST_PAGE;
  const { limit, offset } = limitOffset(page);
  const { rows, total } = await versionsOf(db, p.id, limit, offset);
  const body = versionsResource(ctx.links, ctx.path, p, rows, await decorated(db, ctx, p, rows));
  return halResponse(paginated(body, page, total, ctx.links.url(ctx.path)));
};

export const showVersion: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  return versionResponse(db, ctx, p, await requireVersion(db, p, ctx.param('version')));
};

/** PUT replaces the build URL (absent → none); PATCH keeps it. Both create the pacticipant and version if missing. */
const upsertVersion =
  (replace: boolean): Handler<BodyOf<typeof versionBody>> =>
  async (ctx, { db }) => {
    const name = checkName('pacticipant', ctx.param('pacticipant'));
    const number = checkName('version', ctx.param('version'));
    const { buildUrl, branch, tags } = await ctx.body();
    const result = await db.transaction(async (tx) => {
      const p = (await findOrCreatePacticipant(tx, name)).row;
      const { row, created } = await findOrCreateVersion(tx, p.id, number);
      if (buildUrl !== undefined || replace) await setBuildUrl(tx, row.id, buildUrl ?? null);
      if (branch) await addVersionToBranch(tx, p.id, branch, row);
      for (const t of tags ?? []) await addTag(tx, row, t);
      const v = await findVersion(tx, p.id, number);
      if (!v) throw BrokerError.concurrentWrite('version', 'was deleted by a concurrent request');
      return { p, v, created };
    });
    return versionResponse(db, ctx, result.p, result.v, result.created ? 201 : 200);
  };

export const replaceVersion = upsertVersion(true);
export const patchVersion = upsertVersion(false);

export const removeVersion: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const v = await requireVersion(db, p, ctx.param('version'));
  await deleteVersion(db, v.id);
  return noContent();
};

export const showLatestVersion: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const v = await latestVersion(db, p.id);
  if (!v) throw BrokerError.notFound(`${p.name} has no versions`);
  return versionResponse(db, ctx, p, v);
};

export const showLatestTaggedVersion: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const tag = ctx.param('tag');
  const v = await latestVersion(db, p.id, tag);
  if (!v) throw BrokerError.notFound(`${p.name} has no version tagged ${tag}`);
  return versionResponse(db, ctx, p, v);
};

export const listVersionTags: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const v = await requireVersion(db, p, ctx.param('version'));
  return halResponse(tagsResource(ctx.links, ctx.path, p.name, v.number, await tagsOfVersion(db, v.id)));
};

export const showVersionTag: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const v = await requireVersion(db, p, ctx.param('version'));
  const tag = await requireTag(db, p, v, ctx.param('tag'));
  return halResponse(tagResource(ctx.links, p.name, v.number, tag));
};

/**
 * Tags a version, creating the pacticipant and version if missing: 201 with Location when the tag is new. A new tag
 * runs the first-tag-as-branch and main-branch rules; every PUT records a deployment when the tag names an
 * environment (create_deployed_versions_for_tags), as upstream.
 */
export const addVersionTag: Handler = async (ctx, { db, config }) => {
  const name = checkName('pacticipant', ctx.param('pacticipant'));
  const number = checkName('version', ctx.param('version'));
  const tagName = checkName('tag', ctx.param('tag'));
  await ctx.body();
  const { tag, created } = await db.transaction(async (tx) => {
    const p = (await findOrCreatePacticipant(tx, name)).row;
    const v = (await findOrCreateVersion(tx, p.id, number)).row;
    const existing = await findTag(tx, v.id, tagName);
    const result = existing
      ? { tag: existing, created: false }
      : await createTag(tx, config.settings, v, tagName);
    await maybeDeployForTag(tx, config.settings, p, v, tagName);
    return result;
  });
  const body = tagResource(ctx.links, name, number, tag);
  return halResponse(body, created ? 201 : 200, created ? { Location: body._links.self.href } : {});
};

export const removeVersionTag: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const v = await requireVersion(db, p, ctx.param('version'));
  const tag = await requireTag(db, p, v, ctx.param('tag'));
  await deleteTag(db, tag.id);
  return noContent();
};

export const listTaggedVersions: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const page = requestedPage(ctx) ?? FIRST_PAGE;
  const { limit, offset } = limitOffset(page);
  const [rows, total] = await Promise.all([
    versionsWithTag(db, p.id, ctx.param('tag'), limit, offset),
    countVersionsWithTag(db, p.id, ctx.param('tag')),
  ]);
  const body = {
    _embedded: { versions: await decorated(db, ctx, p, rows) },
    _links: { self: ctx.links.link(ctx.path) },
  };
  return halResponse(paginated(body, page, total, ctx.links.url(ctx.path)));
};

/** The first 100 branches unless another page is asked for, filtered by `q`, as upstream. */
export const listBranches: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const page = requestedPage(ctx) ?? FIRST_PAGE;
  const { limit, offset } = limitOffset(page);
  const { rows, total } = await branchesOf(db, p.id, requestedFilter(ctx), limit, offset);
  const body = branchesResource(ctx.links, ctx.path, p.name, rows);
  return halResponse(paginated(body, page, total, ctx.links.url(ctx.path)));
};

export const showBranch: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  return halResponse(branchResource(ctx.links, p.name, await requireBranch(db, p, ctx.param('branch'))));
};

export const removeBranch: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const b = await requireBranch(db, p, ctx.param('branch'));
  await deleteBranch(db, b.id);
  return noContent();
};

export const showLatestBranchVersion: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const b = await requireBranch(db, p, ctx.param('branch'));
  const v = await latestBranchVersion(db, b.id);
  if (!v) throw BrokerError.notFound(`Branch ${b.name} of ${p.name} has no versions`);
  return versionResponse(db, ctx, p, v);
};

export const listBranchVersions: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const b = await requireBranch(db, p, ctx.param('branch'));
  const page = requestedPage(ctx) ?? FIRST_PAGE;
  const { limit, offset } = limitOffset(page);
  const { rows, total } = await branchVersions(db, b.id, limit, offset);
  const body = {
    _embedded: { versions: await decorated(db, ctx, p, rows) },
    _links: { self: ctx.links.link(ctx.path) },
  };
  return halResponse(paginated(body, page, total, ctx.links.url(ctx.path)));
};

export const showBranchVersion: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const b = await requireBranch(db, p, ctx.param('branch'));
  const v = await requireVersion(db, p, ctx.param('version'));
  if (!(await branchHasVersion(db, b.id, v.id))) {
    throw BrokerError.notFound(`Version ${v.number} is not on branch ${b.name}`);
  }
  return halResponse(branchVersionResource(ctx.links, p.name, b.name, v));
};

/** Adds a version to a branch, creating pacticipant, version and branch if missing (and detecting the main branch). */
export const addBranchVersion: Handler = async (ctx, { db, config }) => {
  const name = checkName('pacticipant', ctx.param('pacticipant'));
  const branchName = checkName('branch', ctx.param('branch'));
  const number = checkName('version', ctx.param('version'));
  await ctx.body();
  const { v, created } = await db.transaction(async (tx) => {
    const p = (await findOrCreatePacticipant(tx, name)).row;
    const v = (await findOrCreateVersion(tx, p.id, number)).row;
    const { created } = await addBranch(tx, config.settings, p.id, branchName, v);
    return { v, created };
  });
  const body = branchVersionResource(ctx.links, name, branchName, v);
  return halResponse(body, created ? 201 : 200, created ? { Location: body._links.self.href } : {});
};

export const removeBranchVersion: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const b = await requireBranch(db, p, ctx.param('branch'));
  const v = await requireVersion(db, p, ctx.param('version'));
  if (!(await removeVersionFromBranch(db, b.id, v.id))) {
    throw BrokerError.notFound(`Version ${v.number} is not on branch ${b.name}`);
  }
  return noContent();
};

/** The versions of a pacticipant ever deployed or released to an environment (by uuid), newest first. */
export const listEnvironmentVersions: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const env = await findEnvironmentByUuid(db, ctx.param('uuid'));
  if (!env) throw BrokerError.notFound(`No environment with uuid '${ctx.param('uuid')}' found`);
  const page = requestedPage(ctx);
  const { limit, offset } = limitOffset(page);
  const { rows, total } = await versionsInEnvironment(db, p.id, env.id, limit, offset);
  const body = versionsResource(ctx.links, ctx.path, p, rows, await decorated(db, ctx, p, rows));
  body._links.self.title = `Versions for ${p.name} in environment ${env.display_name ?? env.name}`;
  return halResponse(paginated(body, page, total, ctx.links.url(ctx.path)));
};

/** Deletes every branch but the main one and `?exclude[]=…` (202 with a notice, as upstream). */
export const removeBranches: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  const keep = [...ctx.query.entries()].filter(([k]) => /^exclude(\[\d*\])?$/.test(k)).map(([, v]) => v);
  const { deleted, remaining } = await db.transaction((tx) => deleteBranchesExcept(tx, p.id, keep));
  return halResponse(
    {
      notices: [
        {
          type: 'success',
          text: `Scheduled deletion of ${deleted} branches for pacticipant ${p.name}. Remaining branches are: ${remaining.join(', ')}`,
        },
      ],
    },
    202,
  );
};
