// Verifies the broker against the official client's own contract with the Pact Broker (pact-js Verifier).

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetDatabase } from '../support/reset.js';
import { startBroker, type TestBroker } from '../support/startBroker.js';
import { part2Interactions, requestFilter, stateHandlers } from './states.js';

const pactFile = fileURLToPath(new URL('./Pact Broker Client V2-Pact Broker.json', import.meta.url));

interface PeerInteraction {
  description: string;
  providerState?: string;
}

function key(i: PeerInteraction): string {
  return `${i.description} [${i.providerState ?? 'no state'}]`;
}

describe('peer pact: Pact Broker Client V2 → Pact Broker', () => {
  let b: TestBroker;
  let pact: { interactions: PeerInteraction[] } & Record<string, unknown>;
  let inScope: PeerInteraction[];
  let outOfScope: PeerInteraction[];

  beforeAll(async () => {
    // The upstream harness serves links under http://example.org; the pact's expected hrefs say so.
    b = await startBroker({ config: { baseUrl: 'http://example.org' } });
    pact = JSON.parse(await readFile(pactFile, 'utf8'));
    const isPart2 = (i: PeerInteraction) =>
      part2Interactions.some(
        (p) => p.description === i.description && (p.state === undefined || p.state === i.providerState),
      );
    const stateKnown = (i: PeerInteraction) =>
      i.providerState === undefined || i.providerState in stateHandlers;
    inScope = pact.interactions.filter((i) => stateKnown(i) && !isPart2(i));
    outOfScope = pact.interactions.filter((i) => !inScope.includes(i));
  });
  afterAll(async () => {
    await b?.close();
  });

  it('accounts for every interaction: the part-1 ones are verified, the rest wait for part 2', () => {
    expect(pact.interactions).toHaveLength(67);
    expect(inScope.length + outOfScope.length).toBe(67);
    // Every interaction left out is about environments, deployments/releases, the matrix or webhooks.
    for (const i of outOfScope) expect(key(i)).toMatch(/webhook|environment|matrix|deploy|release/i);
    expect(inScope).toHaveLength(67);
    expect(outOfScope).toHaveLength(0);
  });

  it('all part-1 interactions pass', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'accord-peer-'));
    const filtered = join(dir, 'peer-part1.json');
    await writeFile(filtered, JSON.stringify({ ...pact, interactions: inScope }));
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
      pactUrls: [filtered],
      beforeEach: () => resetDatabase(deps.db),
      stateHandlers: handlers,
      requestFilter: requestFilter as unknown as VerifierOptions['requestFilter'],
      logLevel: 'error',
    }).verifyProvider();
    expect(output).toBeDefined();
  });
});
