// JSON shapes of deployed and released versions (after the official deployed/released version decorators).

import { embeddedEnvironment, environmentTitle } from '../environments/decorate.js';
import type { EnvironmentRow } from '../environments/queries.js';
import { type Links, path } from '../http/hal.js';
import type { DeployedRow, DeploymentRow, ReleasedRow, VersionKey } from './queries.js';

function embedded(l: Links, r: DeploymentRow, env: EnvironmentRow) {
  const versionPath = path`/pacticipants/${r.pacticipant_name}/versions/${r.version_number}`;
  return {
    pacticipant: {
      name: r.pacticipant_name,
      _links: { self: l.link(path`/pacticipants/${r.pacticipant_name}`, { name: r.pacticipant_name }) },
    },
    version: { number: r.version_number, _links: { self: l.link(versionPath, { name: r.version_number }) } },
    environment: embeddedEnvironment(l, env),
  };
}

export function decorateDeployed(l: Links, r: DeployedRow, env: EnvironmentRow) {
  const instance = r.application_instance === '' ? null : r.application_instance;
  return {
    uuid: r.uuid,
    currentlyDeployed: r.currently_deployed,
    // `target` is the deprecated name the older clients still read.
    target: instance,
    applicationInstance: instance,
    undeployedAt: r.undeployed_at ? r.undeployed_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    _embedded: embedded(l, r, env),
    _links: {
      self: l.link(path`/deployed-versions/${r.uuid}`, { title: 'Deployed version', name: r.version_number }),
    },
  };
}

export function decorateReleased(l: Links, r: ReleasedRow, env: EnvironmentRow) {
  return {
    uuid: r.uuid,
    currentlySupported: r.support_ended_at === null,
    supportEndedAt: r.support_ended_at ? r.support_ended_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    _embedded: embedded(l, r, env),
    _links: {
      self: l.link(path`/released-versions/${r.uuid}`, { title: 'Released version', name: r.version_number }),
    },
  };
}

export function versionDeploymentsResource(
  l: Links,
  selfPath: string,
  v: Pick<VersionKey, 'number'>,
  env: EnvironmentRow,
  rows: DeployedRow[],
) {
  return {
    _embedded: { deployedVersions: rows.map((r) => decorateDeployed(l, r, env)) },
    _links: { self: l.link(selfPath, { title: `Deployments of ${v.number} to ${environmentTitle(env)}` }) },
  };
}

export function versionReleasesResource(
  l: Links,
  selfPath: string,
  v: Pick<VersionKey, 'number'>,
  env: EnvironmentRow,
  rows: ReleasedRow[],
) {
  return {
    _embedded: { releasedVersions: rows.map((r) => decorateReleased(l, r, env)) },
    _links: { self: l.link(selfPath, { title: `Releases of ${v.number} to ${environmentTitle(env)}` }) },
  };
}

export function currentlyDeployedResource(
  l: Links,
  selfPath: string,
  env: EnvironmentRow,
  rows: DeployedRow[],
) {
  return {
    _embedded: { deployedVersions: rows.map((r) => decorateDeployed(l, r, env)) },
    _links: { self: l.link(selfPath, { title: `Currently deployed versions for ${environmentTitle(env)}` }) },
  };
}

export function currentlySupportedResource(
  l: Links,
  selfPath: string,
  env: EnvironmentRow,
  rows: ReleasedRow[],
) {
  return {
    _embedded: { releasedVersions: rows.map((r) => decorateReleased(l, r, env)) },
    _links: {
      self: l.link(selfPath, { title: `Currently supported released versions for ${environmentTitle(env)}` }),
    },
  };
}
