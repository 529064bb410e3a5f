// A broker's worth of data for the HTML pages, written through the HTTP API: five services on branches, test and
// production, an HTTP V2, a V4 and a message pact, a passed, a failed (with mismatches) and a pending
// verification, labels naming teams, and a webhook whose delivery goes dead. Used by the browser tests and the
// screenshot script.

import type { BrokerConfig } from '../../src/config.js';
import { parseWebhookConfig } from '../../src/webhooks/config.js';

/** What the seeded broker needs: webhooks to loopback over http, tried three times in quick succession. */
export function pagesBrokerConfig(): Partial<BrokerConfig> {
  return {
    webhookHostWhitelist: ['127.0.0.1'],
    webhooks: {
      ...parseWebhookConfig({}),
      schemes: ['http', 'https'],
      retryScheduleMs: [20, 40],
      maxAttempts: 3,
      pollMs: 50,
      timeoutMs: 2000,
      leaseMs: 5000,
    },
  };
}

export const ORDERS_V1 = '5f1c0a9e3b7d4c2a8e6f1b0d9c3a7e5f2b4d6c8a';
export const ORDERS_V2 = '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b';

type Json = Record<string, unknown>;

/** The Authorization header the seed sends (for a broker with credentials). */
let authorization: string | undefined;

async function call(url: string, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      Accept: 'application/hal+json',
      'Content-Type': 'application/json',
      ...(authorization ? { Authorization: authorization } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

async function publish(url: string, consumer: string, version: string, branch: string, content: Json) {
  await call(url, 'POST', '/contracts/publish', {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch,
    contracts: [
      {
        consumerName: consumer,
        providerName: (content.provider as Json).name,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(content)).toString('base64'),
      },
    ],
  });
}

const http = (path: string, body: unknown, state?: string) => ({
  description: `a request for ${path}`,
  ...(state ? { providerState: state } : {}),
  request: { method: 'GET', path },
  response: { status: 200, headers: { 'Content-Type': 'application/json' }, body },
});

const v2 = (consumer: string, provider: string, interactions: unknown[]) => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions,
  metadata: { pactSpecification: { version: '2.0.0' } },
});

const mobilePact = {
  consumer: { name: 'Mobile' },
  provider: { name: 'Orders' },
  interactions: [
    {
      type: 'Synchronous/HTTP',
      key: 'order-by-id',
      description: 'a request for an order',
      providerStates: [{ name: 'an order exists', params: { id: 7 } }],
      request: {
        method: 'GET',
        path: '/orders/7',
        headers: { Accept: ['application/json'] },
        matchingRules: { path: { combine: 'AND', matchers: [{ match: 'regex', regex: '^/orders/\\d+$' }] } },
      },
      response: {
        status: 200,
        headers: { 'Content-Type': ['application/json'] },
        body: {
          content: { id: 7, total: 10.5, placedAt: '2026-01-02' },
          contentType: 'application/json',
          encoded: false,
        },
        matchingRules: {
          body: {
            '$.id': { combine: 'AND', matchers: [{ match: 'integer' }] },
            '$.total': { combine: 'AND', matchers: [{ match: 'decimal' }] },
            '$.placedAt': { combine: 'AND', matchers: [{ match: 'date', format: 'yyyy-MM-dd' }] },
          },
        },
        generators: { body: { '$.id': { type: 'RandomInt', min: 1, max: 100 } } },
      },
    },
    {
      type: 'Synchronous/HTTP',
      key: 'orders-list',
      description: 'a request for all orders',
      request: { method: 'GET', path: '/orders' },
      response: { status: 200, body: { content: [], contentType: 'application/json', encoded: false } },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
};

const mailerPact = (topic: string) => ({
  consumer: { name: 'Mailer' },
  provider: { name: 'Orders' },
  messages: [
    {
      description: 'an order placed event',
      providerStates: [{ name: 'an order was placed' }],
      contents: { orderId: 7, email: 'buyer@example.com' },
      metadata: { contentType: 'application/json', topic },
      matchingRules: { body: { '$.orderId': { matchers: [{ match: 'integer' }] } } },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
});

async function verify(
  url: string,
  provider: string,
  consumer: string,
  consumerVersion: string,
  providerVersion: string,
  success: boolean,
  testResults?: (pact: Json) => unknown,
) {
  const pact = await call(
    url,
    'GET',
    `/pacts/provider/${provider}/consumer/${consumer}/version/${consumerVersion}`,
  );
  const href = ((pact._links as Json)['pb:publish-verification-results'] as Json).href as string;
  await call(url, 'PUT', `/pacticipants/${provider}/branches/main/versions/${providerVersion}`, {});
  await call(url, 'POST', new URL(href).pathname, {
    success,
    providerApplicationVersion: providerVersion,
    ...(testResults ? { testResults: testResults(pact) } : {}),
  });
}

async function environmentUuid(url: string, name: string): Promise<string> {
  const r = await call(url, 'GET', `/environments?name=${name}`);
  return (((r._embedded as Json).environments as Json[])[0] as Json).uuid as string;
}

async function record(url: string, kind: 'deployed' | 'released', p: string, v: string, env: string) {
  await call(
    url,
    'POST',
    `/pacticipants/${p}/versions/${v}/${kind}-versions/environment/${await environmentUuid(url, env)}`,
    {},
  );
}

/**
 * Seeds the broker at `url`. The webhook posts to `hookUrl` (a port nobody listens on, or a test receiver that
 * fails), so its one delivery goes dead; resolves once it is.
 */
export async function seedPages(
  url: string,
  hookUrl: string,
  options: { authorization?: string } = {},
): Promise<{ deadDelivery: string }> {
  authorization = options.authorization;
  await publish(
    url,
    'Web',
    '1.0.0',
    'main',
    v2('Web', 'Orders', [http('/orders/1', { id: 1 }, 'an order exists')]),
  );
  await publish(url, 'Mobile', '2.0.0', 'main', mobilePact);
  await publish(
    url,
    'Orders',
    ORDERS_V1,
    'main',
    v2('Orders', 'Billing', [http('/invoices/1', { paid: true })]),
  );
  await publish(url, 'Mailer', '0.3.0', 'main', mailerPact('orders'));
  for (const p of ['Web', 'Mobile', 'Orders', 'Billing', 'Mailer'])
    await call(url, 'PATCH', `/pacticipants/${p}`, { mainBranch: 'main' });
  const labels: Record<string, string[]> = {
    Web: ['frontend', 'team:storefront'],
    Mobile: ['frontend', 'team:mobile'],
    Orders: ['team:commerce'],
    Billing: ['team:commerce'],
    Mailer: ['team:messaging'],
  };
  for (const [p, ls] of Object.entries(labels))
    for (const l of ls) await call(url, 'PUT', `/pacticipants/${p}/labels/${encodeURIComponent(l)}`, {});

  await verify(url, 'Orders', 'Web', '1.0.0', ORDERS_V1, true);
  await verify(url, 'Orders', 'Mobile', '2.0.0', ORDERS_V1, false, (pact) => {
    const [byId, list] = pact.interactions as Json[];
    return [
      {
        interactionId: byId!._id,
        success: false,
        mismatches: [
          {
            type: 'BodyMismatch',
            path: '$.total',
            expected: '10.5',
            actual: '"10.50"',
            mismatch: 'Expected a decimal number but got a string',
          },
          {
            type: 'HeaderMismatch',
            key: 'Content-Type',
            expected: 'application/json',
            actual: 'text/html',
            mismatch: 'Expected header Content-Type to have value application/json',
          },
        ],
      },
      { interactionId: list!._id, success: true },
    ];
  });
  await verify(url, 'Billing', 'Orders', ORDERS_V1, '5.0.0', true);
  // New content nobody has verified yet: the integration is pending.
  await publish(
    url,
    'Orders',
    ORDERS_V2,
    'main',
    v2('Orders', 'Billing', [http('/invoices/1', { paid: true, total: 3 })]),
  );
  await publish(
    url,
    'Web',
    '1.1.0',
    'feat/checkout',
    v2('Web', 'Orders', [
      http('/orders/1', { id: 1 }, 'an order exists'),
      http('/orders/1/items', [{ sku: 'A-1' }]),
    ]),
  );

  await record(url, 'deployed', 'Web', '1.0.0', 'production');
  await record(url, 'deployed', 'Web', '1.1.0', 'test');
  await record(url, 'deployed', 'Orders', ORDERS_V1, 'production');
  await record(url, 'deployed', 'Orders', ORDERS_V2, 'test');
  await record(url, 'deployed', 'Billing', '5.0.0', 'test');
  await record(url, 'released', 'Billing', '5.0.0', 'production');
  await record(url, 'released', 'Mobile', '2.0.0', 'test');

  const hook = await call(url, 'POST', '/webhooks', {
    description: 'Notify the Mailer build',
    events: [{ name: 'contract_published' }],
    request: {
      method: 'POST',
      url: hookUrl,
      headers: { 'Content-Type': 'application/json' },
      body: { pact: '${pactbroker.pactUrl}' },
    },
  });
  await publish(url, 'Mailer', '0.4.0', 'main', mailerPact('orders.placed'));
  const uuid = hook.uuid as string;
  for (let i = 0; i < 200; i++) {
    const r = await call(url, 'GET', `/webhooks/${uuid}/triggered-webhooks`);
    const [d] = (r._embedded as Json).triggeredWebhooks as Json[];
    if (d?.deliveryStatus === 'dead') return { deadDelivery: d.uuid as string };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the seeded webhook delivery never went dead');
}
