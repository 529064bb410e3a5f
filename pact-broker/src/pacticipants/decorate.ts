// JSON shapes for pacticipant resources (after the official pacticipant decorator).

import { type Links, path } from '../http/hal.js';
import type { VersionRow } from '../versions/queries.js';
import type { PacticipantRow } from './queries.js';

export function pacticipantLink(l: Links, name: string) {
  return l.link(path`/pacticipants/${name}`, { title: name, name });
}

/** A pacticipant with its latest version embedded (loaded by the handler). */
export function decoratePacticipant(
  l: Links,
  p: PacticipantRow,
  latest: Pick<VersionRow, 'number'> | undefined,
): Record<string, unknown> {
  const base = path`/pacticipants/${p.name}`;
  const latestEmbedded = latest
    ? {
        number: latest.number,
        _links: {
          self: l.link(`${base}/versions/${encodeURIComponent(latest.number)}`, {
            title: 'Version',
            name: latest.number,
          }),
        },
      }
    : undefined;
  return {
    name: p.name,
    displayName: p.display_name ?? p.name,
    repositoryUrl: p.repository_url,
    repositoryName: p.repository_name,
    repositoryNamespace: p.repository_namespace,
    mainBranch: p.main_branch,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
    _embedded: {
      ...(latestEmbedded ? { latestVersion: latestEmbedded, 'latest-version': latestEmbedded } : {}),
      labels: [],
    },
    _links: {
      self: l.link(base),
      'pb:versions': l.link(`${base}/versions`),
      'pb:version': l.template(`${base}/versions/{version}`, 'Get, create or delete a pacticipant version'),
      'pb:version-tag': l.template(
        `${base}/versions/{version}/tags/{tag}`,
        'Get, create or delete a tag for a version',
      ),
      'pb:branch-version': l.template(
        `${base}/branches/{branch}/versions/{version}`,
        'Get or add/create a version for a branch',
      ),
      'pb:branches': l.link(`${base}/branches`),
      'pb:latest-version': l.link(`${base}/latest-version`, { title: 'Latest version' }),
      'pb:label': l.template(`${base}/labels/{label}`, 'Get, create or delete a label for a pacticipant'),
      'pb:can-i-deploy-badge': l.template(
        `${base}/latest-version/{tag}/can-i-deploy/to/{environmentTag}/badge`,
        'Can I Deploy badge',
      ),
      'pb:can-i-deploy-branch-to-environment-badge': l.template(
        `${base}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}/badge`,
        'Can I Deploy branch to environment badge',
      ),
      versions: l.link(`${base}/versions`),
      curies: [{ name: 'pb', href: l.url('/doc/{rel}?context=pacticipant'), templated: true }],
    },
  };
}

export function pacticipantsResource(
  l: Links,
  rows: PacticipantRow[],
  items: Array<Record<string, unknown>>,
) {
  const links = rows.map((p) => pacticipantLink(l, p.name));
  return {
    _embedded: { pacticipants: items },
    pacticipants: items,
    _links: { self: l.link('/pacticipants'), 'pb:pacticipants': links, pacticipants: links },
  };
}
