// Which pacts `verify:pacts` verifies and how it reports: the environment → pact-js Verifier options.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPactFiles, pactSources } from './pact/pact-sources.js';

const versions = { PACT_PROVIDER_VERSION: 'abc123', PACT_PROVIDER_BRANCH: 'main' };

describe('pactSources', () => {
  it('uses the broker with main-branch and deployed/released selectors, pending and WIP on', () => {
    const options = pactSources({
      ...versions,
      PACT_BROKER_BASE_URL: 'http://127.0.0.1:9292',
      PACT_BROKER_TOKEN: 't',
    });
    expect(options).toMatchObject({
      pactBrokerUrl: 'http://127.0.0.1:9292',
      pactBrokerToken: 't',
      consumerVersionSelectors: expect.arrayContaining([{ mainBranch: true }, { deployedOrReleased: true }]),
      enablePending: true,
      includeWipPactsSince: expect.any(String),
      publishVerificationResult: false,
      providerVersion: 'abc123',
      providerVersionBranch: 'main',
    });
    expect(options.pactUrls).toBeUndefined();
  });

  it('publishes results only when told to', () => {
    const options = pactSources({
      ...versions,
      PACT_BROKER_BASE_URL: 'http://127.0.0.1:9292',
      PACT_PUBLISH_VERIFICATION_RESULTS: 'true',
    });
    expect(options.publishVerificationResult).toBe(true);
  });

  it('verifies just the pact a webhook names', () => {
    const url = 'http://127.0.0.1:9292/pacts/provider/orders-service/consumer/checkout-web/pact-version/abc';
    const options = pactSources({
      ...versions,
      PACT_URL: url,
      PACT_BROKER_BASE_URL: 'http://127.0.0.1:9292',
    });
    expect(options.pactUrls).toEqual([url]);
    expect(options.consumerVersionSelectors).toBeUndefined();
  });

  it('falls back to pact files for orders-service in the given folders, and says what to run when there are none', () => {
    const root = mkdtempSync(join(tmpdir(), 'pacts-'));
    mkdirSync(join(root, 'a'));
    writeFileSync(join(root, 'a', 'checkout-web-orders-service.json'), '{}');
    writeFileSync(join(root, 'a', 'checkout-web-payments-service.json'), '{}');
    const env = { ...versions, PACT_DIRS: `${join(root, 'a')},${join(root, 'missing')}` };
    expect(localPactFiles(env)).toEqual([join(root, 'a', 'checkout-web-orders-service.json')]);
    expect(pactSources(env)).toMatchObject({
      pactUrls: [join(root, 'a', 'checkout-web-orders-service.json')],
    });
    expect(() => pactSources({ ...versions, PACT_DIRS: join(root, 'missing') })).toThrow(
      /run the consumers' tests first/,
    );
  });
});
