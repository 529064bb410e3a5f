// Handlers of the pact routes.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, noContent, path, textResponse } from '../http/hal.js';
import type { HttpResponse } from '../http/types.js';
import { duplicateFinder, duplicateMessage } from '../pacticipants/duplicates.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import {
  existingPacticipantNames,
  findOrCreatePacticipant,
  findOrCreatePacticipants,
  type PacticipantRow,
  pacticipantNames,
} from '../pacticipants/queries.js';
import { compareNewPact, type PactComparisonNotice } from '../provider-contracts/compare.js';
import { pacticipantsWithContractsByName, providerIdsWithContracts } from '../provider-contracts/queries.js';
import type { BodyOf, Handler } from '../route.js';
import type { BrokerSettings } from '../settings.js';
import { checkName } from '../validation/index.js';
import { addBranch, createTag } from '../versions/inference.js';
import { findOrCreateVersion, findVersion, insertVersion, setBuildUrl } from '../versions/queries.js';
import type { pactBody, publishBody } from './bodies.js';
import { diffPacts, type PactDoc } from './content.js';
import {
  decoratePact,
  diffWithPreviousText,
  latestPactsResource,
  pactVersionsResource,
  providerPactsResource,
  publishedContractsResource,
} from './decorate.js';
import { parseKeepingNumbers, stringifyKeepingNumbers } from './numbers.js';
import { type ConflictMode, prepareContracts, publishPact, publishPacts } from './publish.js';
import {
  deletePublication,
  deletePublications,
  findPactVersion,
  type LatestFilter,
  latestPact,
  latestPactForSha,
  latestPactsAll,
  latestPactsForProvider,
  type PactRow,
  pactForConsumerVersion,
  pactForNames,
  pactsForProvider,
  pactsOfIntegration,
  previousDistinctPact,
} from './queries.js';

/** A pact response; X-Pact-Consumer-Version names the consumer version it belongs to (as upstream). */
function pactResponse(ctx: RequestContext, pact: PactRow, status = 200, metadata?: string): HttpResponse {
  return halResponse(
    stringifyKeepingNumbers(decoratePact(ctx.links, pact, metadata ? { metadata } : {})),
    status,
    {
      'X-Pact-Consumer-Version': pact.consumer_version_number,
    },
  );
}

async function requireIntegration(db: Db, ctx: RequestContext) {
  const provider = await requirePacticipant(db, ctx.param('provider'));
  const consumer = await requirePacticipant(db, ctx.param('consumer'));
  return { provider, consumer };
}

function notFoundPact(ctx: RequestContext): BrokerError {
  return BrokerError.notFound(
    `No pact found between ${ctx.params.consumer ?? '?'} and ${ctx.params.provider ?? '?'} for this selection`,
  );
}

async function requirePact(db: Db, ctx: RequestContext): Promise<PactRow> {
  // One statement when the pact exists; the lookups below only choose the 404's message.
  const found = await pactForNames(db, ctx.param('provider'), ctx.param('consumer'), ctx.param('version'));
  if (found) return found;
  const { provider, consumer } = await requireIntegration(db, ctx);
  const pact = await pactForConsumerVersion(db, provider.id, consumer.id, ctx.param('version'));
  if (!pact) throw notFoundPact(ctx);
  return pact;
}

/** What the provider-contract comparison needs of a stored pact. */
const newPactOf = (pact: PactRow) => ({
  providerId: pact.provider_id,
  providerName: pact.provider_name,
  consumerName: pact.consumer_name,
  consumerVersionId: pact.consumer_version_id,
  consumerVersionNumber: pact.consumer_version_number,
  pactVersionId: pact.pact_version_id,
});

/** The tag or branch named in the URL, else every publication. */
function filterFromPath(ctx: RequestContext): LatestFilter {
  const { tag, branch } = ctx.params;
  if (tag !== undefined) return { kind: 'tag', tag };
  if (branch !== undefined) return { kind: 'branch', branch };
  return { kind: 'any' };
}

/**
 * Messages for names that do not exist yet but look like existing ones (check_for_potential_duplicate_pacticipant_names);
 * the full name list is read only when a name is new.
 */
async function duplicateNameMessages(
  tx: Db,
  settings: BrokerSettings,
  names: string[],
  baseUrl: string,
  /** The names known to exist, when the caller read them already. */
  existing?: Set<string>,
): Promise<string[]> {
  if (!settings.checkForPotentialDuplicatePacticipantNames) return [];
  const wanted = [...new Set(names)];
  const known = existing ?? (await existingPacticipantNames(tx, wanted));
  const fresh = wanted.filter((n) => !known.has(n));
  if (fresh.length === 0) return [];
  const duplicatesOf = duplicateFinder(await pacticipantNames(tx));
  const messages: string[] = [];
  for (const name of fresh) {
    const duplicates = duplicatesOf(name);
    if (duplicates.length) messages.push(duplicateMessage(name, duplicates, baseUrl));
  }
  return messages;
}

export const publishContracts: Handler<BodyOf<typeof publishBody>> = async (ctx, { db, events, config }) => {
  const { pacticipantName, versionNumber, branch, tags, buildUrl, contracts } = await ctx.body();
  const { settings } = config;
  // Hashing happens before the transaction, so its locks are held only for the statements.
  const prepared = await prepareContracts(contracts);
  const result = await db.transaction(async (tx) => {
    const names = [pacticipantName, ...contracts.map((c) => c.providerName)];
    // One read of every name; only a publish that brings a new name checks for look-alikes and inserts.
    const known = await pacticipantsWithContractsByName(tx, names);
    let pacticipants: Map<string, PacticipantRow> = known;
    const fresh = [...new Set(names)].filter((n) => !known.has(n));
    // Which providers have provider contracts, when every one was read above (else read after the commit).
    const withContracts =
      fresh.length === 0
        ? new Set([...known.values()].filter((p) => p.has_provider_contracts).map((p) => p.id))
        : undefined;
    if (fresh.length) {
      const duplicates = await duplicateNameMessages(tx, settings, fresh, ctx.baseUrl, new Set());
      if (duplicates.length) {
        throw new BrokerError('conflict', duplicates[0]!, {
          errors: { contracts: duplicates },
          extra: { notices: duplicates.map((text) => ({ type: 'error', text })) },
        });
      }
      pacticipants = await findOrCreatePacticipants(tx, names);
    }
    // Either is missing only when a concurrent request deleted it after this request's reads.
    const consumer = pacticipants.get(pacticipantName);
    if (!consumer)
      throw BrokerError.concurrentWrite('pacticipantName', 'was deleted by a concurrent request');
    const inserted = await insertVersion(tx, consumer.id, versionNumber);
    const created = inserted ?? (await findVersion(tx, consumer.id, versionNumber));
    if (!created) {
      throw BrokerError.concurrentWrite('pacticipantVersionNumber', 'was deleted by a concurrent request');
    }
    const existed = inserted === undefined;
    if (buildUrl !== undefined) await setBuildUrl(tx, created.id, buildUrl);
    // The version gets its branch before its tags, so an explicit branch wins over the first-tag rule.
    if (branch) await addBranch(tx, settings, consumer.id, branch, created, false, consumer.main_branch);
    for (const t of tags) await createTag(tx, settings, created, t);
    const version = buildUrl === undefined ? created : await findVersion(tx, consumer.id, versionNumber);
    if (!version) {
      throw BrokerError.concurrentWrite('pacticipantVersionNumber', 'was deleted by a concurrent request');
    }
    const published = await publishPacts(tx, events, {
      consumer,
      version,
      contracts: prepared,
      requestBranch: branch ?? null,
      newVersionTags: existed ? undefined : [...new Set(tags)],
      pacticipants,
    });
    return { consumer, version, existed: Boolean(existed), published, withContracts };
  });
  // After the commit, outside its locks: each new pact is compared with its provider's contracts at once.
  const providerContractNotices = new Map<string, PactComparisonNotice[]>();
  const withContracts =
    result.withContracts ??
    (await providerIdsWithContracts(
      db,
      result.published.map((p) => p.result.pact.provider_id),
    ));
  for (const { providerName, result: r } of result.published) {
    if (!withContracts.has(r.pact.provider_id)) continue;
    providerContractNotices.set(providerName, await compareNewPact(db, newPactOf(r.pact), ctx.links));
  }
  return halResponse(
    publishedContractsResource(ctx.links, { ...result, branch, tags, providerContractNotices }),
  );
};

/** PUT publishes (or replaces where the operator allows); PATCH merges interactions into the existing pact. */
const putPact =
  (merge: boolean): Handler<BodyOf<typeof pactBody>> =>
  async (ctx, { db, events, config }) => {
    const providerName = checkName('provider', ctx.param('provider'));
    const consumerName = checkName('consumer', ctx.param('consumer'));
    const number = checkName('version', ctx.param('version'));
    const mode: ConflictMode = merge
      ? 'merge'
      : config.allowDangerousContractModification
        ? 'overwrite'
        : 'reject';
    const content = await ctx.body();
    const r = await db.transaction(async (tx) => {
      const duplicates = await duplicateNameMessages(
        tx,
        config.settings,
        [consumerName, providerName],
        ctx.baseUrl,
      );
      // The official pact resource answers this conflict as plain text.
      if (duplicates.length) return { conflict: duplicates.join('\n') } as const;
      const consumer = (await findOrCreatePacticipant(tx, consumerName)).row;
      const provider = (await findOrCreatePacticipant(tx, providerName)).row;
      const version = (await findOrCreateVersion(tx, consumer.id, number)).row;
      return publishPact(tx, events, { consumer, provider, version, content, mode });
    });
    if ('conflict' in r) return textResponse(r.conflict, 409);
    await compareNewPact(db, newPactOf(r.pact), ctx.links);
    return pactResponse(ctx, r.pact, r.outcome === 'created' ? 201 : 200);
  };

export const replacePact = putPact(false);
export const mergePact = putPact(true);

export const showPact: Handler = async (ctx, { db }) => pactResponse(ctx, await requirePact(db, ctx));

/** What a pact deletion answers upstream: 200 with the index and, while one remains, the latest pact. */
async function afterDeletion(
  db: Db,
  ctx: RequestContext,
  provider: PacticipantRow,
  consumer: PacticipantRow,
) {
  const latest = await latestPact(db, provider.id, consumer.id, { kind: 'any' });
  return halResponse({
    _links: {
      index: { href: ctx.baseUrl },
      ...(latest
        ? {
            'pb:latest-pact-version': ctx.links.link(
              path`/pacts/provider/${provider.name}/consumer/${consumer.name}/latest`,
              { title: 'Latest pact' },
            ),
          }
        : {}),
    },
  });
}

export const removePact: Handler = async (ctx, { db }) => {
  const pact = await requirePact(db, ctx);
  await deletePublication(db, pact.publication_id);
  const { provider, consumer } = await requireIntegration(db, ctx);
  return afterDeletion(db, ctx, provider, consumer);
};

/**
 * DELETE of a pact list: the publications it lists. As upstream, the main-branch lists pass no branch name, so
 * deleting one of them deletes every publication of the integration; the plain list answers 204, the others 200.
 */
const removeList =
  (filter: (ctx: RequestContext) => LatestFilter, withBody: boolean): Handler =>
  async (ctx, { db }) => {
    const { provider, consumer } = await requireIntegration(db, ctx);
    await deletePublications(db, provider.id, consumer.id, filter(ctx));
    return withBody ? afterDeletion(db, ctx, provider, consumer) : noContent();
  };

export const removePactVersions = removeList(() => ({ kind: 'any' }), false);
export const removeTaggedPactVersions = removeList(filterFromPath, true);
export const removeBranchPactVersions = removeList(filterFromPath, true);
export const removeMainBranchPactVersions = removeList(() => ({ kind: 'any' }), true);

export const showDiffBetweenVersions: Handler = async (ctx, { db }) => {
  const pact = await requirePact(db, ctx);
  const { provider, consumer } = await requireIntegration(db, ctx);
  const other = await pactForConsumerVersion(db, provider.id, consumer.id, ctx.param('otherVersion'));
  if (!other) throw notFoundPact(ctx);
  return textResponse(
    `${diffPacts(parseKeepingNumbers(other.content) as PactDoc, parseKeepingNumbers(pact.content) as PactDoc)}\n`,
  );
};

export const showPreviousDistinctPact: Handler = async (ctx, { db }) => {
  const prev = await previousDistinctPact(db, await requirePact(db, ctx));
  if (!prev) throw BrokerError.notFound('No previous distinct version of this pact');
  return pactResponse(ctx, prev);
};

export const showDiffWithPreviousDistinct: Handler = async (ctx, { db }) => {
  const pact = await requirePact(db, ctx);
  const prev = await previousDistinctPact(db, pact);
  const diff = prev
    ? diffPacts(parseKeepingNumbers(prev.content) as PactDoc, parseKeepingNumbers(pact.content) as PactDoc)
    : undefined;
  return textResponse(diffWithPreviousText(pact, prev, diff));
};

/** The pact content with this SHA (its latest publication), optionally with verification metadata in the URL. */
export const showPactVersion: Handler = async (ctx, { db }) => {
  const { provider, consumer } = await requireIntegration(db, ctx);
  const pact = await latestPactForSha(db, provider.id, consumer.id, ctx.param('sha'));
  if (!pact) throw notFoundPact(ctx);
  return pactResponse(ctx, pact, 200, ctx.params.metadata);
};

export const showPactVersionDiff: Handler = async (ctx, { db }) => {
  const { provider, consumer } = await requireIntegration(db, ctx);
  const a = await findPactVersion(db, consumer.id, provider.id, ctx.param('other'));
  const b = await findPactVersion(db, consumer.id, provider.id, ctx.param('sha'));
  if (!a || !b) throw notFoundPact(ctx);
  return textResponse(
    `${diffPacts(parseKeepingNumbers(a.content) as PactDoc, parseKeepingNumbers(b.content) as PactDoc)}\n`,
  );
};

const latestOf =
  (filter: (ctx: RequestContext) => LatestFilter): Handler =>
  async (ctx, { db }) => {
    const { provider, consumer } = await requireIntegration(db, ctx);
    const pact = await latestPact(db, provider.id, consumer.id, filter(ctx));
    if (!pact) throw notFoundPact(ctx);
    return pactResponse(ctx, pact);
  };

export const showLatestPact = latestOf(() => ({ kind: 'any' }));
export const showLatestUntaggedPact = latestOf(() => ({ kind: 'untagged' }));
export const showLatestTaggedPact = latestOf(filterFromPath);
export const showLatestBranchPact = latestOf(filterFromPath);

const integrationList =
  (filter: (ctx: RequestContext) => LatestFilter, title: string): Handler =>
  async (ctx, { db }) => {
    const { provider, consumer } = await requireIntegration(db, ctx);
    const pacts = await pactsOfIntegration(db, provider.id, consumer.id, filter(ctx));
    return halResponse(pactVersionsResource(ctx.links, ctx.path, title, consumer, provider, pacts));
  };

export const listPactVersions = integrationList(() => ({ kind: 'any' }), 'All versions of the pact');
export const listTaggedPactVersions = integrationList(
  filterFromPath,
  'Pact versions with consumer version tag',
);
export const listBranchPactVersions = integrationList(
  filterFromPath,
  'Pact versions for consumer version branch',
);
export const listMainBranchPactVersions = integrationList(
  () => ({ kind: 'mainBranch' }),
  'Pact versions for the consumer main branch',
);
export const listLatestBranchPactVersions = integrationList(
  (ctx) => ({ kind: 'branchHead', branch: ctx.param('branch') }),
  'Latest pact version for consumer version branch',
);
export const listLatestMainBranchPactVersions = integrationList(
  () => ({ kind: 'mainBranchHead' }),
  'Latest pact version for the consumer main branch',
);

const providerList =
  (latest: boolean, filter: (ctx: RequestContext) => LatestFilter, title: string): Handler =>
  async (ctx, { db }) => {
    const provider: PacticipantRow = await requirePacticipant(db, ctx.param('provider'));
    const pacts = latest
      ? await latestPactsForProvider(db, provider.id, filter(ctx))
      : await pactsForProvider(db, provider.id, filter(ctx));
    return halResponse(providerPactsResource(ctx.links, ctx.path, title, provider, pacts));
  };

export const listLatestProviderPacts = providerList(
  true,
  () => ({ kind: 'any' }),
  'Latest pact versions for the provider',
);
export const listLatestTaggedProviderPacts = providerList(
  true,
  filterFromPath,
  'Latest pact versions for the provider with the tag',
);
export const listProviderPacts = providerList(
  false,
  () => ({ kind: 'any' }),
  'All pact versions for the provider',
);
export const listTaggedProviderPacts = providerList(
  false,
  filterFromPath,
  'All pact versions for the provider with the consumer version tag',
);
export const listMainBranchProviderPacts = providerList(
  false,
  () => ({ kind: 'mainBranch' }),
  'Pact versions for the provider from the consumers main branches',
);
export const listLatestMainBranchProviderPacts = providerList(
  true,
  () => ({ kind: 'mainBranch' }),
  'Latest pact versions for the provider from the consumers main branches',
);
export const listBranchProviderPacts = providerList(
  false,
  filterFromPath,
  'Pact versions for the provider from the consumer branch',
);
export const listLatestBranchProviderPacts = providerList(
  true,
  filterFromPath,
  'Latest pact versions for the provider from the consumer branch',
);

export const listLatestPacts: Handler = async (ctx, { db }) =>
  halResponse(latestPactsResource(ctx.links, await latestPactsAll(db)));
