// End-to-end: consumer version selectors, defaults, merging by content, validation, and the deployed/released selectors.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, getThing, pactDoc, publish } from './support/clients.js';
import { deploy, release } from './support/scenario.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

describe('pacts for verification', () => {
  let b: TestBroker;
  const pub = (
    consumer: string,
    version: string,
    o: { branch?: string; tags?: string[]; body?: unknown } = {},
  ) =>
    publish(b.url, {
      consumer,
      provider: 'Prov',
      version,
      ...o,
      content: pactDoc(consumer, 'Prov', [getThing('/r', o.body ?? `${consumer}-${version}`)]),
    });

  beforeAll(async () => {
    b = await startBroker();
    await pub('A', 'a1', { branch: 'main', tags: ['prod'] });
    await pub('A', 'a2', { branch: 'main' });
    await pub('A', 'a3', { branch: 'feat-x' });
    await pub('B', 'b1', { branch: 'develop' });
    await pub('B', 'b2', { tags: ['prod'] });
    await pub('C', 'c1', { branch: 'main', tags: ['prod'] });
    await api(b.url, 'PATCH', '/pacticipants/A', { mainBranch: 'main' });
    await api(b.url, 'PATCH', '/pacticipants/B', { mainBranch: 'develop' });
    await api(b.url, 'PATCH', '/pacticipants/C', { mainBranch: 'main' });
  });
  afterAll(async () => {
    await b?.close();
  });

  async function query(body: Record<string, unknown>) {
    const r = await api(b.url, 'POST', '/pacts/provider/Prov/for-verification', body);
    expect(r.status).toBe(200);
    return r.body._embedded.pacts as Array<{
      shortDescription: string;
      verificationProperties: { pending?: boolean; notices: Array<{ when: string; text: string }> };
      _links: { self: { href: string } };
    }>;
  }
  /** The consumer versions selected (each version above published distinct content). */
  async function versions(body: Record<string, unknown>): Promise<string[]> {
    const pacts = await query(body);
    const out: string[] = [];
    for (const p of pacts) {
      const pact = (await (await fetch(p._links.self.href)).json()) as {
        _links: Record<string, { name: string }>;
      };
      out.push(pact._links['pb:consumer-version']!.name);
    }
    return out.sort();
  }
  const sel = (...s: Record<string, unknown>[]) => ({ consumerVersionSelectors: s });

  it('mainBranch, branch, matchingBranch and fallbackBranch select branch heads', async () => {
    expect(await versions(sel({ mainBranch: true }))).toEqual(['a2', 'b1', 'c1']);
    expect(await versions(sel({ branch: 'feat-x' }))).toEqual(['a3']);
    expect(await versions(sel({ branch: 'nope', fallbackBranch: 'main' }))).toEqual(['a2', 'c1']);
    expect(await versions({ ...sel({ matchingBranch: true }), providerVersionBranch: 'feat-x' })).toEqual([
      'a3',
    ]);
  });

  it('latest, tag (latest and all), fallbackTag and consumer', async () => {
    expect(await versions(sel({ latest: true }))).toEqual(['a3', 'b2', 'c1']);
    expect(await versions(sel({ tag: 'prod', latest: true }))).toEqual(['a1', 'b2', 'c1']);
    expect(await versions(sel({ tag: 'prod' }))).toEqual(['a1', 'b2', 'c1']);
    expect(await versions(sel({ tag: 'gone', fallbackTag: 'prod', latest: true }))).toEqual([
      'a1',
      'b2',
      'c1',
    ]);
    expect(await versions(sel({ consumer: 'B', latest: true }))).toEqual(['b2']);
  });

  it('applies the default selectors when none are sent (main branch heads)', async () => {
    expect(await versions({})).toEqual(['a2', 'b1', 'c1']);
    const get = await api(b.url, 'GET', '/pacts/provider/Prov/for-verification');
    expect(get.status).toBe(200);
    expect(get.body._links.self.href).toMatch(/\/pacts\/provider\/Prov\/for-verification$/);
    expect(get.body._links.self.templated).toBeUndefined();
  });

  it('returns each content once, naming every selector that chose it', async () => {
    const pacts = await query(
      sel({ consumer: 'C', mainBranch: true }, { consumer: 'C', tag: 'prod', latest: true }),
    );
    expect(pacts).toHaveLength(1);
    expect(pacts[0]!.shortDescription).toBe('latest from main branch, latest with tag prod');
    expect(pacts[0]!.verificationProperties.notices[0]!.text).toContain('matching the following criteria');
  });

  it('pending is reported only when asked for, and notices are string pairs', async () => {
    const withPending = await query({
      ...sel({ consumer: 'A', latest: true }),
      includePendingStatus: true,
      providerVersionBranch: 'main',
    });
    expect(withPending[0]!.verificationProperties.pending).toBe(true);
    for (const n of withPending[0]!.verificationProperties.notices) {
      expect(typeof n.when).toBe('string');
      expect(typeof n.text).toBe('string');
    }
    const without = await query({ ...sel({ consumer: 'A', latest: true }), includePendingStatus: false });
    expect(without[0]!.verificationProperties.pending).toBeUndefined();
  });

  it('WIP needs a provider branch or tags', async () => {
    const noBranch = await query({ ...sel({ mainBranch: true }), includeWipPactsSince: '2020-01-01' });
    expect(noBranch.every((p) => p.shortDescription !== 'WIP')).toBe(true);
    const wip = await query({
      ...sel({ mainBranch: true }),
      includeWipPactsSince: '2020-01-01',
      providerVersionTags: ['dev'],
    });
    expect(wip.filter((p) => p.shortDescription === 'WIP').length).toBeGreaterThan(0);
  });

  it('rejects invalid selector combinations with 400 field errors', async () => {
    const bad = [
      sel({ mainBranch: true, tag: 'x' }),
      sel({ tag: 'x', branch: 'y' }),
      sel({ matchingBranch: true }),
      sel({ branch: 'x', latest: false }),
      sel({ fallbackTag: 'x', tag: 'y' }),
      sel({ deployed: true, released: true }),
      sel({ branch: 'x', environment: 'test' }),
      sel({ environment: 'nowhere' }),
      sel({ latest: false }),
      sel({ unknown: 1 }),
      { consumerVersionSelectors: 'all' },
    ];
    for (const body of bad) {
      const r = await api(b.url, 'POST', '/pacts/provider/Prov/for-verification', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(typeof r.body.errors).toBe('object');
      // The query is read before the provider is looked up, but a missing provider still answers first.
      const missing = await api(b.url, 'POST', '/pacts/provider/Nobody/for-verification', body);
      expect(missing.status, JSON.stringify(body)).toBe(404);
    }
  });

  it('deployed, released and environment selectors pick the versions recorded in each environment', async () => {
    await deploy(b.url, 'A', 'a1', 'production');
    await deploy(b.url, 'A', 'a2', 'test');
    await release(b.url, 'A', 'a1', 'production');
    await release(b.url, 'A', 'a3', 'test');
    const run = async (selectors: unknown[]) => {
      const r = await api(b.url, 'POST', '/pacts/provider/Prov/for-verification', {
        consumerVersionSelectors: selectors,
        includePendingStatus: false,
      });
      expect(r.status).toBe(200);
      return (r.body._embedded.pacts as Array<{ shortDescription: string }>)
        .map((p) => p.shortDescription)
        .sort();
    };
    expect(await run([{ deployed: true }])).toEqual([
      'currently deployed to production',
      'currently deployed to test',
    ]);
    expect(await run([{ released: true }])).toEqual([
      'currently released in production',
      'currently released in test',
    ]);
    // a1 is both deployed and released in production: one pact, chosen by both halves of the selector.
    expect(await run([{ deployedOrReleased: true, environment: 'production' }])).toEqual([
      'currently deployed to production, currently released in production',
    ]);
    // An environment alone means its deployed and its released versions.
    expect(await run([{ environment: 'test' }])).toEqual([
      'currently deployed to test',
      'currently released in test',
    ]);
  });
});
