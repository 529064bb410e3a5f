// JSON shape of a verification result (after verification_decorator.rb).

import type { Links } from '../http/hal.js';
import { pactVersionPath } from '../pact/urls.js';
import type { VerificationRow } from './queries.js';

export function verificationPath(
  v: Pick<VerificationRow, 'provider_name' | 'consumer_name' | 'sha' | 'number'>,
): string {
  return `${pactVersionPath(v.provider_name, v.consumer_name, v.sha)}/verification-results/${v.number}`;
}

export function decorateVerification(l: Links, v: VerificationRow): Record<string, unknown> {
  return {
    providerName: v.provider_name,
    providerApplicationVersion: v.provider_version_number,
    success: v.success,
    verificationDate: v.execution_date.toISOString(),
    buildUrl: v.build_url,
    testResults: v.test_results,
    verifiedBy: v.verified_by ?? {},
    wip: v.wip,
    _links: {
      self: l.link(verificationPath(v), {
        title: 'Verification result',
        name: `Verification result ${v.number} for Pact between ${v.consumer_name} and ${v.provider_name}`,
      }),
      'pb:pact-version': l.link(pactVersionPath(v.provider_name, v.consumer_name, v.sha), {
        title: 'Pact',
        name: `Pact between ${v.consumer_name} and ${v.provider_name}`,
      }),
      'pb:provider-version': l.link(
        `/pacticipants/${encodeURIComponent(v.provider_name)}/versions/${encodeURIComponent(v.provider_version_number)}`,
        { title: 'Provider version', name: v.provider_version_number },
      ),
      'pb:triggered-webhooks': l.link(`${verificationPath(v)}/triggered-webhooks`, {
        title: 'Webhooks triggered by the publication of this verification result',
      }),
    },
  };
}

export function verificationsResource(l: Links, selfPath: string, list: VerificationRow[]) {
  return {
    _embedded: { verificationResults: list.map((v) => decorateVerification(l, v)) },
    _links: { self: l.link(selfPath) },
  };
}

/** The latest result of each provider for one consumer version, with the overall outcome. */
export function consumerVersionVerificationsResource(l: Links, selfPath: string, list: VerificationRow[]) {
  return {
    success: list.length > 0 && list.every((v) => v.success),
    providerSummary: {
      successful: list.filter((v) => v.success).map((v) => v.provider_name),
      failed: list.filter((v) => !v.success).map((v) => v.provider_name),
      unknown: [],
    },
    _embedded: { verificationResults: list.map((v) => decorateVerification(l, v)) },
    _links: { self: l.link(selfPath, { title: 'Latest verification results for consumer version' }) },
  };
}
