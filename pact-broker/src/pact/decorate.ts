// The pact resource: the pact JSON merged with `createdAt` and the `_links` clients follow (after pact_decorator.rb).

import type { Links } from '../http/hal.js';
import { path } from '../http/hal.js';
import type { PacticipantRow } from '../pacticipants/queries.js';
import type { VersionRow } from '../versions/queries.js';
import { parseKeepingNumbers } from './numbers.js';
import type { PublishPactResult } from './publish.js';
import type { PactRow } from './queries.js';
import { pactPath, pactVersionPath } from './urls.js';

function pactTitle(p: Pick<PactRow, 'consumer_name' | 'provider_name' | 'consumer_version_number'>): string {
  return `Pact between ${p.consumer_name} (${p.consumer_version_number}) and ${p.provider_name}`;
}

function pactLink(l: Links, p: PactRow) {
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
  const content = parseKeepingNumbers(p.content) as Record<string, unknown>;
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

/** The pacts of one integration (all, by tag, by branch), newest first. */
export function pactVersionsResource(
  l: Links,
  selfPath: string,
  title: string,
  consumer: PacticipantRow,
  provider: PacticipantRow,
  pacts: PactRow[],
) {
  return {
    _embedded: {
      pacts: pacts.map((p) => ({
        createdAt: p.created_at.toISOString(),
        _embedded: { consumerVersion: { number: p.consumer_version_number } },
        _links: { self: pactLink(l, p) },
      })),
    },
    _links: {
      self: l.link(selfPath, { title }),
      'pb:consumer': l.link(path`/pacticipants/${consumer.name}`, { title: 'Consumer', name: consumer.name }),
      'pb:provider': l.link(path`/pacticipants/${provider.name}`, { title: 'Provider', name: provider.name }),
      'pb:pact-versions': pacts.map((p) => pactLink(l, p)),
    },
  };
}

/** A provider's pacts (all or the latest per consumer, optionally by tag or branch). */
export function providerPactsResource(
  l: Links,
  selfPath: string,
  title: string,
  provider: PacticipantRow,
  pacts: PactRow[],
) {
  const links = pacts.map((p) =>
    l.link(pactPath(p.provider_name, p.consumer_name, p.consumer_version_number), {
      title: pactTitle(p),
      name: p.consumer_name,
    }),
  );
  const providerLink = l.link(path`/pacticipants/${provider.name}`, {
    title: provider.name,
    name: provider.name,
  });
  return {
    _links: {
      self: l.link(selfPath, { title }),
      'pb:provider': providerLink,
      'pb:pacts': links,
      // Deprecated names still read by the Rust verifier's non-selector broker source.
      provider: providerLink,
      pacts: links,
    },
  };
}

/** GET /pacts/latest: the latest pact of every integration. */
export function latestPactsResource(l: Links, pacts: PactRow[]) {
  return {
    _links: { self: l.link('/pacts/latest') },
    pacts: pacts.map((p) => ({
      createdAt: p.created_at.toISOString(),
      _embedded: {
        consumer: {
          name: p.consumer_name,
          _links: { self: l.link(path`/pacticipants/${p.consumer_name}`) },
          _embedded: { version: { number: p.consumer_version_number } },
        },
        provider: {
          name: p.provider_name,
          _links: { self: l.link(path`/pacticipants/${p.provider_name}`) },
        },
      },
      _links: {
        self: [
          l.link(path`/pacts/provider/${p.provider_name}/consumer/${p.consumer_name}/latest`, {
            title: 'Latest version of the pact',
          }),
          l.link(pactPath(p.provider_name, p.consumer_name, p.consumer_version_number), {
            title: pactTitle(p),
          }),
        ],
      },
    })),
  };
}

interface Notice {
  type: 'success' | 'info' | 'debug' | 'warning' | 'error' | 'prompt';
  text: string;
}

function publicationNotice(
  r: PublishPactResult,
  consumer: string,
  version: string,
  provider: string,
): Notice {
  switch (r.outcome) {
    case 'created':
      return {
        type: 'success',
        text: `Pact successfully published for ${consumer} version ${version} and provider ${provider}.`,
      };
    case 'same':
      return {
        type: 'success',
        text: `Pact with the same content published for ${consumer} version ${version} and provider ${provider}.`,
      };
    case 'merged':
      return {
        type: 'success',
        text: `Pact merged into the pact for ${consumer} version ${version} and provider ${provider}.`,
      };
    case 'overwritten':
      return {
        type: 'warning',
        text: `Pact with changed content published over existing content for ${consumer} version ${version} and provider ${provider}. This is not recommended in normal circumstances and may indicate that you have not configured your Pact pipeline correctly.`,
      };
  }
}

export interface PublishedContracts {
  consumer: PacticipantRow;
  version: VersionRow;
  /** Whether the consumer version existed before this publish. */
  existed: boolean;
  branch: string | undefined;
  tags: string[];
  published: Array<{ providerName: string; result: PublishPactResult }>;
  /** Per provider: how the new pact compares with that provider's contracts (bi-directional testing). */
  providerContractNotices?: Map<string, Notice[]>;
}

/** The publish-contracts response: notices and logs as the CLI prints them, and links to what was published. */
export function publishedContractsResource(l: Links, r: PublishedContracts) {
  const { consumer, version, branch, tags, published } = r;
  const versionSelf = path`/pacticipants/${consumer.name}/versions/${version.number}`;
  const what = [
    branch ? `branch ${branch}` : undefined,
    tags.length ? `tags ${tags.join(', ')}` : undefined,
  ].filter(Boolean);
  const notices: Notice[] = [
    {
      type: 'debug',
      text: `${r.existed ? 'Updated' : 'Created'} ${consumer.name} version ${version.number}${what.length ? ` with ${what.join(' and ')}` : ''}`,
    },
  ];
  if (!branch)
    notices.push({
      type: 'prompt',
      text: '  Next steps:\n    Configure the version branch to be the value of your repository branch.',
    });
  for (const { providerName, result } of published) {
    notices.push(publicationNotice(result, consumer.name, version.number, providerName));
    notices.push(...(r.providerContractNotices?.get(providerName) ?? []));
    notices.push({
      type: 'debug',
      text: `  View the published pact at ${l.url(pactPath(providerName, consumer.name, version.number))}`,
    });
    if (result.events.length)
      notices.push({ type: 'debug', text: `  Events detected: ${result.events.join(', ')}` });
  }
  const levelOf = (t: Notice['type']) =>
    t === 'success' || t === 'prompt' ? 'info' : t === 'warning' ? 'warn' : t;
  const pacticipantLink = l.link(path`/pacticipants/${consumer.name}`, {
    title: 'Pacticipant',
    name: consumer.name,
  });
  return {
    notices,
    // The Rust CLI deserialises `deprecationWarning` as a string, so it is sent as one.
    logs: notices.map((n) => ({ level: levelOf(n.type), message: n.text, deprecationWarning: 'false' })),
    _embedded: {
      pacticipant: { name: consumer.name, _links: { self: pacticipantLink } },
      version: {
        number: version.number,
        buildUrl: version.build_url,
        _links: { self: l.link(versionSelf, { title: 'Version', name: version.number }) },
      },
    },
    _links: {
      'pb:pacticipant': pacticipantLink,
      'pb:pacticipant-version': l.link(versionSelf, { title: 'Pacticipant version', name: version.number }),
      'pb:pacticipant-version-tags': tags.map((t) =>
        l.link(`${versionSelf}/tags/${encodeURIComponent(t)}`, { title: 'Tag', name: t }),
      ),
      'pb:contracts': published.map(({ result }) => pactLink(l, result.pact)),
    },
  };
}

/** The text of a diff response: the header names both versions. */
export function diffWithPreviousText(
  pact: PactRow,
  prev: PactRow | undefined,
  diff: string | undefined,
): string {
  if (!prev || diff === undefined) return 'No previous distinct version was found for this pact.\n';
  return `# Diff between versions ${prev.consumer_version_number} and ${pact.consumer_version_number} of the pact between ${pact.consumer_name} and ${pact.provider_name}\n\n${diff}\n`;
}
