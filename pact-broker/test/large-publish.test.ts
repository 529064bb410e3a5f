// End-to-end: one publish of 2,000 contracts (about 1.3 MB) stores every pact in one transaction while the
// heartbeat keeps being answered, and what one request may carry is bounded by settings that answer 413 naming
// the field.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largePublishBody } from '../bench/large-publish/body.js';
import { api } from './support/clients.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

describe('a large publish', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startBroker({
      config: {
        bodyLimit: 4 * 1024 * 1024,
        limits: { maxContractsPerPublish: 2000, maxInteractionsPerPact: 5 },
      },
    });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('stores 2,000 contracts in one request while other requests are answered', async () => {
    let publishing = true;
    const publish = fetch(`${b.url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: largePublishBody('big-consumer', '1.0.0', 2000),
    }).finally(() => {
      publishing = false;
    });
    // Heartbeats answered before the publish's response arrived: with head-of-line blocking there are none.
    let answeredMeanwhile = 0;
    const heartbeats = (async () => {
      while (publishing) {
        const res = await fetch(`${b.url}/diagnostic/status/heartbeat`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        if (publishing) answeredMeanwhile++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const res = await publish;
    await heartbeats;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { _links: { 'pb:contracts': unknown[] } };
    expect(body._links['pb:contracts']).toHaveLength(2000);
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(3);
    for (const provider of ['provider-00000', 'provider-01000', 'provider-01999']) {
      const pact = await api(b.url, 'GET', `/pacts/provider/${provider}/consumer/big-consumer/version/1.0.0`);
      expect(pact.status).toBe(200);
      expect((pact.body as { provider: { name: string } }).provider.name).toBe(provider);
    }
    // Publishing the same again is the same content for every provider.
    const again = await fetch(`${b.url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: largePublishBody('big-consumer', '1.0.0', 3),
    });
    expect(again.status).toBe(200);
  });

  it('answers 413 naming the body, the contracts or the interactions beyond a limit, and stores nothing', async () => {
    const tooBig = await api(b.url, 'POST', '/contracts/publish', { pad: 'x'.repeat(4 * 1024 * 1024) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({
      errors: { body: [expect.stringContaining('PACT_BROKER_BODY_LIMIT')] },
    });

    const tooMany = await fetch(`${b.url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: largePublishBody('many-consumer', '1.0.0', 2001),
    });
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({
      errors: { contracts: [expect.stringContaining('at most 2000')] },
    });

    const interactions = Array.from({ length: 6 }, (_, i) => ({
      description: `request ${i}`,
      request: { method: 'GET', path: `/${i}` },
      response: { status: 200 },
    }));
    const pact = { consumer: { name: 'wide-consumer' }, provider: { name: 'wide-provider' }, interactions };
    const wide = await api(b.url, 'POST', '/contracts/publish', {
      pacticipantName: 'wide-consumer',
      pacticipantVersionNumber: '1.0.0',
      contracts: [
        {
          consumerName: 'wide-consumer',
          providerName: 'wide-provider',
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(JSON.stringify(pact)).toString('base64'),
        },
      ],
    });
    expect(wide.status).toBe(413);
    expect(wide.body).toMatchObject({
      errors: { 'contracts[0].content.interactions': [expect.stringContaining('at most 5')] },
    });
    const put = await api(
      b.url,
      'PUT',
      '/pacts/provider/wide-provider/consumer/wide-consumer/version/1.0.0',
      pact,
    );
    expect(put.status).toBe(413);
    expect(put.body).toMatchObject({ errors: { interactions: [expect.stringContaining('at most 5')] } });

    for (const name of ['many-consumer', 'wide-consumer', 'wide-provider']) {
      expect((await api(b.url, 'GET', `/pacticipants/${name}`)).status).toBe(404);
    }
  });
});
