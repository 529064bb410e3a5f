// JSON shapes for version, branch, branch-version and tag resources (after the official decorators).

import type { Db } from '../db/db.js';
import type { LinkRegistry } from '../deps.js';
import { type Link, type Links, path } from '../http/hal.js';
import type { PacticipantRow } from '../pacticipants/queries.js';
import {
  type BranchRow,
  branchesOfVersion,
  providersOfConsumerVersion,
  type TagRow,
  tagsOfVersion,
  type VersionRow,
} from './queries.js';

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

export async function decorateVersion(
  db: Db,
  l: Links,
  pacticipant: PacticipantRow,
  v: VersionRow,
  registry: LinkRegistry,
): Promise<Record<string, unknown>> {
  const self = versionPath(pacticipant.name, v.number);
  const [tags, branches, providers] = await Promise.all([
    tagsOfVersion(db, v.id),
    branchesOfVersion(db, v.id),
    providersOfConsumerVersion(db, v.id),
  ]);
  const branchVersions = branches.map((b) => branchVersionResource(l, pacticipant.name, b.name, v, b.latest));
  const extra: Record<string, Link | Link[]> = {};
  for (const fn of registry.version) {
    Object.assign(
      extra,
      await fn(
        db,
        {
          pacticipantId: pacticipant.id,
          pacticipantName: pacticipant.name,
          versionId: v.id,
          number: v.number,
        },
        l,
      ),
    );
  }
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
      'pb:record-deployment': [],
      'pb:record-release': [],
      ...extra,
      curies: [{ name: 'pb', href: l.url('/doc/{rel}?context=version'), templated: true }],
    },
  };
}
