// Provider states of the official client's peer pact, set up through the broker's own storage and services:
// pacticipants, versions and pacts; environments and deployments; verifications for the matrix; webhooks.

import { randomUUID } from 'node:crypto';
import type { BrokerDeps } from '../../src/deps.js';
import type { PactDoc } from '../../src/pact/content.js';
import { publishPact } from '../../src/pact/publish.js';
import { findOrCreatePacticipant, updatePacticipant } from '../../src/pacticipants/queries.js';
import { addTag, addVersionToBranch, findOrCreateVersion } from '../../src/versions/queries.js';

export type StateSetup = (deps: BrokerDeps) => Promise<void>;

const emptyPact = (consumer: string, provider: string): PactDoc => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

/** Seed helpers over the broker's storage layer (the same functions the HTTP handlers use). */
const seed = {
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

const FOO_VERSION = '5556b8149bf8bac76bc30f50a8a2dd4c22c85f30';
const TEST_UUID = '16926ef3-590f-4e3f-838e-719717aa88c9';
const DEPLOY_TEST_UUID = 'cb632df3-0a0d-4227-aac3-60114dd36479';
const DEPLOYED_UUID = 'ff3adecf-cfc5-4653-a4e3-f1861092f8e0';

/** Distinct content per consumer version, so each version's verification is its own. */
const pactFor = (consumer: string, provider: string, version: string): PactDoc => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [
    {
      description: `a request from ${consumer} ${version}`,
      request: { method: 'GET', path: `/things/${version}` },
      response: { status: 200 },
    },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

async function environment(
  deps: BrokerDeps,
  name: string,
  o: { uuid?: string; displayName?: string; production?: boolean; contacts?: unknown } = {},
): Promise<number> {
  const { rows } = await deps.db.query<{ id: number }>(
    `INSERT INTO environments (uuid, name, display_name, production, contacts) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id`,
    [
      o.uuid ?? randomUUID(),
      name,
      o.displayName ?? null,
      o.production ?? false,
      o.contacts ? JSON.stringify(o.contacts) : null,
    ],
  );
  return rows[0]!.id;
}

async function pact(
  deps: BrokerDeps,
  consumer: string,
  version: string,
  provider: string,
  tags: string[] = [],
) {
  await seed.pact(deps, consumer, provider, version, { tags, content: pactFor(consumer, provider, version) });
}

/** A verification of consumer@version's pact by provider@providerVersion, inserted the way the API stores it. */
async function verified(
  deps: BrokerDeps,
  consumer: string,
  version: string,
  provider: string,
  providerVersion: string,
  success: boolean,
  tags: string[] = [],
) {
  const pv = await seed.version(deps, provider, providerVersion, { tags });
  await deps.db.query(
    `INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success, verified_by)
     SELECT coalesce((SELECT max(number) FROM verifications WHERE pact_version_id = pp.pact_version_id), 0) + 1,
            pp.pact_version_id, $4, pp.consumer_id, pp.provider_id, $5, '{"implementation":"peer-pact state"}'::jsonb
       FROM pact_publications pp
       JOIN versions v ON v.id = pp.consumer_version_id JOIN pacticipants c ON c.id = pp.consumer_id
       JOIN pacticipants p ON p.id = pp.provider_id
      WHERE c.name = $1 AND v.number = $2 AND p.name = $3`,
    [consumer, version, provider, pv.id, success],
  );
}

async function deployed(
  deps: BrokerDeps,
  pacticipant: string,
  version: string,
  envId: number,
  instance: string,
  uuid: string,
) {
  const v = await seed.version(deps, pacticipant, version);
  await deps.db.query(
    `INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance)
     VALUES ($1, $2, $3, $4, $5)`,
    [uuid, v.id, v.pacticipant_id, envId, instance],
  );
}

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

  // Environments, deployments and releases; verifications the matrix reads; webhooks.
  [`an environment with name test and UUID ${TEST_UUID} exists`]: async (deps) => {
    await environment(deps, 'test', { uuid: TEST_UUID });
  },
  'an environment with name test exists': async (deps) => {
    await environment(deps, 'test');
  },
  'an environment exists': async (deps) => {
    await environment(deps, 'test', {
      displayName: 'Test',
      contacts: [{ name: 'Foo team', details: { emailAddress: 'foo@bar.com' } }],
    });
  },
  [`version ${FOO_VERSION} of pacticipant Foo exists with a test environment available for deployment`]:
    async (deps) => {
      await seed.version(deps, 'Foo', FOO_VERSION);
      await environment(deps, 'test', { uuid: DEPLOY_TEST_UUID });
    },
  [`version ${FOO_VERSION} of pacticipant Foo exists with a test environment available for release`]: async (
    deps,
  ) => {
    await seed.version(deps, 'Foo', FOO_VERSION);
    await environment(deps, 'test', { uuid: DEPLOY_TEST_UUID });
  },
  [`version ${FOO_VERSION} of pacticipant Foo exists with 2 environments that aren't test available for deployment`]:
    async (deps) => {
      await seed.version(deps, 'Foo', FOO_VERSION);
      await environment(deps, 'prod', { production: true });
      await environment(deps, 'dev');
    },
  [`an version is deployed to environment with UUID ${TEST_UUID} with target customer-1`]: async (deps) => {
    const env = await environment(deps, 'test', { uuid: TEST_UUID });
    await deployed(deps, 'Foo', '1', env, 'customer-1', DEPLOYED_UUID);
  },
  'a currently deployed version exists': async (deps) => {
    const env = await environment(deps, 'test');
    await deployed(deps, 'Foo', '2', env, '', DEPLOYED_UUID);
  },

  'the pact for Foo Thing version 1.2.3 has been verified by Bar version 4.5.6': async (deps) => {
    await pact(deps, 'Foo Thing', '1.2.3', 'Bar');
    await verified(deps, 'Foo Thing', '1.2.3', 'Bar', '4.5.6', true);
  },
  'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6': async (deps) => {
    await pact(deps, 'Foo', '1.2.3', 'Bar');
    await verified(deps, 'Foo', '1.2.3', 'Bar', '4.5.6', true);
  },
  'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 with tag prod, and 1.2.4 unsuccessfully by 9.9.9':
    async (deps) => {
      await pact(deps, 'Foo', '1.2.3', 'Bar');
      await verified(deps, 'Foo', '1.2.3', 'Bar', '4.5.6', true, ['prod']);
      await pact(deps, 'Foo', '1.2.4', 'Bar');
      await verified(deps, 'Foo', '1.2.4', 'Bar', '9.9.9', false);
    },
  'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 (tagged prod) and version 5.6.7':
    async (deps) => {
      await pact(deps, 'Foo', '1.2.3', 'Bar');
      await verified(deps, 'Foo', '1.2.3', 'Bar', '4.5.6', true, ['prod']);
      await verified(deps, 'Foo', '1.2.3', 'Bar', '5.6.7', true);
    },
  'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6, and 1.2.4 unsuccessfully by 9.9.9':
    async (deps) => {
      await pact(deps, 'Foo', '1.2.3', 'Bar');
      await verified(deps, 'Foo', '1.2.3', 'Bar', '4.5.6', true);
      await pact(deps, 'Foo', '1.2.4', 'Bar');
      await verified(deps, 'Foo', '1.2.4', 'Bar', '9.9.9', false);
    },
  'the pact for Foo version 1.2.3 and 1.2.4 has been verified by Bar version 4.5.6': async (deps) => {
    await pact(deps, 'Foo', '1.2.3', 'Bar');
    await pact(deps, 'Foo', '1.2.4', 'Bar');
    await verified(deps, 'Foo', '1.2.3', 'Bar', '4.5.6', true);
    await verified(deps, 'Foo', '1.2.4', 'Bar', '4.5.6', true);
  },
  'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7': async (deps) => {
    await pact(deps, 'Foo', '1.2.3', 'Bar');
    await verified(deps, 'Foo', '1.2.3', 'Bar', '4.5.6', true);
    await verified(deps, 'Foo', '1.2.3', 'Bar', '5.6.7', true);
  },
  'provider Bar version 4.5.6 has a successful verification for Foo version 1.2.3 tagged prod and a failed verification for version 3.4.5 tagged prod':
    async (deps) => {
      await pact(deps, 'Foo', '1.2.3', 'Bar', ['prod']);
      await verified(deps, 'Foo', '1.2.3', 'Bar', '4.5.6', true);
      await pact(deps, 'Foo', '3.4.5', 'Bar', ['prod']);
      await verified(deps, 'Foo', '3.4.5', 'Bar', '4.5.6', false);
    },

  'a webhook with the uuid 696c5f93-1b7f-44bc-8d03-59440fcaa9a0 exists': async (deps) => {
    const consumer = await seed.pacticipant(deps, 'Condor');
    const provider = await seed.pacticipant(deps, 'Pricing Service');
    await deps.db.query(
      `INSERT INTO webhooks (uuid, description, consumer_id, provider_id, events, request)
       VALUES ('696c5f93-1b7f-44bc-8d03-59440fcaa9a0', 'old', $1, $2, ARRAY['contract_published'], $3::jsonb)`,
      [consumer.id, provider.id, JSON.stringify({ method: 'POST', url: 'https://old.example.com' })],
    );
  },
};
