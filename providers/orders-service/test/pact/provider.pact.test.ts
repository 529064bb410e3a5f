// Provider verification of orders-service: HTTP pacts against the running service (state handlers set data up
// through the service's own use cases), message pacts against the outbox rows the producing code wrote.
import { readFileSync } from 'node:fs';
import { type CreateOrderRequestV1, catalog } from '@accord/contracts';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmbeddedTransport,
  createOrdersService,
  eventsForAggregate,
  type OrderStatus,
  type OrdersService,
  outgoingMessageFor,
} from '../../src/index.js';
import { PROVIDER, pactSources } from './pact-sources.js';

const sample: CreateOrderRequestV1 = {
  customerId: 'cus_8f3kQ2Lm',
  items: [{ sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
  shippingAddress: {
    name: 'Ada Lovelace',
    line1: 'Hauptstr. 1',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  },
};

let service: OrdersService;
/** The order the last message state placed; its outbox rows are the messages under test. */
let placedOrderId: string | undefined;

beforeAll(async () => {
  // validateResponses: a body that breaks our own published artifact fails here before a consumer sees it.
  service = await createOrdersService(
    { port: 0, validateResponses: true },
    { startRelay: false, transport: createEmbeddedTransport() },
  );
});
afterAll(() => service?.close());

async function orderWithStatus(id: string | undefined, status: OrderStatus) {
  const order = await service.orders.placeOrder(sample, id === undefined ? {} : { id });
  if (status === 'cancelled') await service.orders.cancelOrder(order.id, { reason: 'customer_request' });
  else if (status !== 'pending') await service.orders.setStatus(order.id, status);
  return order;
}

/** Places an order and, for OrderCancelled, cancels it: after this the outbox holds an event of `type`. */
async function produce(type: string): Promise<string> {
  return (await orderWithStatus(undefined, type === 'OrderCancelled' ? 'cancelled' : 'pending')).id;
}

/** The message the relay would publish for the newest outbox row of `type` for the placed order. */
async function publishedEvent(type: string) {
  // Interactions without a provider state still get a real event from the producing code.
  placedOrderId ??= await produce(type);
  const row = (await eventsForAggregate(service.db, placedOrderId))
    .filter((r) => r.eventType === type)
    .at(-1);
  if (row === undefined)
    throw new Error(`the producing code wrote no ${type} event for order ${placedOrderId}`);
  const message = outgoingMessageFor(row);
  return {
    __pactMessageMetadata: { contentType: message.contentType, routingKey: message.routingKey },
    message: JSON.parse(new TextDecoder().decode(message.body)),
  };
}

const stateHandlers: VerifierOptions['stateHandlers'] = {
  'an order with the id exists': async (params?: unknown) => {
    const { id, status } = params as { id: string; status?: OrderStatus };
    await orderWithStatus(id, status ?? 'pending');
    return undefined;
  },
  'no order with the id exists': async () => undefined,
  'orders with the status exist': async (params?: unknown) => {
    const { status } = params as { status: OrderStatus };
    for (let i = 0; i < 3; i++) await orderWithStatus(undefined, status);
    return undefined;
  },
  'an order has been placed': async () => {
    placedOrderId = (await service.orders.placeOrder(sample, { channel: 'web' })).id;
    return undefined;
  },
  'an order has been cancelled': async () => {
    placedOrderId = await produce('OrderCancelled');
    return undefined;
  },
  // The state `accord new consumer --event <Contract>` scaffolds, for every event this provider owns.
  ...Object.fromEntries(
    catalog.contracts
      .filter((c) => c.kind === 'event' && c.owner === PROVIDER)
      .map((c) => [
        `${PROVIDER} publishes ${c.name} events`,
        async () => {
          placedOrderId = await produce(c.name);
          return undefined;
        },
      ]),
  ),
};

/**
 * One provider per message description consumers use: `an <Contract> event` and `an <Contract> v<n> event`
 * for every event this provider owns. Whatever version the description names, the message is what the
 * service publishes today (the current version): a consumer of an older version must read it tolerantly.
 */
const messageProviders = Object.fromEntries(
  catalog.contracts
    .filter((c) => c.kind === 'event' && c.owner === PROVIDER)
    .flatMap((c) =>
      [`an ${c.name} event`, ...c.versions.map((v) => `an ${c.name} v${v.version} event`)].map(
        (description) => [description, () => publishedEvent(c.name)],
      ),
    ),
);

/** The states `accord new consumer` builds interactions from (package.json "accord.providerStates"). */
const declared = JSON.parse(readFileSync(new URL('./provider-states.json', import.meta.url), 'utf8')) as {
  http: Array<{ given?: { state: string } }>;
  events: Array<{ given?: { state: string } }>;
};

describe(`${PROVIDER} provider verification`, () => {
  it('has a handler for every provider state it declares for new consumers', () => {
    const named = [...declared.http, ...declared.events].flatMap((d) => (d.given ? [d.given.state] : []));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((state) => !(state in stateHandlers!))).toEqual([]);
  });

  it('honours every pact its consumers published', async () => {
    const sources = pactSources(process.env);
    console.log(`verifying ${PROVIDER} against ${sources.description}`);
    const { description: _description, ...pactOptions } = sources;
    const output = await new Verifier({
      provider: PROVIDER,
      providerBaseUrl: service.url,
      ...pactOptions,
      logLevel: (process.env.PACT_LOG_LEVEL as VerifierOptions['logLevel']) ?? 'warn',
      stateHandlers,
      messageProviders,
      // Every interaction starts from an empty store, whatever the previous one left behind.
      beforeEach: async () => {
        placedOrderId = undefined;
        await service.orders.deleteAll();
      },
    }).verifyProvider();
    expect(output).toBeDefined();
  });
});
