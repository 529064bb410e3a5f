// Handlers of the version, tag and branch routes.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, noContent } from '../http/hal.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import { findOrCreatePacticipant, type PacticipantRow } from '../pacticipants/queries.js';
import type { BodyOf, Handler } from '../route.js';
import { Checker, checkName } from '../validation/index.js';
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
import {
  addTag,
  addVersionToBranch,
  listBranches as branchesOf,
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
  removeVersionFromBranch,
  setBuildUrl,
  tagsOfVersion,
  type VersionRow,
  versionDetails,
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
  const { limit, offset } = pageParams(ctx);
  const rows = await versionsOf(db, p.id, limit, offset);
  return halResponse(versionsResource(ctx.links, ctx.path, p, rows, await decorated(db, ctx, p, rows)));
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
      return { p, v: (await findVersion(tx, p.id, number))!, created };
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

/** Tags a version, creating the pacticipant and version if missing: 201 with Location when the tag is new. */
export const addVersionTag: Handler = async (ctx, { db }) => {
  const name = checkName('pacticipant', ctx.param('pacticipant'));
  const number = checkName('version', ctx.param('version'));
  const tagName = checkName('tag', ctx.param('tag'));
  await ctx.body();
  const { tag, created } = await db.transaction(async (tx) => {
    const p = (await findOrCreatePacticipant(tx, name)).row;
    const v = (await findOrCreateVersion(tx, p.id, number)).row;
    return addTag(tx, v, tagName);
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
  const { limit } = pageParams(ctx);
  const rows = await versionsWithTag(db, p.id, ctx.param('tag'), limit);
  return halResponse({
    _embedded: { versions: await decorated(db, ctx, p, rows) },
    _links: { self: ctx.links.link(ctx.path) },
  });
};

export const listBranches: Handler = async (ctx, { db }) => {
  const p = await requirePacticipant(db, ctx.param('pacticipant'));
  return halResponse(branchesResource(ctx.links, ctx.path, p.name, await branchesOf(db, p.id)));
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
  const { limit } = pageParams(ctx);
  const rows = await branchVersions(db, b.id, limit);
  return halResponse({
    _embedded: { versions: await decorated(db, ctx, p, rows) },
    _links: { self: ctx.links.link(ctx.path) },
  });
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

/** Adds a version to a branch, creating pacticipant, version and branch if missing. */
export const addBranchVersion: Handler = async (ctx, { db }) => {
  const name = checkName('pacticipant', ctx.param('pacticipant'));
  const branchName = checkName('branch', ctx.param('branch'));
  const number = checkName('version', ctx.param('version'));
  await ctx.body();
  const { v, created } = await db.transaction(async (tx) => {
    const p = (await findOrCreatePacticipant(tx, name)).row;
    const v = (await findOrCreateVersion(tx, p.id, number)).row;
    const { created } = await addVersionToBranch(tx, p.id, branchName, v);
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
