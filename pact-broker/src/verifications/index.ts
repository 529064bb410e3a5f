// Verification result routes: publish for a pact version (creating the provider version), read one, latest.

import type { BrokerDeps } from '../deps.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse } from '../http/hal.js';
import type { BrokerModule } from '../module.js';
import { findPactVersion, latestPact } from '../pact/queries.js';
import { decodeMetadata } from '../pact/urls.js';
import { requirePacticipant } from '../pacticipants/index.js';
import { Checker } from '../validation/index.js';
import { requireVersion } from '../versions/index.js';
import {
  addTag,
  addVersionToBranch,
  branchesOfVersion,
  findOrCreateVersion,
  tagsOfVersion,
} from '../versions/queries.js';
import { decorateVerification, verificationPath } from './decorate.js';
import {
  insertVerification,
  latestVerificationForPactVersion,
  latestVerificationsForConsumerVersion,
  verificationByNumber,
  verificationsForPactVersion,
} from './queries.js';

export const verificationsModule: BrokerModule = {
  name: 'verifications',
  register(router, deps: BrokerDeps) {
    const { db, events } = deps;

    async function pactVersion(ctx: RequestContext) {
      const provider = await requirePacticipant(db, ctx.param('provider'));
      const consumer = await requirePacticipant(db, ctx.param('consumer'));
      const pv = await findPactVersion(db, consumer.id, provider.id, ctx.param('sha'));
      if (!pv)
        throw BrokerError.notFound(
          `No pact version ${ctx.param('sha')} between ${consumer.name} and ${provider.name}`,
        );
      return { provider, consumer, pv };
    }

    const publish = async (ctx: RequestContext) => {
      const body = ctx.jsonObject();
      const c = new Checker();
      const success = c.boolean('success', body.success, true);
      const providerVersion = c.name('providerApplicationVersion', body.providerApplicationVersion);
      const buildUrl = c.optionalString('buildUrl', body.buildUrl);
      // Clients that do not PUT the branch version first may name the branch and tags in the body instead.
      const branch = c.name('providerVersionBranch', body.providerVersionBranch, { required: false });
      const tags = c.stringList('providerVersionTags', body.providerVersionTags) ?? [];
      if (
        body.testResults !== undefined &&
        body.testResults !== null &&
        typeof body.testResults !== 'object'
      ) {
        c.add('testResults', 'must be an array or an object');
      }
      if (
        body.verifiedBy !== undefined &&
        body.verifiedBy !== null &&
        (typeof body.verifiedBy !== 'object' || Array.isArray(body.verifiedBy))
      ) {
        c.add('verifiedBy', 'must be an object');
      }
      c.throwIfAny();
      const { provider, consumer, pv } = await pactVersion(ctx);
      const meta = decodeMetadata(ctx.params.metadata);
      const verification = await db.transaction(async (tx) => {
        const version = (await findOrCreateVersion(tx, provider.id, providerVersion!)).row;
        if (branch) await addVersionToBranch(tx, provider.id, branch, version);
        for (const t of tags) await addTag(tx, version, t);
        const branches = await branchesOfVersion(tx, version.id);
        const v = await insertVerification(tx, {
          pactVersionId: pv.id,
          providerVersionId: version.id,
          consumerId: consumer.id,
          providerId: provider.id,
          success: success!,
          buildUrl: buildUrl ?? null,
          testResults: body.testResults ?? null,
          verifiedBy: body.verifiedBy ?? null,
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
    const base = '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha';
    router.post(`${base}/verification-results`, publish);
    router.post(`${base}/metadata/:metadata/verification-results`, publish);

    router.get(`${base}/verification-results`, async (ctx) => {
      const { pv } = await pactVersion(ctx);
      const list = await verificationsForPactVersion(db, pv.id);
      return halResponse({
        _embedded: { verificationResults: list.map((v) => decorateVerification(ctx.links, v)) },
        _links: { self: ctx.links.link(ctx.path) },
      });
    });

    router.get(`${base}/verification-results/latest`, async (ctx) => {
      const { pv } = await pactVersion(ctx);
      const v = await latestVerificationForPactVersion(db, pv.id);
      if (!v) throw BrokerError.notFound('This pact has not been verified');
      return halResponse(decorateVerification(ctx.links, v));
    });

    router.get(`${base}/verification-results/:number`, async (ctx) => {
      const { pv } = await pactVersion(ctx);
      const n = Number(ctx.param('number'));
      if (!Number.isInteger(n) || n < 1)
        throw BrokerError.notFound('Verification numbers are positive integers');
      const v = await verificationByNumber(db, pv.id, n);
      if (!v) throw BrokerError.notFound(`No verification result ${n} for this pact`);
      return halResponse(decorateVerification(ctx.links, v));
    });

    router.get(
      '/pacts/provider/:provider/consumer/:consumer/latest/verification-results/latest',
      async (ctx) => {
        const provider = await requirePacticipant(db, ctx.param('provider'));
        const consumer = await requirePacticipant(db, ctx.param('consumer'));
        const pact = await latestPact(db, provider.id, consumer.id, { kind: 'any' });
        const v = pact ? await latestVerificationForPactVersion(db, pact.pact_version_id) : undefined;
        if (!v) throw BrokerError.notFound('The latest pact has not been verified');
        return halResponse(decorateVerification(ctx.links, v));
      },
    );

    router.get('/verification-results/consumer/:consumer/version/:version/latest', async (ctx) => {
      const consumer = await requirePacticipant(db, ctx.param('consumer'));
      const version = await requireVersion(db, consumer, ctx.param('version'));
      const list = await latestVerificationsForConsumerVersion(db, version.id);
      const success = list.length > 0 && list.every((v) => v.success);
      return halResponse({
        success,
        providerSummary: {
          successful: list.filter((v) => v.success).map((v) => v.provider_name),
          failed: list.filter((v) => !v.success).map((v) => v.provider_name),
          unknown: [],
        },
        _embedded: { verificationResults: list.map((v) => decorateVerification(ctx.links, v)) },
        _links: {
          self: ctx.links.link(ctx.path, { title: 'Latest verification results for consumer version' }),
        },
      });
    });
  },
};
