// The pact resource: the pact JSON merged with `createdAt` and the `_links` clients follow (after pact_decorator.rb).

import type { Links } from '../http/hal.js';
import { path } from '../http/hal.js';
import type { PactRow } from './queries.js';
import { pactPath, pactVersionPath } from './urls.js';

export function pactTitle(
  p: Pick<PactRow, 'consumer_name' | 'provider_name' | 'consumer_version_number'>,
): string {
  return `Pact between ${p.consumer_name} (${p.consumer_version_number}) and ${p.provider_name}`;
}

export function pactLink(l: Links, p: PactRow) {
  return l.link(pactPath(p.provider_name, p.consumer_name, p.consumer_version_number), {
    title: pactTitle(p),
    name: pactTitle(p),
  });
}

export function decoratePact(
  l: Links,
  p: PactRow,
  options: { metadata?: string } = {},
): Record<string, unknown> {
  const content = JSON.parse(p.content) as Record<string, unknown>;
  const integration = path`/pacts/provider/${p.provider_name}/consumer/${p.consumer_name}`;
  const self = pactPath(p.provider_name, p.consumer_name, p.consumer_version_number);
  const versionUrl = path`/pacticipants/${p.consumer_name}/versions/${p.consumer_version_number}`;
  const pactVersion = pactVersionPath(p.provider_name, p.consumer_name, p.sha, options.metadata);
  return {
    ...content,
    createdAt: p.created_at.toISOString(),
    _links: {
      self: l.link(self, { title: 'Pact', name: pactTitle(p) }),
      'pb:consumer': l.link(path`/pacticipants/${p.consumer_name}`, {
        title: 'Consumer',
        name: p.consumer_name,
      }),
      'pb:consumer-version': l.link(versionUrl, {
        title: 'Consumer version',
        name: p.consumer_version_number,
      }),
      'pb:consumer-versions': [
        l.link(versionUrl, { title: 'Consumer version', name: p.consumer_version_number }),
      ],
      'pb:provider': l.link(path`/pacticipants/${p.provider_name}`, {
        title: 'Provider',
        name: p.provider_name,
      }),
      'pb:pact-version': l.link(pactVersionPath(p.provider_name, p.consumer_name, p.sha), {
        title: 'Pact content version permalink',
        name: p.sha,
      }),
      'pb:latest-pact-version': l.link(`${integration}/latest`, { title: 'Latest version of this pact' }),
      'pb:all-pact-versions': l.link(`${integration}/versions`, { title: 'All versions of this pact' }),
      'pb:latest-untagged-pact-version': l.link(`${integration}/latest-untagged`, {
        title: 'Latest untagged version of this pact',
      }),
      'pb:latest-tagged-pact-version': l.template(
        `${integration}/latest/{tag}`,
        'Latest tagged version of this pact',
      ),
      'pb:previous-distinct': l.link(`${self}/previous-distinct`, {
        title: 'Previous distinct version of this pact',
      }),
      'pb:diff-previous-distinct': l.link(`${self}/diff/previous-distinct`, {
        title: 'Diff with previous distinct version of this pact',
      }),
      'pb:diff': l.template(
        `${pactVersionPath(p.provider_name, p.consumer_name, p.sha)}/diff/pact-version/{pactVersion}`,
        'Diff with another specified version of this pact',
      ),
      'pb:pact-webhooks': l.link(
        `/webhooks/provider/${encodeURIComponent(p.provider_name)}/consumer/${encodeURIComponent(p.consumer_name)}`,
        {
          title: 'Webhooks for the pact between the consumer and provider',
        },
      ),
      'pb:consumer-webhooks': l.link(`/webhooks/consumer/${encodeURIComponent(p.consumer_name)}`, {
        title: 'Webhooks for all pacts with the consumer',
      }),
      'pb:tag-prod-version': l.link(`${versionUrl}/tags/prod`, {
        title: 'PUT to this resource to tag this consumer version as "production"',
      }),
      'pb:tag-version': l.template(
        `${versionUrl}/tags/{tag}`,
        'PUT to this resource to tag this consumer version',
      ),
      'pb:publish-verification-results': l.link(`${pactVersion}/verification-results`, {
        title: 'Publish verification results',
      }),
      'pb:latest-verification-results': l.link(
        `${pactVersionPath(p.provider_name, p.consumer_name, p.sha)}/verification-results/latest`,
        { title: 'Latest verification results' },
      ),
      'pb:triggered-webhooks': l.link(`${self}/triggered-webhooks`, {
        title: 'Webhooks triggered by the publication of this pact',
      }),
      'pb:matrix-for-consumer-version': l.link(
        `/matrix?q[][pacticipant]=${encodeURIComponent(p.consumer_name)}&q[][version]=${encodeURIComponent(p.consumer_version_number)}&latestby=cvpv`,
        { title: 'View matrix rows for the consumer version to which this pact belongs' },
      ),
      curies: [{ name: 'pb', href: l.url('/doc/{rel}?context=pact'), templated: true }],
    },
  };
}
