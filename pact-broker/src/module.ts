// The shape of a route module: each domain folder exports one and app.ts lists them.

import type { BrokerDeps } from './deps.js';
import type { Router } from './http/router.js';

export interface BrokerModule {
  name: string;
  /** Runs before any module registers routes: replace `deps.events` / `deps.deployments`, add link registries. */
  setup?(deps: BrokerDeps): void | Promise<void>;
  register(router: Router, deps: BrokerDeps): void;
  /** Runs on shutdown before the database closes (stop timers, finish relays). */
  close?(deps: BrokerDeps): Promise<void>;
}
