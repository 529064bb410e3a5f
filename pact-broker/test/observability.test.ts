// End-to-end: one log record per request with its request id and route pattern, and /metrics as the official
// JSON counts or as Prometheus text, per broker.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, getThing, pactDoc, publish } from './support/clients.js';
import { verify } from './support/scenario.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

interface Entry {
  level: string;
  message: string;
  fields?: Record<string, unknown> | undefined;
}

describe('request logs and metrics', () => {
  let b: TestBroker;
  const entries: Entry[] = [];
  const requestLog = (reqId: string) => entries.find((e) => e.fields?.reqId === reqId && e.level === 'info');

  beforeAll(async () => {
    b = await startBroker({ log: (level, message, fields) => entries.push({ level, message, fields }) });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('logs each request once with its id, method, route pattern, status and duration', async () => {
    const res = await fetch(`${b.url}/pacticipants/Nobody`, { headers: { 'X-Request-Id': 'req-42' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-42');
    const entry = requestLog('req-42');
    expect(entry?.fields).toMatchObject({
      reqId: 'req-42',
      method: 'GET',
      route: '/pacticipants/:pacticipant',
      status: 404,
    });
    expect(typeof entry?.fields?.durationMs).toBe('number');
    expect(entries.filter((e) => e.fields?.reqId === 'req-42')).toHaveLength(1);
  });

  it('takes the request id from a W3C traceparent, and names unknown paths "unmatched"', async () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${b.url}/no/such/thing`, {
      headers: { traceparent: `00-${trace}-00f067aa0ba902b7-01` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe(trace);
    expect(requestLog(trace)?.fields).toMatchObject({ route: 'unmatched', status: 404 });
    const generated = await fetch(`${b.url}/diagnostic/status/heartbeat`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers /metrics with the official JSON counts', async () => {
    const content = pactDoc('Web', 'Orders', [
      getThing('/orders/1', { id: 1 }),
      getThing('/orders/2', { id: 2 }),
    ]);
    expect(
      (await publish(b.url, { consumer: 'Web', provider: 'Orders', version: '1', content })).status,
    ).toBe(200);
    await verify(b.url, 'Web', '1', 'Orders', '7', true);
    const r = await api(b.url, 'GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/hal+json;charset=utf-8');
    expect(r.body).toMatchObject({
      interactions: {
        latestInteractionsCount: 2,
        latestMessagesCount: 0,
        latestInteractionsAndMessagesCount: 2,
      },
      pacticipants: { count: 2, withMainBranchSetCount: 0 },
      integrations: { count: 1 },
      pactPublications: { count: 1 },
      pactVersions: { count: 1 },
      pactRevisionsPerConsumerVersion: { distribution: { 1: 1 } },
      verificationResults: { count: 1, successCount: 1, failureCount: 0, distinctCount: 1 },
      verificationResultsPerPactVersion: { distribution: { 1: 1 } },
      pacticipantVersions: { count: 2 },
      webhooks: { count: 0 },
      triggeredWebhooks: { count: 0 },
      webhookExecutions: { count: 0 },
      matrix: { count: -1 },
      environments: { count: 2 },
      deployedVersions: { count: 0, currentlyDeployedCount: 0 },
      releasedVersions: { count: 0, currentlySupportedCount: 0 },
    });
    expect(Date.parse(r.body.pactPublications.first)).not.toBeNaN();
  });

  it('answers /metrics with Prometheus text for Accept: text/plain', async () => {
    const res = await fetch(`${b.url}/metrics`, { headers: { Accept: 'text/plain' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain(
      'http_requests_total{method="GET",route="/pacticipants/:pacticipant",status="404"} 1',
    );
    expect(text).toContain('http_requests_total{method="POST",route="/contracts/publish",status="200"} 1');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/pacticipants\/:pacticipant"\} 1/,
    );
    expect(text).toMatch(/^db_pool_size [1-9]/m);
    expect(text).toMatch(/^db_pool_waiting 0$/m);
    expect(text).toMatch(/^webhook_deliveries_queued 0$/m);
    expect(text).toMatch(/^webhook_deliveries_dead 0$/m);
  });

  it('keeps each broker’s metrics apart when several run in one process', async () => {
    const other = await startBroker();
    try {
      const text = await (await fetch(`${other.url}/metrics`, { headers: { Accept: 'text/plain' } })).text();
      expect(text).not.toContain('route="/pacticipants/:pacticipant"');
    } finally {
      await other.close();
    }
  });
});
