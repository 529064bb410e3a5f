// JSON shapes of labels (after the official label and labels decorators).

import { type Links, path } from '../http/hal.js';
import type { LabelRow } from './queries.js';

function labelPath(pacticipant: string, label: string): string {
  return path`/pacticipants/${pacticipant}/labels/${label}`;
}

export function decorateLabel(l: Links, pacticipant: string, row: LabelRow) {
  return {
    name: row.name,
    createdAt: row.created_at.toISOString(),
    ...(row.updated_at.getTime() !== row.created_at.getTime()
      ? { updatedAt: row.updated_at.toISOString() }
      : {}),
    _links: {
      self: l.link(labelPath(pacticipant, row.name), { title: 'Label', name: row.name }),
      pacticipant: l.link(path`/pacticipants/${pacticipant}`, { title: 'Pacticipant', name: pacticipant }),
    },
  };
}

/** A label as embedded in a pacticipant. */
export function embeddedLabel(l: Links, pacticipant: string, name: string) {
  return { name, _links: { self: l.link(labelPath(pacticipant, name), { title: 'Label', name }) } };
}

/** `/labels`: names only, no links or timestamps per entry (as upstream). */
export function labelsResource(l: Links, names: string[]) {
  return {
    _embedded: { labels: names.map((name) => ({ name })) },
    _links: { self: l.link('/labels', { title: 'Labels' }) },
  };
}
