// The provider-contract step's pieces: the manifest a provider declares and the pactflow command it becomes.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providerContractOf, publishArgs } from './provider-contract.js';
import type { Service } from './workspace.js';

async function service(
  accord: unknown,
  scripts: Record<string, string> = { 'verify:openapi': 'vitest run' },
): Promise<Service> {
  const dir = await mkdtemp(join(tmpdir(), 'accord-provider-contract-'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: '@x/orders', accord }));
  return {
    packageName: '@x/orders',
    pacticipant: 'orders',
    role: 'provider',
    dir,
    relDir: 'providers/orders',
    pactDir: dir,
    scripts,
  };
}

describe('providerContractOf', () => {
  it('reads accord.providerContract, or nothing when the provider does not publish one', async () => {
    const manifest = { document: '../../contracts/openapi/orders.yaml', selfVerification: 'verify:openapi' };
    expect(await providerContractOf(await service({ providerContract: manifest }))).toEqual(manifest);
    expect(await providerContractOf(await service({ pacticipant: 'orders' }))).toBeUndefined();
  });

  it('names what is wrong with a manifest', async () => {
    await expect(
      providerContractOf(await service({ providerContract: { document: 'a.yaml' } })),
    ).rejects.toThrow(/accord.providerContract needs "document" and "selfVerification"/);
    await expect(
      providerContractOf(
        await service({ providerContract: { document: 'a.yaml', selfVerification: 'nope' } }),
      ),
    ).rejects.toThrow(/names no script \("nope"\)/);
  });
});

describe('publishArgs', () => {
  it('is the official publish-provider-contract command with the self-verification result', () => {
    expect(
      publishArgs(
        'orders-service',
        '/w/contracts/openapi/orders-service.openapi.yaml',
        { version: 'abc', branch: 'main', exitCode: 1, report: '/tmp/r.json', buildUrl: 'http://ci/7' },
        {},
      ),
    ).toEqual([
      'publish-provider-contract',
      '/w/contracts/openapi/orders-service.openapi.yaml',
      '--provider',
      'orders-service',
      '--provider-app-version',
      'abc',
      '--branch',
      'main',
      '--content-type',
      'application/yaml',
      '--verification-exit-code',
      '1',
      '--verification-results',
      '/tmp/r.json',
      '--verification-results-content-type',
      'application/json',
      '--verification-results-format',
      'json',
      '--verifier',
      'vitest',
      '--build-url',
      'http://ci/7',
    ]);
  });

  it('always names a verifier, so the CLI sends the result even without a report', () => {
    const args = publishArgs(
      'p',
      'd.yaml',
      { version: '1', branch: 'b', exitCode: 0, report: undefined },
      { verifier: 'jest' },
    );
    expect(args).not.toContain('--verification-results');
    expect(args.slice(-2)).toEqual(['--verifier', 'jest']);
  });
});
