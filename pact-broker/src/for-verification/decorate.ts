// The pacts-for-verification response: each pact's URL with its selection metadata, the short description and
// the notices the verifier prints before and after verifying (pending and WIP explained).

import { type Links, path } from '../http/hal.js';
import { encodeMetadata, pactVersionPath } from '../pact/urls.js';
import type { PacticipantRow } from '../pacticipants/queries.js';
import { shortDescription, type VerifiablePact } from './resolve.js';
import type { VerificationQuery } from './selectors.js';

interface Notice {
  when: string;
  text: string;
}

function pendingScope(p: VerifiablePact, provider: string): string {
  switch (p.pendingReason.kind) {
    case 'branch':
      return `a version of ${provider} with branch '${p.pendingReason.name}'`;
    case 'tags':
      return `a version of ${provider} with tag${p.pendingReason.names.length > 1 ? 's' : ''} ${p.pendingReason.names.map((t) => `'${t}'`).join(', ')}`;
    case 'none':
      return `any version of ${provider}`;
  }
}

function notices(p: VerifiablePact, provider: string, url: string, includePending: boolean): Notice[] {
  const out: Notice[] = [];
  if (p.wip) {
    out.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because it is a 'work in progress' pact (ie. it is the pact for the ${p.selections[0]?.description ?? 'latest version'} and it has not yet been successfully verified by ${pendingScope(p, provider)}). Read more at https://docs.pact.io/go/wip`,
    });
  } else {
    const criteria = p.selections.map((s) => `    * ${s.description} (${s.consumerVersionNumber})`);
    out.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because the pact content belongs to the consumer version${p.selections.length > 1 ? 's' : ''} matching the following criteri${p.selections.length > 1 ? 'a' : 'on'}:\n${criteria.join('\n')}`,
    });
  }
  if (!includePending) return out;
  const scope = pendingScope(p, provider);
  if (p.pending) {
    out.push({
      when: 'before_verification',
      text: `This pact is in pending state for this version of ${provider} because a successful verification result for ${scope} has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending`,
    });
    const still = `This pact is still in pending state for ${scope} as the successful verification results have not yet been published.`;
    out.push({ when: 'after_verification:success_true_published_false', text: still });
    out.push({
      when: 'after_verification:success_false_published_false',
      text: `This pact is still in pending state for ${scope} as a successful verification result has not yet been published.`,
    });
    out.push({
      when: 'after_verification:success_true_published_true',
      text: `This pact is no longer in pending state for ${scope}, as a successful verification result has been published. If a verification for this pact fails in the future, it will fail the build. Read more at https://docs.pact.io/go/pending`,
    });
    out.push({
      when: 'after_verification:success_false_published_true',
      text: `This pact is still in pending state for ${scope} as a successful verification result has not yet been published.`,
    });
  } else {
    out.push({
      when: 'before_verification',
      text: `This pact has previously been successfully verified by ${scope}. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending`,
    });
  }
  return out;
}

export function pactsForVerificationResource(
  l: Links,
  provider: PacticipantRow,
  q: VerificationQuery,
  pacts: VerifiablePact[],
) {
  return {
    _embedded: {
      pacts: pacts.map((p) => {
        const metadata = p.wip
          ? { w: true }
          : {
              s: p.selections.map((s) => ({
                ...(s.branch ? { b: s.branch } : {}),
                ...(s.tag ? { t: s.tag } : {}),
                ...(s.selector.latest ? { l: true } : {}),
                ...(s.environment ? { e: s.environment } : {}),
                cv: s.consumerVersionId,
              })),
              ...(q.includePendingStatus ? { p: p.pending } : {}),
            };
        const href = l.url(pactVersionPath(provider.name, p.consumerName, p.sha, encodeMetadata(metadata)));
        return {
          shortDescription: shortDescription(p),
          verificationProperties: {
            ...(q.includePendingStatus ? { pending: p.pending } : {}),
            ...(p.wip ? { wip: true } : {}),
            notices: notices(p, provider.name, href, q.includePendingStatus),
          },
          _links: { self: { href, name: `Pact between ${p.consumerName} and ${provider.name}` } },
        };
      }),
    },
    _links: {
      self: {
        href: l.url(path`/pacts/provider/${provider.name}/for-verification`),
        title: 'Pacts to be verified',
      },
    },
  };
}
