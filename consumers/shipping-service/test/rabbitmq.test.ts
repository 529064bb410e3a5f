// shipping-service on the real RabbitMQ and PostgreSQL: shipments once per event across redeliveries, unreadable messages in the dead-letter queue.
import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShippingService, type HandleResult, type ShippingService } from '../src/index.js';
import { encode, orderCancelledV1, orderPlacedV2 } from './support.js';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = randomUUID().slice(0, 8);
const exchange = `orders.events.test-${run}`;
const queue = `shipping-service.test-${run}`;
const schema = `shipping_test_${run}`;

let connection: ChannelModel;
let channel: Channel;
let service: ShippingService;
const results: HandleResult[] = [];

beforeAll(async () => {
  connection = await amqp.connect(AMQP_URL);
  channel = await connection.createChannel();
  service = await createShippingService(
    { amqpUrl: AMQP_URL, databaseUrl: DATABASE_URL, dbSchema: schema, exchange, queue },
    { onResult: (r) => results.push(r) },
  );
});

afterAll(async () => {
  await service?.close();
  for (const q of [queue, `${queue}.dead-letter`]) await channel?.deleteQueue(q).catch(() => {});
  for (const x of [exchange, `${queue}.dlx`]) await channel?.deleteExchange(x).catch(() => {});
  await connection?.close();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

const publish = (routingKey: string, body: Uint8Array, messageId: string) =>
  channel.publish(exchange, routingKey, Buffer.from(body), {
    persistent: true,
    messageId,
    contentType: 'application/json',
  });

describe('shipping-service on RabbitMQ + PostgreSQL', () => {
  it('creates one shipment per event even when the event arrives twice', async () => {
    const event = orderPlacedV2({ orderId: randomUUID() });
    publish('OrderPlaced.v2', encode(event), event.id);
    publish('OrderPlaced.v2', encode(event), event.id);
    // With prefetch > 1 both copies may be handled at once: the second then finds the first's lease
    // ('in-progress'), is requeued, and comes back as a duplicate. Either way: one shipment.
    const settled = () => results.map((r) => r.outcome).filter((o) => o !== 'in-progress');
    await expect.poll(() => settled().length, { timeout: 15_000 }).toBe(2);
    expect(settled().sort()).toEqual(['duplicate', 'shipment-created']);
    expect(await service.shipments.findByOrder(event.data.orderId)).toMatchObject({ eventId: event.id });
    expect(await service.shipments.count()).toBe(1);
  });

  it('dead-letters an unreadable message to <queue>.dead-letter, with RabbitMQ’s x-death record', async () => {
    const id = randomUUID();
    publish('OrderPlaced.v2', new TextEncoder().encode('definitely not json'), id);
    let dead: amqp.GetMessage | false = false;
    await expect
      .poll(
        async () => {
          dead = await channel.get(`${queue}.dead-letter`, { noAck: true });
          return dead !== false;
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBe(true);
    const message = dead as unknown as amqp.GetMessage;
    expect(message.properties.messageId).toBe(id);
    expect(message.content.toString('utf8')).toBe('definitely not json');
    const deaths = message.properties.headers?.['x-death'] as
      | Array<{ queue: string; reason: string }>
      | undefined;
    expect(deaths?.[0]).toMatchObject({ queue, reason: 'rejected' });
    const unreadable = results.find((r) => r.outcome === 'unreadable');
    expect(unreadable?.outcome === 'unreadable' && unreadable.error.code).toBe('NOT_JSON');
  });

  it('cancels a stored shipment, and records a cancellation that arrives before its order', async () => {
    const event = orderPlacedV2({ orderId: randomUUID() });
    publish('OrderPlaced.v2', encode(event), event.id);
    await expect
      .poll(async () => (await service.shipments.findByOrder(event.data.orderId))?.status, {
        timeout: 10_000,
      })
      .toBe('ready');
    const cancel = orderCancelledV1({ orderId: event.data.orderId });
    publish('OrderCancelled.v1', encode(cancel), cancel.id);
    const early = orderCancelledV1({ orderId: randomUUID() });
    publish('OrderCancelled.v1', encode(early), early.id);
    await expect
      .poll(
        () =>
          results
            .filter((r) => r.outcome === 'shipment-cancelled')
            .map((r) => 'result' in r && r.result)
            .sort(),
        {
          timeout: 10_000,
        },
      )
      .toEqual(['cancelled', 'recorded-early']);
    expect((await service.shipments.findByOrder(event.data.orderId))?.status).toBe('cancelled');
    expect(await service.shipments.findByOrder(early.data.orderId as string)).toMatchObject({
      status: 'cancelled',
      lines: [],
    });
  });
});
