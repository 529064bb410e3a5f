// HAL representations of provider contracts (after PactFlow's resources): the index relations, the publish
// response the pactflow CLI reads, the contract, its self-verification, the comparisons and the pair resource.

import { COMPARATOR_NAME, type Mismatch } from '@accord/cross-contract';
import { type Links, path } from '../http/hal.js';
import type { Link } from '../http/types.js';
import type { CrossContractVerification } from './compare.js';
import type { ComparedPact, PublishProviderContractResult } from './publish.js';
import type { PublicationRow, SelfVerificationRow, StoredComparison } from './queries.js';
import { contractBase, pairPath, uiContractPath, uiPairPath } from './urls.js';

export interface Notice {
  type: 'success' | 'info' | 'warning' | 'error' | 'prompt' | 'debug';
  text: string;
}

/** The relations of `/` for provider contracts. */
export function providerContractIndexLinks(l: Links): Record<string, Link> {
  return {
    'pf:publish-provider-contract': l.template(
      '/provider-contracts/provider/{provider}/publish',
      'Publish provider contract',
    ),
    'pf:provider-contracts': l.template(
      '/provider-contracts/provider/{provider}',
      'Provider contracts of a provider',
    ),
  };
}

export const pfCurie = (l: Links) => ({
  name: 'pf',
  href: l.url('/doc/{rel}?context=index'),
  templated: true,
});

export type VerificationStatus = 'success' | 'failed' | 'unverified';

export function statusOf(self: SelfVerificationRow | undefined): VerificationStatus {
  return self === undefined ? 'unverified' : self.success ? 'success' : 'failed';
}

function pacticipantEmbed(l: Links, name: string) {
  return { name, _links: { self: l.link(path`/pacticipants/${name}`) } };
}

function versionEmbed(l: Links, pacticipant: string, number: string) {
  return { number, _links: { self: l.link(path`/pacticipants/${pacticipant}/versions/${number}`) } };
}

function publishNotices(
  l: Links,
  r: PublishProviderContractResult,
  input: {
    branch?: string | undefined;
    tags: string[];
    selfVerification: boolean;
    success: boolean | undefined;
  },
): Notice[] {
  const { provider, version } = r;
  const what = [
    input.branch ? `branch ${input.branch}` : undefined,
    input.tags.length > 0 ? `tags ${input.tags.join(', ')}` : undefined,
  ].filter(Boolean);
  const notices: Notice[] = [
    {
      type: 'success',
      text: `${r.versionExisted ? 'Updated' : 'Created'} ${provider.name} version ${version.number}${what.length ? ` with ${what.join(' and ')}` : ''}`,
    },
  ];
  const name = `${provider.name} version ${version.number}`;
  if (r.outcome === 'same') {
    notices.push({ type: 'info', text: `Provider contract with the same content published for ${name}` });
  } else if (r.outcome === 'replaced') {
    notices.push({
      type: 'warning',
      text: `The provider contract of ${name} was replaced (PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION is on)`,
    });
  }
  if (input.selfVerification) {
    notices.push({
      type: input.success ? 'success' : 'warning',
      text: `Provider contract published for ${name} with ${input.success ? 'successful' : 'failed'} self verification results.`,
    });
  } else {
    notices.push({
      type: 'warning',
      text: `No self verification results were published for ${name}, so no consumer can deploy against it. The pactflow CLI sends them only with --verification-results, --verifier or --verifier-version.`,
    });
  }
  notices.push({
    type: 'info',
    text: `View the published provider contract at ${l.url(`${contractBase(provider.name, version.number)}/provider-contract-verification-results`)}`,
  });
  notices.push(comparisonNotice(r.compared));
  notices.push(
    { type: 'prompt', text: 'Next steps:' },
    {
      type: 'prompt',
      text: '* Check your application is safe to deploy - https://docs.pact.io/can_i_deploy',
    },
    {
      type: 'info',
      text: `$ pact-broker can-i-deploy --pacticipant ${provider.name} --version ${version.number} --to-environment <your environment name>`,
    },
    {
      type: 'prompt',
      text: '* Record deployment or release to specified environment (choose one) - https://docs.pact.io/go/record-deployment',
    },
    {
      type: 'info',
      text: `$ pact-broker record-deployment --pacticipant ${provider.name} --version ${version.number} --environment <your environment name>`,
    },
    {
      type: 'info',
      text: `$ pact-broker record-release --pacticipant ${provider.name} --version ${version.number} --environment <your environment name>`,
    },
  );
  return notices;
}

function comparisonNotice(compared: ComparedPact[]): Notice {
  if (compared.length === 0) return { type: 'info', text: 'No consumer pacts to compare with yet.' };
  const bad = compared.filter((c) => !c.success);
  const details = bad
    .slice(0, 5)
    .map(
      (c) =>
        `${c.pact.consumer_name} version ${c.pact.consumer_version_number}: ${c.errors} error${c.errors === 1 ? '' : 's'}`,
    );
  return {
    type: bad.length > 0 ? 'warning' : 'info',
    text: `Compared with ${compared.length} consumer pact${compared.length === 1 ? '' : 's'}: ${compared.length - bad.length} compatible, ${bad.length} incompatible${details.length ? ` (${details.join('; ')}${bad.length > details.length ? '; …' : ''})` : ''}.`,
  };
}

/** 200 body of POST /provider-contracts/provider/{p}/publish: what the pactflow CLI's text mode requires, and more. */
export function publishedResource(
  l: Links,
  r: PublishProviderContractResult,
  input: {
    branch?: string | undefined;
    tags: string[];
    selfVerification: boolean;
    success: boolean | undefined;
  },
) {
  const { provider, version } = r;
  const versionSelf = path`/pacticipants/${provider.name}/versions/${version.number}`;
  const base = contractBase(provider.name, version.number);
  return {
    notices: publishNotices(l, r, input),
    _embedded: {
      pacticipant: pacticipantEmbed(l, provider.name),
      version: versionEmbed(l, provider.name, version.number),
    },
    _links: {
      'pf:provider-contract': l.link(`${base}/provider-contract`, { title: 'Provider contract' }),
      'pf:provider-contract-verification-results': l.link(`${base}/provider-contract-verification-results`, {
        title: 'Provider contract self-verification results',
      }),
      'pf:ui': l.link(uiContractPath(provider.name, version.number), { title: 'Provider contract page' }),
      'pb:pacticipant': l.link(path`/pacticipants/${provider.name}`, {
        title: 'Pacticipant',
        name: provider.name,
      }),
      'pb:pacticipant-version': l.link(versionSelf, { title: 'Pacticipant version', name: version.number }),
      // The CLI's text mode fails without this relation, so it is an array even when there are no tags.
      'pb:pacticipant-version-tags': input.tags.map((t) =>
        l.link(`${versionSelf}/tags/${encodeURIComponent(t)}`, { title: 'Tag', name: t }),
      ),
      ...(input.branch
        ? {
            'pb:branch-version': l.link(
              path`/pacticipants/${provider.name}/branches/${input.branch}/versions/${version.number}`,
              { title: 'Branch version', name: input.branch },
            ),
          }
        : {}),
    },
  };
}

export function selfVerificationResource(l: Links, pub: PublicationRow, history: SelfVerificationRow[]) {
  const current = history[0];
  const base = contractBase(pub.provider_name, pub.provider_version_number);
  return {
    success: current?.success ?? false,
    verificationStatus: statusOf(current),
    verifier: current?.verifier ?? null,
    verifierVersion: current?.verifier_version ?? null,
    contentType: current?.content_type ?? null,
    format: current?.format ?? null,
    content: current?.content ?? null,
    contentEncoding: current?.content_base64 ? 'base64' : null,
    verificationDate: current?.created_at.toISOString() ?? null,
    buildUrl: current?.build_url ?? null,
    history: history.slice(1).map((h) => ({
      success: h.success,
      verificationDate: h.created_at.toISOString(),
      verifier: h.verifier,
      verifierVersion: h.verifier_version,
    })),
    _actions: [],
    _embedded: { version: versionEmbed(l, pub.provider_name, pub.provider_version_number) },
    _links: {
      self: l.link(`${base}/provider-contract-verification-results`),
      'pf:provider-contract': l.link(`${base}/provider-contract`),
      'pb:pacticipant-version': l.link(
        path`/pacticipants/${pub.provider_name}/versions/${pub.provider_version_number}`,
      ),
      'pf:ui': l.link(uiContractPath(pub.provider_name, pub.provider_version_number)),
    },
  };
}

export interface PublicationFacts {
  branches: string[];
  tags: string[];
  self: SelfVerificationRow | undefined;
}

/** A publication without its document (lists), or with it. */
export function contractResource(l: Links, pub: PublicationRow, facts: PublicationFacts, content?: string) {
  const base = contractBase(pub.provider_name, pub.provider_version_number);
  return {
    providerName: pub.provider_name,
    providerVersionNumber: pub.provider_version_number,
    branches: facts.branches,
    tags: facts.tags,
    specification: pub.specification,
    contractType: pub.specification,
    specificationVersion: pub.specification_version,
    contentType: pub.content_type,
    ...(content === undefined ? {} : { content }),
    sha: pub.sha,
    publishedAt: pub.created_at.toISOString(),
    buildUrl: pub.build_url,
    verificationStatus: statusOf(facts.self),
    selfVerificationResults: facts.self
      ? {
          success: facts.self.success,
          verifier: facts.self.verifier,
          verifierVersion: facts.self.verifier_version,
          verificationDate: facts.self.created_at.toISOString(),
        }
      : null,
    _actions: [],
    _embedded: {
      pacticipant: pacticipantEmbed(l, pub.provider_name),
      version: versionEmbed(l, pub.provider_name, pub.provider_version_number),
    },
    _links: {
      self: l.link(`${base}/provider-contract`),
      'pf:provider-contract-verification-results': l.link(`${base}/provider-contract-verification-results`),
      'pf:cross-contract-verification-results': l.link(`${base}/cross-contract-verification-results`),
      'pf:consumer-contracts': l.link(`${base}/consumer-contract`),
      'pb:pacticipant': l.link(path`/pacticipants/${pub.provider_name}`),
      'pb:pacticipant-version': l.link(
        path`/pacticipants/${pub.provider_name}/versions/${pub.provider_version_number}`,
      ),
      'pf:ui': l.link(uiContractPath(pub.provider_name, pub.provider_version_number)),
    },
  };
}

export function contractListResource(
  l: Links,
  provider: string,
  items: Array<{ pub: PublicationRow; facts: PublicationFacts }>,
  page: { number: number; size: number; total: number },
  selfHref: string,
) {
  return {
    _embedded: { providerContracts: items.map(({ pub, facts }) => contractResource(l, pub, facts)) },
    page: {
      number: page.number,
      size: page.size,
      totalElements: page.total,
      totalPages: Math.max(1, Math.ceil(page.total / page.size)),
    },
    _links: {
      self: l.link(selfHref),
      'pb:pacticipant': l.link(path`/pacticipants/${provider}`),
      'pf:ui': l.link(path`/ui/provider-contracts/provider/${provider}`),
    },
  };
}

export interface PairNames {
  provider: string;
  providerVersion: string;
  consumer: string;
  consumerVersion: string;
  consumerBranches: string[];
  pactSha: string;
}

function comparisonJson(c: StoredComparison) {
  const mismatches = c.mismatches as Mismatch[];
  return {
    success: c.success,
    comparedAt: c.created_at.toISOString(),
    comparator: COMPARATOR_NAME,
    comparatorVersion: c.comparator_version,
    interactionsCompared: c.interactions_compared,
    errors: mismatches.filter((m) => m.type === 'error'),
    warnings: mismatches.filter((m) => m.type === 'warning'),
  };
}

/** The pair resource: the verdict a provider version's contract gives one consumer version's pact. */
export function pairResource(
  l: Links,
  names: PairNames,
  verdict: CrossContractVerification,
  comparison: StoredComparison,
  self: SelfVerificationRow | undefined,
) {
  const base = contractBase(names.provider, names.providerVersion);
  const compared = comparisonJson(comparison);
  return {
    success: verdict.success,
    verificationStatus: self === undefined ? 'unverified' : verdict.success ? 'success' : 'failed',
    reasons: verdict.causes,
    comparison: compared,
    selfVerification: self
      ? { success: self.success, verifier: self.verifier, verificationDate: self.created_at.toISOString() }
      : null,
    _actions: [],
    _embedded: {
      crossContractVerificationResults: {
        success: comparison.success,
        results: { errors: compared.errors, warnings: compared.warnings },
        verificationDate: compared.comparedAt,
        verifier: COMPARATOR_NAME,
        verifierVersion: comparison.comparator_version,
      },
      consumerVersion: {
        number: names.consumerVersion,
        branches: names.consumerBranches,
        _links: { self: l.link(path`/pacticipants/${names.consumer}/versions/${names.consumerVersion}`) },
      },
      providerVersion: versionEmbed(l, names.provider, names.providerVersion),
    },
    _links: {
      self: l.link(pairPath(names.provider, names.providerVersion, names.consumer, names.consumerVersion)),
      'pb:pact-version': l.link(
        path`/pacts/provider/${names.provider}/consumer/${names.consumer}/pact-version/${names.pactSha}`,
      ),
      'pb:consumer-version': l.link(path`/pacticipants/${names.consumer}/versions/${names.consumerVersion}`),
      'pb:provider-version': l.link(path`/pacticipants/${names.provider}/versions/${names.providerVersion}`),
      'pf:provider-contract': l.link(`${base}/provider-contract`),
      'pf:provider-contract-verification-results': l.link(`${base}/provider-contract-verification-results`),
      'pf:ui': l.link(
        uiPairPath(names.provider, names.providerVersion, names.consumer, names.consumerVersion),
      ),
    },
  };
}

/** One stored comparison of a contract, per consumer version (the unscoped cross-contract list). */
export function comparisonListResource(
  l: Links,
  pub: PublicationRow,
  rows: Array<StoredComparison & { consumer_name: string; consumer_version_number: string }>,
) {
  const base = contractBase(pub.provider_name, pub.provider_version_number);
  return {
    _embedded: {
      crossContractVerificationResults: rows.map((r) => ({
        consumerName: r.consumer_name,
        consumerVersionNumber: r.consumer_version_number,
        success: r.success,
        errorCount: r.error_count,
        warningCount: r.warning_count,
        comparedAt: r.created_at.toISOString(),
        _links: {
          self: l.link(
            pairPath(
              pub.provider_name,
              pub.provider_version_number,
              r.consumer_name,
              r.consumer_version_number,
            ),
          ),
        },
      })),
    },
    _links: {
      self: l.link(`${base}/cross-contract-verification-results`),
      'pf:provider-contract': l.link(`${base}/provider-contract`),
    },
  };
}
