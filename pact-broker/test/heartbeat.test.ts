// End-to-end: the broker starts on the selected storage and answers the heartbeat and the index.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from './support/startBroker.js';

describe('broker skeleton', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startBroker();
  });
  afterAll(async () => {
    await b?.close();
  });

  it('answers the heartbeat', async () => {
    const res = await fetch(`${b.url}/diagnostic/status/heartbeat`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/hal+json');
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('serves the index with absolute links built from the (forwarded) host', async () => {
    const res = await fetch(`${b.url}/`, { headers: { 'X-Forwarded-Host': 'broker.example:8080' } });
    const body = (await res.json()) as { _links: Record<string, { href: string }> };
    expect(body._links['pb:publish-contracts']?.href).toBe('http://broker.example:8080/contracts/publish');
    expect(body._links['pb:provider-pacts-for-verification']?.href).toBe(
      'http://broker.example:8080/pacts/provider/{provider}/for-verification',
    );
  });

  it('answers 404 with a JSON error for unknown paths', async () => {
    const res = await fetch(`${b.url}/no/such/thing`);
    expect(res.status).toBe(404);
  });
});
