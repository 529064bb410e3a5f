// Handlers of the provider-contract routes: publishing, the contract and its self-verification per provider
// version, the comparisons with consumer pacts (computed on demand for a pair), and the lists by provider.

import { COMPARATOR_VERSION } from '@accord/cross-contract';
import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, path } from '../http/hal.js';
import { MAX_PAGE_NUMBER, MAX_PAGE_SIZE, queryInteger } from '../http/numbers.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import type { PacticipantRow } from '../pacticipants/queries.js';
import type { BodyOf, Handler } from '../route.js';
import { htmlResponse } from '../ui/html.js';
import { checkName } from '../validation/index.js';
import { branchesOfVersion, findVersion, tagsOfVersion, type VersionRow } from '../versions/queries.js';
import type { publishProviderContractBody } from './bodies.js';
import { comparisonOf, ensureComparisons, verdictOf } from './compare.js';
import {
  comparisonListResource,
  contractListResource,
  contractResource,
  type PublicationFacts,
  pairResource,
  publishedResource,
  selfVerificationResource,
} from './decorate.js';
import { contractPage, pairPage, providerContractsPage } from './pages.js';
import { publishProviderContract } from './publish.js';
import {
  comparisonsOfContract,
  contractVersionById,
  latestPublication,
  latestSelfVerifications,
  type PublicationRow,
  pactContents,
  pactOfConsumerVersion,
  pactVerificationsBy,
  publicationOfVersion,
  publicationsOfProvider,
  selfVerificationHistory,
} from './queries.js';
import { contractBase } from './urls.js';

export const publishContract: Handler<BodyOf<typeof publishProviderContractBody>> = async (
  ctx,
  { db, config },
) => {
  const providerName = checkName('provider', ctx.param('provider'));
  const input = await ctx.body();
  const result = await publishProviderContract(db, {
    providerName,
    input,
    allowContentChange: config.allowDangerousContractModification,
  });
  return halResponse(
    publishedResource(ctx.links, result, {
      branch: input.branch,
      tags: input.tags,
      selfVerification: input.selfVerification !== undefined,
      success: input.selfVerification?.success,
    }),
  );
};

async function requireVersion(db: Db, p: PacticipantRow, number: string): Promise<VersionRow> {
  const v = await findVersion(db, p.id, number);
  if (!v) throw BrokerError.notFound(`No version ${number} of ${p.name} found`);
  return v;
}

/** The publication named by `:provider` / `:version`, or a 404 naming what is missing. */
async function requirePublication(db: Db, ctx: RequestContext): Promise<PublicationRow> {
  const provider = await requirePacticipant(db, ctx.param('provider'));
  const version = await requireVersion(db, provider, ctx.param('version'));
  const pub = await publicationOfVersion(db, version.id);
  if (!pub) throw BrokerError.notFound(`${provider.name} version ${version.number} has no provider contract`);
  return pub;
}

async function factsOf(db: Db, pubs: PublicationRow[]): Promise<Map<number, PublicationFacts>> {
  const self = await latestSelfVerifications(
    db,
    pubs.map((p) => p.id),
  );
  const out = new Map<number, PublicationFacts>();
  await Promise.all(
    pubs.map(async (p) => {
      const [branches, tags] = await Promise.all([
        branchesOfVersion(db, p.provider_version_id),
        tagsOfVersion(db, p.provider_version_id),
      ]);
      out.set(p.id, {
        branches: branches.map((b) => b.name),
        tags: tags.map((t) => t.name),
        self: self.get(p.id),
      });
    }),
  );
  return out;
}

async function contractResponse(db: Db, ctx: RequestContext, pub: PublicationRow) {
  const [facts, content] = await Promise.all([
    factsOf(db, [pub]),
    contractVersionById(db, pub.contract_version_id),
  ]);
  return halResponse(contractResource(ctx.links, pub, facts.get(pub.id)!, content?.content));
}

export const showContract: Handler = async (ctx, { db }) =>
  contractResponse(db, ctx, await requirePublication(db, ctx));

export const showSelfVerification: Handler = async (ctx, { db }) => {
  const pub = await requirePublication(db, ctx);
  return halResponse(selfVerificationResource(ctx.links, pub, await selfVerificationHistory(db, pub.id)));
};

export const listComparisons: Handler = async (ctx, { db }) => {
  const pub = await requirePublication(db, ctx);
  return halResponse(
    comparisonListResource(
      ctx.links,
      pub,
      await comparisonsOfContract(db, pub.contract_version_id, COMPARATOR_VERSION),
    ),
  );
};

export const listConsumerContracts: Handler = async (ctx, { db }) => {
  const pub = await requirePublication(db, ctx);
  const rows = await comparisonsOfContract(db, pub.contract_version_id, COMPARATOR_VERSION);
  const base = contractBase(pub.provider_name, pub.provider_version_number);
  return halResponse({
    _embedded: {
      consumerContracts: rows.map((r) => ({
        consumerName: r.consumer_name,
        consumerVersionNumber: r.consumer_version_number,
        pactVersionSha: r.pact_sha,
        _links: {
          self: ctx.links.link(
            `${base}${path`/consumer/${r.consumer_name}/version/${r.consumer_version_number}`}/consumer-contract`,
          ),
          'pb:pact-version': ctx.links.link(
            path`/pacts/provider/${pub.provider_name}/consumer/${r.consumer_name}/pact-version/${r.pact_sha}`,
          ),
        },
      })),
    },
    _links: {
      self: ctx.links.link(`${base}/consumer-contract`),
      'pf:provider-contract': ctx.links.link(`${base}/provider-contract`),
    },
  });
};

export const listConsumerContractVerifications: Handler = async (ctx, { db }) => {
  const pub = await requirePublication(db, ctx);
  const rows = await comparisonsOfContract(db, pub.contract_version_id, COMPARATOR_VERSION);
  const base = contractBase(pub.provider_name, pub.provider_version_number);
  const items = await Promise.all(
    rows.map(async (r) => ({
      consumerName: r.consumer_name,
      consumerVersionNumber: r.consumer_version_number,
      verifications: (await pactVerificationsBy(db, r.pact_version_id, pub.provider_version_id)).map((v) => ({
        success: v.success,
        verificationDate: v.execution_date.toISOString(),
        _links: {
          self: ctx.links.link(
            path`/pacts/provider/${pub.provider_name}/consumer/${r.consumer_name}/pact-version/${r.pact_sha}/verification-results/${v.number}`,
          ),
        },
      })),
    })),
  );
  return halResponse({
    _embedded: { consumerContractVerificationResults: items },
    _links: { self: ctx.links.link(`${base}/consumer-contract-verification-results`) },
  });
};

/** The consumer version of a pair route and the pact it published for the provider. */
async function requirePair(db: Db, ctx: RequestContext) {
  const pub = await requirePublication(db, ctx);
  const consumer = await requirePacticipant(db, ctx.param('consumer'));
  const consumerVersion = await requireVersion(db, consumer, ctx.param('consumerVersion'));
  const pact = await pactOfConsumerVersion(db, pub.provider_id, consumerVersion.id);
  if (!pact) {
    throw BrokerError.notFound(
      `${consumer.name} version ${consumerVersion.number} has no pact with ${pub.provider_name}`,
    );
  }
  return { pub, consumer, consumerVersion, pact };
}

/** The verdict of one pair; the comparison is computed (and stored) here when it was never made. */
async function pairVerdict(db: Db, ctx: RequestContext) {
  const pair = await requirePair(db, ctx);
  const { results } = await ensureComparisons(db, [
    { pactVersionId: pair.pact.pact_version_id, contractVersionId: pair.pub.contract_version_id },
  ]);
  const comparison = comparisonOf(results, pair.pact.pact_version_id, pair.pub.contract_version_id);
  if (!comparison) throw new BrokerError('internal', 'the comparison could not be made');
  const self = (await latestSelfVerifications(db, [pair.pub.id])).get(pair.pub.id);
  const branches = await branchesOfVersion(db, pair.consumerVersion.id);
  return {
    ...pair,
    comparison,
    self,
    verdict: verdictOf(pair.pub, self, comparison),
    branches: branches.map((b) => b.name),
  };
}

export const showPair: Handler = async (ctx, { db }) => {
  const p = await pairVerdict(db, ctx);
  return halResponse(
    pairResource(
      ctx.links,
      {
        provider: p.pub.provider_name,
        providerVersion: p.pub.provider_version_number,
        consumer: p.consumer.name,
        consumerVersion: p.consumerVersion.number,
        consumerBranches: p.branches,
        pactSha: p.pact.sha,
      },
      p.verdict,
      p.comparison,
      p.self,
    ),
  );
};

export const showPairContract: Handler = async (ctx, { db }) =>
  contractResponse(db, ctx, (await requirePair(db, ctx)).pub);

export const showPairSelfVerification: Handler = async (ctx, { db }) => {
  const { pub } = await requirePair(db, ctx);
  return halResponse(selfVerificationResource(ctx.links, pub, await selfVerificationHistory(db, pub.id)));
};

export const showPairConsumerContract: Handler = async (ctx, { db }) => {
  const { pub, consumer, consumerVersion, pact } = await requirePair(db, ctx);
  const [row] = await pactContents(db, [pact.pact_version_id]);
  return halResponse({
    consumerName: consumer.name,
    consumerVersionNumber: consumerVersion.number,
    pactVersionSha: pact.sha,
    content: JSON.parse(row!.content),
    _links: {
      self: ctx.links.link(ctx.path),
      'pb:pact-version': ctx.links.link(
        path`/pacts/provider/${pub.provider_name}/consumer/${consumer.name}/pact-version/${pact.sha}`,
      ),
    },
  });
};

export const showPairConsumerVerifications: Handler = async (ctx, { db }) => {
  const { pub, consumer, pact } = await requirePair(db, ctx);
  const verifications = await pactVerificationsBy(db, pact.pact_version_id, pub.provider_version_id);
  return halResponse({
    _embedded: {
      verificationResults: verifications.map((v) => ({
        success: v.success,
        verificationDate: v.execution_date.toISOString(),
        _links: {
          self: ctx.links.link(
            path`/pacts/provider/${pub.provider_name}/consumer/${consumer.name}/pact-version/${pact.sha}/verification-results/${v.number}`,
          ),
        },
      })),
    },
    _links: { self: ctx.links.link(ctx.path) },
  });
};

function pageOf(ctx: RequestContext): { number: number; size: number } {
  const size = queryInteger(ctx, 'pageSize', 100, { max: MAX_PAGE_SIZE });
  const number = queryInteger(ctx, 'pageNumber', 1, { max: MAX_PAGE_NUMBER });
  return { number, size };
}

export const listProviderContracts: Handler = async (ctx, { db }) => {
  const provider = await requirePacticipant(db, ctx.param('provider'));
  const page = pageOf(ctx);
  const branch = ctx.query.get('branch') ?? undefined;
  const { rows, total } = await publicationsOfProvider(db, provider.id, {
    branch,
    limit: page.size,
    offset: (page.number - 1) * page.size,
  });
  const facts = await factsOf(db, rows);
  return halResponse(
    contractListResource(
      ctx.links,
      provider.name,
      rows.map((pub) => ({ pub, facts: facts.get(pub.id)! })),
      { ...page, total },
      ctx.path + (ctx.rawQuery ? `?${ctx.rawQuery}` : ''),
    ),
  );
};

const latestOf =
  (
    branchOf: (ctx: RequestContext) => string | null | undefined,
    what: (ctx: RequestContext) => string,
  ): Handler =>
  async (ctx, { db }) => {
    const provider = await requirePacticipant(db, ctx.param('provider'));
    const pub = await latestPublication(db, provider.id, branchOf(ctx));
    if (!pub) throw BrokerError.notFound(`${provider.name} has no provider contract${what(ctx)}`);
    return contractResponse(db, ctx, pub);
  };

export const showLatestContract = latestOf(
  () => undefined,
  () => '',
);
export const showLatestBranchContract = latestOf(
  (ctx) => ctx.param('branch'),
  (ctx) => ` on branch ${ctx.param('branch')}`,
);
export const showLatestMainBranchContract = latestOf(
  () => null,
  () => ' on its main branch',
);

export const showProviderContractsPage: Handler = async (ctx, { db }) => {
  const provider = await requirePacticipant(db, ctx.param('provider'));
  const { rows } = await publicationsOfProvider(db, provider.id, { limit: 200, offset: 0 });
  const facts = await factsOf(db, rows);
  const counts = await Promise.all(
    rows.map((pub) => comparisonsOfContract(db, pub.contract_version_id, COMPARATOR_VERSION)),
  );
  return htmlResponse(
    providerContractsPage(
      provider.name,
      rows.map((pub, i) => ({
        pub,
        facts: facts.get(pub.id)!,
        compatible: counts[i]!.filter((c) => c.success).length,
        incompatible: counts[i]!.filter((c) => !c.success).length,
      })),
    ),
  );
};

export const showContractPage: Handler = async (ctx, { db }) => {
  const pub = await requirePublication(db, ctx);
  const [facts, content, history, comparisons] = await Promise.all([
    factsOf(db, [pub]),
    contractVersionById(db, pub.contract_version_id),
    selfVerificationHistory(db, pub.id),
    comparisonsOfContract(db, pub.contract_version_id, COMPARATOR_VERSION),
  ]);
  return htmlResponse(contractPage(pub, facts.get(pub.id)!, content?.content ?? '', history, comparisons));
};

export const showPairPage: Handler = async (ctx, { db }) => {
  const p = await pairVerdict(db, ctx);
  return htmlResponse(
    pairPage(
      {
        provider: p.pub.provider_name,
        providerVersion: p.pub.provider_version_number,
        consumer: p.consumer.name,
        consumerVersion: p.consumerVersion.number,
        consumerBranches: p.branches,
        pactSha: p.pact.sha,
      },
      p.verdict,
      p.comparison,
      p.self,
    ),
  );
};
