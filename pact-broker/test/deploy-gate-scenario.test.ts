// Scenario: consumer and provider on main, deployed to test and production; an unverified consumer change is
// blocked from production with the reason, and passes once the provider has verified it. Driven by the real CLI.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, getThing, pactDoc } from './support/clients.js';
import { verify } from './support/scenario.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

describe('scenario: a consumer change reaches production only once verified', () => {
  let b: TestBroker;
  let url: string[];
  let dir: string;
  const run = async (args: string[]) => cli([...args, ...url]);
  const publishVersion = async (version: string, body: unknown) => {
    await writeFile(
      join(dir, 'Checkout-Catalog.json'),
      JSON.stringify(pactDoc('Checkout', 'Catalog', [getThing('/items/1', body)])),
    );
    const r = await run(['publish', dir, '--consumer-app-version', version, '--branch', 'main']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  };
  const canIDeploy = (pacticipant: string, version: string, env: string) =>
    run(['can-i-deploy', '--pacticipant', pacticipant, '--version', version, '--to-environment', env]);

  beforeAll(async () => {
    b = await startBroker();
    url = ['--broker-base-url', b.url];
    dir = await mkdtemp(join(tmpdir(), 'accord-scenario-'));
  });
  afterAll(async () => {
    await b?.close();
  });

  it('the first versions of both apps go to test and then production', async () => {
    await publishVersion('c1', { id: 1, name: 'pen' });
    await verify(b.url, 'Checkout', 'c1', 'Catalog', 'p1', true, { branch: 'main' });
    for (const env of ['test', 'production']) {
      // The provider goes first: none of its consumers is in the environment yet.
      expect((await canIDeploy('Catalog', 'p1', env)).code).toBe(0);
      expect(
        (
          await run([
            'record-deployment',
            '--pacticipant',
            'Catalog',
            '--version',
            'p1',
            '--environment',
            env,
          ])
        ).code,
      ).toBe(0);
      expect((await canIDeploy('Checkout', 'c1', env)).code).toBe(0);
      expect(
        (
          await run([
            'record-deployment',
            '--pacticipant',
            'Checkout',
            '--version',
            'c1',
            '--environment',
            env,
          ])
        ).code,
      ).toBe(0);
    }
  });

  it('an unverified consumer change is blocked from production, with the reason', async () => {
    await publishVersion('c2', { id: 1, name: 'pen', price: 3 });
    const blocked = await canIDeploy('Checkout', 'c2', 'production');
    expect(blocked.code).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain('Computer says no');
    expect(blocked.stdout + blocked.stderr).toContain(
      'There is no verified pact between version c2 of Checkout and the version of Catalog currently in production (p1)',
    );
  });

  it('a failed verification by the deployed provider keeps it blocked', async () => {
    await verify(b.url, 'Checkout', 'c2', 'Catalog', 'p1', false, { branch: 'main' });
    const failed = await canIDeploy('Checkout', 'c2', 'production');
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toContain('failed');
  });

  it('once a provider version that satisfies it is in production, the change passes', async () => {
    await verify(b.url, 'Checkout', 'c2', 'Catalog', 'p2', true, { branch: 'main' });
    await verify(b.url, 'Checkout', 'c1', 'Catalog', 'p2', true, { branch: 'main' });
    // p2 is verified against c2 but not deployed yet: still blocked.
    expect((await canIDeploy('Checkout', 'c2', 'production')).code).toBe(1);
    expect((await canIDeploy('Catalog', 'p2', 'production')).code).toBe(0);
    expect(
      (
        await run([
          'record-deployment',
          '--pacticipant',
          'Catalog',
          '--version',
          'p2',
          '--environment',
          'production',
        ])
      ).code,
    ).toBe(0);
    const ok = await canIDeploy('Checkout', 'c2', 'production');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Computer says yes');
    expect(ok.stdout).toContain('All required verification results are published and successful');
  });
});
