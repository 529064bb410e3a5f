// JSON shapes for version, branch, branch-version and tag resources (after the official decorators).

import { environmentTitle } from '../environments/decorate.js';
import { type Links, path } from '../http/hal.js';
import type { PacticipantRow } from '../pacticipants/queries.js';
import type { BranchRow, TagRow, VersionDetails, VersionRow } from './queries.js';

export function versionPath(pacticipant: string, number: string): string {
  return path`/pacticipants/${pacticipant}/versions/${number}`;
}

export function tagResource(
  l: Links,
  pacticipant: string,
  number: string,
  tag: Pick<TagRow, 'name' | 'created_at'>,
) {
  const self = `${versionPath(pacticipant, number)}/tags/${encodeURIComponent(tag.name)}`;
  return {
    name: tag.name,
    createdAt: tag.created_at.toISOString(),
    _links: {
      self: l.link(self, { title: 'Tag', name: tag.name }),
      'pb:version': l.link(versionPath(pacticipant, number), { title: 'Version', name: number }),
      'pb:pacticipant': l.link(path`/pacticipants/${pacticipant}`, {
        title: 'Pacticipant',
        name: pacticipant,
      }),
    },
  };
}

export function branchResource(l: Links, pacticipant: string, branch: BranchRow) {
  const self = path`/pacticipants/${pacticipant}/branches/${branch.name}`;
  return {
    name: branch.name,
    createdAt: branch.created_at.toISOString(),
    _links: {
      self: l.link(self, { title: 'Branch', name: branch.name }),
      'pb:latest-version': l.link(`${self}/latest-version`, { title: 'Latest version for branch' }),
      'pb:versions': l.link(`${self}/versions`, { title: 'Versions on branch' }),
      'pb:pacticipant': l.link(path`/pacticipants/${pacticipant}`, {
        title: 'Pacticipant',
        name: pacticipant,
      }),
    },
  };
}

export function branchVersionResource(
  l: Links,
  pacticipant: string,
  branchName: string,
  version: VersionRow,
  latest?: boolean,
) {
  return {
    name: branchName,
    ...(latest === undefined ? {} : { latest }),
    _links: {
      self: l.link(path`/pacticipants/${pacticipant}/branches/${branchName}/versions/${version.number}`, {
        title: 'Branch version',
        name: branchName,
      }),
      'pb:version': l.link(versionPath(pacticipant, version.number), {
        title: 'Version',
        name: version.number,
      }),
      'pb:branch': l.link(path`/pacticipants/${pacticipant}/branches/${branchName}`, {
        title: 'Branch',
        name: branchName,
      }),
    },
  };
}

export function decorateVersion(
  l: Links,
  pacticipant: PacticipantRow,
  v: VersionRow,
  details: VersionDetails,
): Record<string, unknown> {
  const self = versionPath(pacticipant.name, v.number);
  const { tags, branches, providers, environments } = details;
  const branchVersions = branches.map((b) => branchVersionResource(l, pacticipant.name, b.name, v, b.latest));
  const environmentLink = (kind: 'deployed' | 'released', verb: string) =>
    environments.map((e) =>
      l.link(`${self}/${kind}-versions/environment/${encodeURIComponent(e.uuid)}`, {
        title: `${verb} to ${environmentTitle(e)}`,
        name: e.name,
      }),
    );
  return {
    number: v.number,
    buildUrl: v.build_url,
    createdAt: v.created_at.toISOString(),
    _embedded: {
      branchVersions,
      branches: branchVersions,
      tags: tags.map((t) => ({ ...tagResource(l, pacticipant.name, v.number, t), latest: t.latest })),
    },
    _links: {
      self: l.link(self, { title: 'Version', name: v.number }),
      'pb:pacticipant': l.link(path`/pacticipants/${pacticipant.name}`, {
        title: 'Pacticipant',
        name: pacticipant.name,
      }),
      'pb:tag': l.template(`${self}/tags/{tag}`, 'Get, create or delete a tag for this pacticipant version'),
      'pb:latest-verification-results-where-pacticipant-is-consumer': l.link(
        `/verification-results/consumer/${encodeURIComponent(pacticipant.name)}/version/${encodeURIComponent(v.number)}/latest`,
        { title: 'Latest verification results for consumer version' },
      ),
      'pb:pact-versions': providers.map((p) =>
        l.link(path`/pacts/provider/${p.provider}/consumer/${pacticipant.name}/version/${v.number}`, {
          title: 'Pact',
          name: `Pact between ${pacticipant.name} (${v.number}) and ${p.provider}`,
        }),
      ),
      'pb:record-deployment': environmentLink('deployed', 'Record deployment'),
      'pb:record-release': environmentLink('released', 'Record release'),
      curies: [{ name: 'pb', href: l.url('/doc/{rel}?context=version'), templated: true }],
    },
  };
}

export function versionsResource(
  l: Links,
  selfPath: string,
  p: PacticipantRow,
  rows: VersionRow[],
  versions: Array<Record<string, unknown>>,
) {
  return {
    _embedded: { versions },
    _links: {
      self: l.link(selfPath, { title: `All application versions of ${p.name}` }),
      'pb:pacticipant': l.link(path`/pacticipants/${p.name}`, { title: 'Pacticipant', name: p.name }),
      'pb:versions': rows.map((v) =>
        l.link(versionPath(p.name, v.number), { title: 'Version', name: v.number }),
      ),
    },
  };
}

export function tagsResource(
  l: Links,
  selfPath: string,
  pacticipant: string,
  number: string,
  tags: Array<Pick<TagRow, 'name' | 'created_at'>>,
) {
  return {
    _embedded: { tags: tags.map((t) => tagResource(l, pacticipant, number, t)) },
    _links: { self: l.link(selfPath) },
  };
}

export function branchesResource(l: Links, selfPath: string, pacticipant: string, branches: BranchRow[]) {
  return {
    _embedded: { branches: branches.map((b) => branchResource(l, pacticipant, b)) },
    _links: {
      self: l.link(selfPath, { title: `${pacticipant} branches` }),
      'pb:pacticipant': l.link(path`/pacticipants/${pacticipant}`, {
        title: 'Pacticipant',
        name: pacticipant,
      }),
    },
  };
}
