// JSON shapes of the health resources.

import type { Links } from '../http/hal.js';

export function heartbeatResource(l: Links) {
  return { ok: true, _links: { self: l.link('/diagnostic/status/heartbeat') } };
}

export function dependenciesResource(l: Links) {
  return {
    ok: true,
    dependencies: { database: { ok: true } },
    _links: { self: l.link('/diagnostic/status/dependencies') },
  };
}
