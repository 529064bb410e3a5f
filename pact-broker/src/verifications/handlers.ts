// Handlers of the verification result routes.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse } from '../http/hal.js';
import { findPactVersion, latestPact } from '../pact/queries.js';
import { decodeMetadata } from '../pact/urls.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import type { BodyOf, Handler } from '../route.js';
import { requireVersion } from '../versions/handlers.js';
import {
  addTag,
  addVersionToBranch,
  branchesOfVersion,
  findOrCreateVersion,
  tagsOfVersion,
} from '../versions/queries.js';
import type { verificationBody } from './bodies.js';
import {
  consumerVersionVerificationsResource,
  decorateVerification,
  verificationPath,
  verificationsResource,
} from './decorate.js';
import {
  insertVerification,
  latestVerificationForPactVersion,
  latestVerificationsForConsumerVersion,
  verificationByNumber,
  verificationsForPactVersion,
} from './queries.js';

async function requirePactVersion(db: Db, ctx: RequestContext) {
  const provider = await requirePacticipant(db, ctx.param('provider'));
  const consumer = await requirePacticipant(db, ctx.param('consumer'));
  const pv = await findPactVersion(db, consumer.id, provider.id, ctx.param('sha'));
  if (!pv)
    throw BrokerError.notFound(
      `No pact version ${ctx.param('sha')} between ${consumer.name} and ${provider.name}`,
    );
  return { provider, consumer, pv };
}

/** Stores a result for the pact content (creating the provider version) and emits the verification event. */
export const publishVerification: Handler<BodyOf<typeof verificationBody>> = async (ctx, { db, events }) => {
  const input = await ctx.body();
  const { provider, consumer, pv } = await requirePactVersion(db, ctx);
  // Metadata of a pacts-for-verification URL: whether the pact was WIP or pending when it was handed out.
  const meta = decodeMetadata(ctx.params.metadata);
  const verification = await db.transaction(async (tx) => {
    const version = (await findOrCreateVersion(tx, provider.id, input.providerVersion)).row;
    if (input.branch) await addVersionToBranch(tx, provider.id, input.branch, version);
    for (const t of input.tags) await addTag(tx, version, t);
    const branches = await branchesOfVersion(tx, version.id);
    const v = await insertVerification(tx, {
      pactVersionId: pv.id,
      providerVersionId: version.id,
      consumerId: consumer.id,
      providerId: provider.id,
      success: input.success,
      buildUrl: input.buildUrl,
      testResults: input.testResults,
      verifiedBy: input.verifiedBy,
      wip: meta.w === true,
      pactPending: typeof meta.p === 'boolean' ? meta.p : null,
      providerVersionBranch: branches[0]?.name ?? null,
    });
    const versionTags = await tagsOfVersion(tx, version.id);
    await events.emit(tx, {
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
    });
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

export const showLatestVerification: Handler = async (ctx, { db }) => {
  const { pv } = await requirePactVersion(db, ctx);
  const v = await latestVerificationForPactVersion(db, pv.id);
  if (!v) throw BrokerError.notFound('This pact has not been verified');
  return halResponse(decorateVerification(ctx.links, v));
};

export const showVerification: Handler = async (ctx, { db }) => {
  const { pv } = await requirePactVersion(db, ctx);
  const n = Number(ctx.param('number'));
  if (!Number.isInteger(n) || n < 1) throw BrokerError.notFound('Verification numbers are positive integers');
  const v = await verificationByNumber(db, pv.id, n);
  if (!v) throw BrokerError.notFound(`No verification result ${n} for this pact`);
  return halResponse(decorateVerification(ctx.links, v));
};

export const showLatestPactVerification: Handler = async (ctx, { db }) => {
  const provider = await requirePacticipant(db, ctx.param('provider'));
  const consumer = await requirePacticipant(db, ctx.param('consumer'));
  const pact = await latestPact(db, provider.id, consumer.id, { kind: 'any' });
  const v = pact ? await latestVerificationForPactVersion(db, pact.pact_version_id) : undefined;
  if (!v) throw BrokerError.notFound('The latest pact has not been verified');
  return halResponse(decorateVerification(ctx.links, v));
};

export const showConsumerVersionVerifications: Handler = async (ctx, { db }) => {
  const consumer = await requirePacticipant(db, ctx.param('consumer'));
  const version = await requireVersion(db, consumer, ctx.param('version'));
  const list = await latestVerificationsForConsumerVersion(db, version.id);
  return halResponse(consumerVersionVerificationsResource(ctx.links, ctx.path, list));
};
