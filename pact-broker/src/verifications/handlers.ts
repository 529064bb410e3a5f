// Handlers of the verification result routes.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, noContent } from '../http/hal.js';
import { MAX_INT4, pathInteger } from '../http/numbers.js';
import {
  findPactVersion,
  integrationPactVersion,
  type LatestFilter,
  latestPact,
  pactForConsumerVersion,
} from '../pact/queries.js';
import { decodeMetadata } from '../pact/urls.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import type { BodyOf, Handler } from '../route.js';
import { requireVersion } from '../versions/handlers.js';
import { addBranch, createTag } from '../versions/inference.js';
import { branchesOfVersion, findOrCreateVersion, tagsOfVersion } from '../versions/queries.js';
import type { verificationBody } from './bodies.js';
import {
  consumerVersionVerificationsResource,
  decorateVerification,
  verificationPath,
  verificationsResource,
} from './decorate.js';
import {
  deleteVerification,
  insertVerification,
  latestVerificationForPactVersion,
  latestVerificationsForConsumerVersion,
  type VerificationRow,
  verificationByNumber,
  verificationsForPactVersion,
} from './queries.js';

/** The pact version the URL names, or a 404; `lock` (in a transaction) as integrationPactVersion's. */
async function requirePactVersion(db: Db, ctx: RequestContext, lock = false) {
  // One statement when the content exists; the lookups below only choose the 404's message.
  const found = await integrationPactVersion(
    db,
    ctx.param('provider'),
    ctx.param('consumer'),
    ctx.param('sha'),
    lock,
  );
  if (found) return found;
  const provider = await requirePacticipant(db, ctx.param('provider'));
  const consumer = await requirePacticipant(db, ctx.param('consumer'));
  const pv = await findPactVersion(db, consumer.id, provider.id, ctx.param('sha'));
  if (!pv)
    throw BrokerError.notFound(
      `No pact version ${ctx.param('sha')} between ${consumer.name} and ${provider.name}`,
    );
  return { provider, consumer, pv };
}

/** The consumer versions in a verifiable pact URL's selectors (`s[].cv`), each with its selectors' tags (`s[].t`). */
function selectedConsumerVersions(
  meta: Record<string, unknown>,
): Array<{ id: number; tags: string[] }> | undefined {
  if (!Array.isArray(meta.s)) return undefined;
  const byId = new Map<number, string[]>();
  for (const s of meta.s as unknown[]) {
    if (!s || typeof s !== 'object') continue;
    const { cv, t } = s as { cv?: unknown; t?: unknown };
    if (typeof cv !== 'number') continue;
    const tags = byId.get(cv) ?? [];
    if (typeof t === 'string' && !tags.includes(t)) tags.push(t);
    byId.set(cv, tags);
  }
  return [...byId].map(([id, tags]) => ({ id, tags }));
}

/** Stores a result for the pact content (creating the provider version) and emits the verification event. */
export const publishVerification: Handler<BodyOf<typeof verificationBody>> = async (
  ctx,
  { db, events, config },
) => {
  const input = await ctx.body();
  // Metadata of a pacts-for-verification URL: whether the pact was WIP or pending when it was handed out.
  const meta = decodeMetadata(ctx.params.metadata);
  const verification = await db.transaction(async (tx) => {
    // Found and locked in the transaction's first statement: the lock numbers this result (insertVerification).
    const { provider, consumer, pv } = await requirePactVersion(tx, ctx, true);
    // Sent with the provider version's upsert: the webhooks this result could fire.
    const webhooks = events.webhooksAhead(tx, {
      type: 'provider_verification_published',
      consumerId: consumer.id,
      providerId: provider.id,
      success: input.success,
    });
    const { row: version, created } = await findOrCreateVersion(tx, provider.id, input.providerVersion);
    // Branch and tags in the body (an extension) take the same rules as the PUTs a verifier makes first.
    if (input.branch) await addBranch(tx, config.settings, provider.id, input.branch, version);
    for (const t of input.tags) await createTag(tx, config.settings, version, t);
    // A provider version this request created has exactly the branch and tags it named (a tag may add its branch).
    const plain = created && !input.branch && input.tags.length === 0;
    const branches = plain ? [] : await branchesOfVersion(tx, version.id);
    const v = await insertVerification(tx, {
      pactVersionId: pv.id,
      providerVersionId: version.id,
      consumerId: consumer.id,
      providerId: provider.id,
      success: input.success,
      buildUrl: input.buildUrl,
      testResults: input.testResults,
      verifiedBy: input.verifiedBy,
      // Metadata values are strings upstream (w=true also marks the pactUrl given to publication webhooks).
      wip: meta.w === true || meta.w === 'true',
      pactPending: typeof meta.p === 'boolean' ? meta.p : null,
      providerVersionBranch: branches[0]?.name ?? null,
    });
    const versionTags = plain ? [] : await tagsOfVersion(tx, version.id);
    await events.emit(
      tx,
      {
        type: 'provider_verification_published',
        consumer: consumer.name,
        provider: provider.name,
        consumerId: consumer.id,
        providerId: provider.id,
        providerVersion: version.number,
        providerVersionId: version.id,
        providerVersionBranch: branches[0]?.name ?? null,
        providerVersionTags: versionTags.map((t) => t.name),
        pactVersionId: pv.id,
        pactVersionSha: pv.sha,
        verificationId: v.id,
        verificationNumber: v.number,
        success: v.success,
        buildUrl: v.build_url,
        selectedConsumerVersions: selectedConsumerVersions(meta),
        consumerVersionNumber: typeof meta.cvn === 'string' ? meta.cvn : undefined,
      },
      webhooks,
    );
    return v;
  });
  return halResponse(decorateVerification(ctx.links, verification), 201, {
    Location: ctx.links.url(verificationPath(verification)),
  });
};

export const listVerifications: Handler = async (ctx, { db }) => {
  const { pv } = await requirePactVersion(db, ctx);
  const list = await verificationsForPactVersion(db, pv.id);
  return halResponse(verificationsResource(ctx.links, ctx.path, list));
};

/** A verification found from the URL: the route's lookup, shown on GET and deleted (204) on DELETE. */
const verificationResource = (find: (ctx: RequestContext, db: Db) => Promise<VerificationRow>) => ({
  show: (async (ctx, { db }) => halResponse(decorateVerification(ctx.links, await find(ctx, db)))) as Handler,
  remove: (async (ctx, { db }) => {
    const v = await find(ctx, db);
    await db.transaction((tx) => deleteVerification(tx, v.id));
    return noContent();
  }) as Handler,
});

const latestOfContent = verificationResource(async (ctx, db) => {
  const { pv } = await requirePactVersion(db, ctx);
  const v = await latestVerificationForPactVersion(db, pv.id);
  if (!v) throw BrokerError.notFound('This pact has not been verified');
  return v;
});
export const showLatestVerification = latestOfContent.show;
export const removeLatestVerification = latestOfContent.remove;

const byNumber = verificationResource(async (ctx, db) => {
  const { pv } = await requirePactVersion(db, ctx);
  const n = pathInteger(ctx, 'number', { max: MAX_INT4 });
  const v = await verificationByNumber(db, pv.id, n);
  if (!v) throw BrokerError.notFound(`No verification result ${n} for this pact`);
  return v;
});
export const showVerification = byNumber.show;
export const removeVerification = byNumber.remove;

/** The newest verification of the content of a pact the URL names (a consumer version, the latest, by tag). */
const ofPact = (filter: (ctx: RequestContext) => LatestFilter | { version: string }) =>
  verificationResource(async (ctx, db) => {
    const provider = await requirePacticipant(db, ctx.param('provider'));
    const consumer = await requirePacticipant(db, ctx.param('consumer'));
    const f = filter(ctx);
    const pact =
      'version' in f
        ? await pactForConsumerVersion(db, provider.id, consumer.id, f.version)
        : await latestPact(db, provider.id, consumer.id, f);
    const v = pact ? await latestVerificationForPactVersion(db, pact.pact_version_id) : undefined;
    if (!v) throw BrokerError.notFound('The pact has not been verified');
    return v;
  });

const latestOfLatest = ofPact(() => ({ kind: 'any' }));
export const showLatestPactVerification = latestOfLatest.show;
export const removeLatestPactVerification = latestOfLatest.remove;
const latestOfTagged = ofPact((ctx) => ({ kind: 'tag', tag: ctx.param('tag') }));
export const showLatestTaggedPactVerification = latestOfTagged.show;
export const removeLatestTaggedPactVerification = latestOfTagged.remove;
const latestOfVersion = ofPact((ctx) => ({ version: ctx.param('version') }));
export const showLatestVersionPactVerification = latestOfVersion.show;
export const removeLatestVersionPactVerification = latestOfVersion.remove;

export const showConsumerVersionVerifications: Handler = async (ctx, { db }) => {
  const consumer = await requirePacticipant(db, ctx.param('consumer'));
  const version = await requireVersion(db, consumer, ctx.param('version'));
  const list = await latestVerificationsForConsumerVersion(db, version.id);
  return halResponse(consumerVersionVerificationsResource(ctx.links, ctx.path, list));
};
