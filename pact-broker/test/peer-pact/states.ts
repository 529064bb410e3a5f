// Provider states of the official client's peer pact, set up through the broker's own storage and services.
// Part 2 extends `stateHandlers` (environments, deployments, matrix, webhooks) and `part2Interactions`.

import type { BrokerDeps } from '../../src/deps.js';
import type { PactDoc } from '../../src/pact/content.js';
import { publishPact } from '../../src/pact/publish.js';
import { findOrCreatePacticipant, updatePacticipant } from '../../src/pacticipants/queries.js';
import { addTag, addVersionToBranch, findOrCreateVersion } from '../../src/versions/queries.js';
import { part2StateHandlers, rewriteMatrixUrl } from './states-part2.js';

export type StateSetup = (deps: BrokerDeps) => Promise<void>;

const emptyPact = (consumer: string, provider: string): PactDoc => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

/** Seed helpers over the broker's storage layer (the same functions the HTTP handlers use). */
export const seed = {
  async pacticipant(
    deps: BrokerDeps,
    name: string,
    fields: { repositoryUrl?: string; mainBranch?: string } = {},
  ) {
    return deps.db.transaction(async (tx) => {
      const p = (await findOrCreatePacticipant(tx, name)).row;
      return updatePacticipant(tx, p.id, fields, false);
    });
  },
  async version(
    deps: BrokerDeps,
    pacticipant: string,
    number: string,
    o: { tags?: string[]; branch?: string } = {},
  ) {
    return deps.db.transaction(async (tx) => {
      const p = (await findOrCreatePacticipant(tx, pacticipant)).row;
      const v = (await findOrCreateVersion(tx, p.id, number)).row;
      for (const t of o.tags ?? []) await addTag(tx, v, t);
      if (o.branch) await addVersionToBranch(tx, p.id, o.branch, v);
      return v;
    });
  },
  async pact(
    deps: BrokerDeps,
    consumer: string,
    provider: string,
    version: string,
    o: { tags?: string[]; content?: PactDoc } = {},
  ) {
    await seed.version(deps, consumer, version, o);
    await deps.db.transaction(async (tx) => {
      const c = (await findOrCreatePacticipant(tx, consumer)).row;
      const p = (await findOrCreatePacticipant(tx, provider)).row;
      const v = (await findOrCreateVersion(tx, c.id, version)).row;
      await publishPact(tx, deps.events, {
        consumer: c,
        provider: p,
        version: v,
        content: o.content ?? emptyPact(consumer, provider),
        mode: 'reject',
      });
    });
  },
};

const noop: StateSetup = async () => {};
const pricingRepo = 'git@git.realestate.com.au:business-systems/pricing-service';

export const stateHandlers: Record<string, StateSetup> = {
  // The index is static: its relations are always present.
  'the pacticipant relations are present': noop,
  'the pb:latest-tagged-version relation exists in the index resource': noop,
  'the pb:latest-version relation exists in the index resource': noop,
  'the pb:pacticipant-branch relation exists in the index resource': noop,
  'the pb:publish-contracts relations exists in the index resource': noop,
  'the pb:environments relation exists in the index resource': noop,
  'the pb:pacticipant-version and pb:environments relations exist in the index resource': noop,

  "the 'Pricing Service' does not exist in the pact-broker": noop,
  "'Condor' does not exist in the pact-broker": noop,
  'no pact between Condor and the Pricing Service exists': async (deps) => {
    await seed.pacticipant(deps, 'Condor');
    await seed.pacticipant(deps, 'Pricing Service');
  },
  "the 'Pricing Service' already exists in the pact-broker": async (deps) => {
    await seed.pacticipant(deps, 'Pricing Service', { repositoryUrl: pricingRepo });
    await seed.version(deps, 'Pricing Service', '1.3.0');
  },
  "the 'Pricing Service' and 'Condor' already exist in the pact-broker": async (deps) => {
    await seed.pacticipant(deps, 'Pricing Service');
    await seed.pacticipant(deps, 'Condor');
  },
  "the 'Pricing Service' and 'Condor' already exist in the pact-broker, and Condor already has a pact published for version 1.3.0":
    async (deps) => {
      await seed.pact(deps, 'Condor', 'Pricing Service', '1.3.0');
    },
  "'Condor' exists in the pact-broker": async (deps) => {
    await seed.version(deps, 'Condor', '1.3.0');
  },
  "'Condor' exists in the pact-broker with version 1.3.0, tagged with 'prod'": async (deps) => {
    await seed.version(deps, 'Condor', '1.3.0', { tags: ['prod'] });
  },
  "'Condor' exists in the pact-broker with the latest version 1.2.3": async (deps) => {
    await seed.version(deps, 'Condor', '1.0.0');
    await seed.version(deps, 'Condor', '1.2.3');
  },
  "'Condor' exists in the pact-broker with the latest tagged 'production' version 1.2.3": async (deps) => {
    await seed.version(deps, 'Condor', '1.0.0', { tags: ['production'] });
    await seed.version(deps, 'Condor', '1.2.3', { tags: ['production'] });
    await seed.version(deps, 'Condor', '2.0.0');
  },
  'a pact between Condor and the Pricing Service exists': async (deps) => {
    await seed.pact(deps, 'Condor', 'Pricing Service', '1.3.0');
  },
  'a latest pact between Condor and the Pricing Service exists': async (deps) => {
    await seed.pact(deps, 'Condor', 'Pricing Service', '1.3.0');
  },
  'tagged as prod pact between Condor and the Pricing Service exists': async (deps) => {
    await seed.pact(deps, 'Condor', 'Pricing Service', '1.3.0', { tags: ['prod'] });
  },
  'a pact between Condor and the Pricing Service exists for the production version of Condor': async (
    deps,
  ) => {
    await seed.pact(deps, 'Condor', 'Pricing Service', '1.2.3', { tags: ['prod'] });
    await seed.version(deps, 'Condor', '1.3.0');
  },
  'a pacticipant with name Foo exists': async (deps) => {
    await seed.pacticipant(deps, 'Foo');
  },
  'a branch named main exists for pacticipant Foo': async (deps) => {
    await seed.version(deps, 'Foo', '1', { branch: 'main' });
  },
};

/**
 * Interactions whose resources belong to part 2 (webhooks, environments, deployments, matrix), identified by
 * description and provider state. They are left out of the verification until part 2 serves them.
 */
export const part2Interactions: Array<{ description: string; state?: string }> = [
  // Labels are not implemented: a webhook scoped by label is stored, but no pacticipant can carry the label.
];

// Part 2's states (test/peer-pact/states-part2.ts).
Object.assign(stateHandlers, part2StateHandlers);

/** Rewrites requests before they reach the broker (part 2: Rack-style matrix query order, see reference §3). */
export type RequestFilter = (req: { method: string; url: string }, res: unknown, next: () => void) => void;
export const requestFilter: RequestFilter = (req, _res, next) => {
  req.url = rewriteMatrixUrl(req.url);
  next();
};
