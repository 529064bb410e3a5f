// JSON shapes of the environment resources (after the official environment decorators).

import { type Links, path } from '../http/hal.js';
import type { EnvironmentRow } from './queries.js';

function environmentPath(uuid: string): string {
  return path`/environments/${uuid}`;
}

export function environmentTitle(e: Pick<EnvironmentRow, 'name' | 'display_name'>): string {
  return e.display_name ?? e.name;
}

/** The short form embedded in deployed/released versions. */
export function embeddedEnvironment(l: Links, e: EnvironmentRow) {
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: e.display_name,
    production: e.production,
    createdAt: e.created_at.toISOString(),
    _links: { self: l.link(environmentPath(e.uuid), { title: 'Environment', name: e.name }) },
  };
}

export function decorateEnvironment(l: Links, e: EnvironmentRow) {
  const self = environmentPath(e.uuid);
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: e.display_name,
    production: e.production,
    contacts: e.contacts ?? [],
    createdAt: e.created_at.toISOString(),
    updatedAt: e.updated_at.toISOString(),
    _links: {
      self: l.link(self, { title: 'Environment', name: e.name }),
      'pb:currently-deployed-deployed-versions': l.link(`${self}/deployed-versions/currently-deployed`, {
        title: 'Versions currently deployed to this environment',
      }),
      'pb:currently-supported-released-versions': l.link(`${self}/released-versions/currently-supported`, {
        title: 'Versions released and supported in this environment',
      }),
      'pb:environments': l.link('/environments', { title: 'Environments' }),
    },
  };
}

export function environmentsResource(l: Links, rows: EnvironmentRow[]) {
  return {
    _embedded: { environments: rows.map((e) => decorateEnvironment(l, e)) },
    _links: {
      self: l.link('/environments', { title: 'Environments' }),
      'pb:createEnvironment': l.link('/environments', { title: 'Create an environment' }),
      'pb:environments': rows.map((e) =>
        l.link(environmentPath(e.uuid), { title: 'Environment', name: e.name }),
      ),
    },
  };
}
