// End-to-end: the pact-js Verifier (Rust core) fetches pacts for verification, honours pending/WIP, publishes results.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, getThing, pactDoc, publish } from './support/clients.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

describe('pact-js Verifier against the broker', () => {
  let b: TestBroker;
  let provider: Server;
  let providerUrl: string;
  let broken = false;

  beforeAll(async () => {
    b = await startBroker();
    provider = createServer((req, res) => {
      const m = /^\/orders\/(\d+)$/.exec(req.url ?? '');
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: broken ? 99 : Number(m[1]), total: 10 }));
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;

    // Web main: a pact the provider satisfies. Web feat: a pact it does not (no `currency`).
    await publish(b.url, {
      consumer: 'Web',
      provider: 'Orders',
      version: 'w1',
      branch: 'main',
      tags: ['prod'],
      content: pactDoc('Web', 'Orders', [getThing('/orders/1', { id: 1 })]),
    });
    await api(b.url, 'PATCH', '/pacticipants/Web', { mainBranch: 'main' });
    await publish(b.url, {
      consumer: 'Web',
      provider: 'Orders',
      version: 'w2',
      branch: 'feat',
      content: pactDoc('Web', 'Orders', [getThing('/orders/1', { id: 1, currency: 'EUR' })]),
    });
  });
  afterAll(async () => {
    await new Promise((r) => provider?.close(r));
    await b?.close();
  });

  const verify = (opts: Record<string, unknown>) =>
    new Verifier({
      provider: 'Orders',
      providerBaseUrl: providerUrl,
      pactBrokerUrl: b.url,
      publishVerificationResult: true,
      logLevel: 'error',
      ...opts,
    }).verifyProvider();

  async function latestVerification(sha: string) {
    return api(
      b.url,
      'GET',
      `/pacts/provider/Orders/consumer/Web/pact-version/${sha}/verification-results/latest`,
    );
  }
  async function shaOf(version: string): Promise<string> {
    const p = await api(b.url, 'GET', `/pacts/provider/Orders/consumer/Web/version/${version}`);
    return p.body._links['pb:pact-version'].name;
  }

  it('verifies the main-branch pact and publishes a successful result with the provider branch', async () => {
    await verify({
      consumerVersionSelectors: [{ mainBranch: true }],
      providerVersion: 'o1',
      providerVersionBranch: 'main',
    });
    const v = await latestVerification(await shaOf('w1'));
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ success: true, providerApplicationVersion: 'o1', wip: false });
    expect(v.body.testResults.length ?? Object.keys(v.body.testResults).length).toBeGreaterThan(0);
    const branch = await api(b.url, 'GET', '/pacticipants/Orders/branches/main/versions/o1');
    expect(branch.status).toBe(200);
  });

  it('returns the failing feature-branch pact as WIP and pending: the build passes, the failure is recorded', async () => {
    const q = await api(b.url, 'POST', '/pacts/provider/Orders/for-verification', {
      consumerVersionSelectors: [{ mainBranch: true }],
      providerVersionBranch: 'main',
      includePendingStatus: true,
      includeWipPactsSince: '2020-01-01',
    });
    expect(q.status).toBe(200);
    const pacts = q.body._embedded.pacts as Array<{
      shortDescription: string;
      verificationProperties: Record<string, unknown>;
    }>;
    expect(
      pacts.map((p) => [p.shortDescription, p.verificationProperties.pending, p.verificationProperties.wip]),
    ).toEqual([
      ['latest from main branch', false, undefined],
      ['WIP', true, true],
    ]);
    await verify({
      consumerVersionSelectors: [{ mainBranch: true }],
      enablePending: true,
      includeWipPactsSince: '2020-01-01',
      providerVersion: 'o2',
      providerVersionBranch: 'main',
    });
    const v = await latestVerification(await shaOf('w2'));
    expect(v.body).toMatchObject({ success: false, providerApplicationVersion: 'o2', wip: true });
  });

  it('a pending pact selected by branch does not fail the build', async () => {
    await verify({
      consumerVersionSelectors: [{ branch: 'feat' }],
      enablePending: true,
      providerVersion: 'o3',
      providerVersionBranch: 'main',
    });
    const v = await latestVerification(await shaOf('w2'));
    expect(v.body).toMatchObject({ success: false, providerApplicationVersion: 'o3', wip: false });
  });

  it('a pact already verified on the provider branch is not pending: a regression fails the build', async () => {
    broken = true;
    try {
      await expect(
        verify({
          consumerVersionSelectors: [{ tag: 'prod', latest: true }],
          enablePending: true,
          providerVersion: 'o4',
          providerVersionBranch: 'main',
        }),
      ).rejects.toThrow();
    } finally {
      broken = false;
    }
    const v = await latestVerification(await shaOf('w1'));
    expect(v.body).toMatchObject({ success: false, providerApplicationVersion: 'o4' });
  });

  it('once the pending pact is fixed and verified on the branch it is no longer pending', async () => {
    await publish(b.url, {
      consumer: 'Web',
      provider: 'Orders',
      version: 'w3',
      branch: 'feat',
      content: pactDoc('Web', 'Orders', [getThing('/orders/2', { id: 2 })]),
    });
    await verify({
      consumerVersionSelectors: [{ branch: 'feat' }],
      providerVersion: 'o5',
      providerVersionBranch: 'main',
    });
    const q = await api(b.url, 'POST', '/pacts/provider/Orders/for-verification', {
      consumerVersionSelectors: [{ branch: 'feat' }],
      providerVersionBranch: 'main',
      includePendingStatus: true,
    });
    expect(q.body._embedded.pacts).toHaveLength(1);
    expect(q.body._embedded.pacts[0].verificationProperties.pending).toBe(false);
  });
});

describe('pact-js Verifier and numbers JSON.parse would change', () => {
  // The provider answers exactly the body the consumer wrote; the broker must serve the pact's numbers as written
  // (JSON.parse alone makes 12345678901234567890 into 12345678901234567000, and the Rust verifier compares them).
  const body = '{"id":12345678901234567890,"price":100.0}';
  let b: TestBroker;
  let provider: Server;
  let providerUrl: string;

  beforeAll(async () => {
    b = await startBroker();
    provider = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    const pact = `{"consumer":{"name":"Books"},"provider":{"name":"Ledger"},"interactions":[{"description":"an entry","request":{"method":"GET","path":"/entries/1"},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":${body}}}],"metadata":{"pactSpecification":{"version":"2.0.0"}}}`;
    const published = await api(b.url, 'POST', '/contracts/publish', {
      pacticipantName: 'Books',
      pacticipantVersionNumber: 'b1',
      branch: 'main',
      contracts: [
        {
          consumerName: 'Books',
          providerName: 'Ledger',
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(pact).toString('base64'),
        },
      ],
    });
    expect(published.status).toBe(200);
  });
  afterAll(async () => {
    await new Promise((r) => provider?.close(r));
    await b?.close();
  });

  it('verifies a pact whose body holds an integer past 2^53 and a 100.0, and publishes the success', async () => {
    await new Verifier({
      provider: 'Ledger',
      providerBaseUrl: providerUrl,
      pactBrokerUrl: b.url,
      publishVerificationResult: true,
      providerVersion: 'l1',
      consumerVersionSelectors: [{ branch: 'main' }],
      logLevel: 'error',
    }).verifyProvider();
    const pact = await api(b.url, 'GET', '/pacts/provider/Ledger/consumer/Books/version/b1');
    const sha = pact.body._links['pb:pact-version'].name;
    const latest = await api(
      b.url,
      'GET',
      `/pacts/provider/Ledger/consumer/Books/pact-version/${sha}/verification-results/latest`,
    );
    expect(latest.status).toBe(200);
    expect(latest.body.success).toBe(true);
  });
});
