// Verifies the broker against the official client's own contract with the Pact Broker (pact-js Verifier).

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetDatabase } from '../support/reset.js';
import { startBroker, type TestBroker } from '../support/startBroker.js';
import { requestFilter } from './request-filter.js';
import { stateHandlers } from './states.js';

const pactFile = fileURLToPath(new URL('./Pact Broker Client V2-Pact Broker.json', import.meta.url));

describe('peer pact: Pact Broker Client V2 → Pact Broker', () => {
  let b: TestBroker;

  beforeAll(async () => {
    // The upstream harness serves links under http://example.org; the pact's expected hrefs say so.
    b = await startBroker({ config: { baseUrl: 'http://example.org' } });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('has a provider state for every one of its 67 interactions', async () => {
    const pact = JSON.parse(await readFile(pactFile, 'utf8')) as {
      interactions: Array<{ description: string; providerState?: string }>;
    };
    expect(pact.interactions).toHaveLength(67);
    const missing = pact.interactions.filter((i) => i.providerState && !(i.providerState in stateHandlers));
    expect(missing.map((i) => `${i.description} [${i.providerState}]`)).toEqual([]);
  });

  it('verifies every interaction', async () => {
    const deps = b.broker.deps;
    const handlers = Object.fromEntries(
      Object.entries(stateHandlers).map(([name, setup]) => [
        name,
        async () => {
          await setup(deps);
          return undefined;
        },
      ]),
    );
    const output = await new Verifier({
      provider: 'Pact Broker',
      providerBaseUrl: b.url,
      pactUrls: [pactFile],
      beforeEach: () => resetDatabase(deps.db),
      stateHandlers: handlers,
      requestFilter: requestFilter as unknown as VerifierOptions['requestFilter'],
      logLevel: 'error',
    }).verifyProvider();
    expect(output).toBeDefined();
  });
});
