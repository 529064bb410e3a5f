// analytics-service on the real RabbitMQ: v2 events counted through the v1 reader, unreadable ones dead-lettered.
import { randomUUID } from 'node:crypto';
import { createEvent } from '@accord/contracts';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeRabbitMq, createOrderAnalytics, type HandleResult } from '../src/index.js';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const run = randomUUID().slice(0, 8);
const exchange = `orders.events.test-${run}`;
const queue = `analytics-service.test-${run}`;

let connection: ChannelModel;
let channel: Channel;
let consumer: Awaited<ReturnType<typeof consumeRabbitMq>>;
const analytics = createOrderAnalytics();
const results: HandleResult[] = [];

beforeAll(async () => {
  connection = await amqp.connect(AMQP_URL);
  channel = await connection.createChannel();
  consumer = await consumeRabbitMq(analytics, {
    url: AMQP_URL,
    exchange,
    queue,
    onResult: (r) => results.push(r),
  });
});
afterAll(async () => {
  await consumer?.close();
  for (const q of [queue, `${queue}.dead-letter`]) await channel?.deleteQueue(q).catch(() => {});
  for (const x of [exchange, `${queue}.dlx`]) await channel?.deleteExchange(x).catch(() => {});
  await connection?.close();
});

describe('analytics-service on RabbitMQ', () => {
  it('counts a v2 event and dead-letters an unreadable one', async () => {
    const event = createEvent(
      'OrderPlaced',
      2,
      {
        orderId: randomUUID(),
        customerId: 'cus_8f3kQ2Lm',
        items: [{ sku: 'MUG-BLUE-350', quantity: 1, unitPrice: { amount: 1250, currency: 'EUR' } }],
        total: { amount: 1250, currency: 'EUR' },
        placedAt: '2026-11-26T08:15:00.000Z',
        channel: 'api',
      },
      { source: '/orders-service' },
    );
    channel.publish(exchange, 'OrderPlaced.v2', Buffer.from(JSON.stringify(event)), {
      persistent: true,
      messageId: event.id,
    });
    channel.publish(exchange, 'OrderPlaced.v2', Buffer.from('{"type":"OrderPlaced"}'), { persistent: true });
    await expect.poll(() => results.length, { timeout: 10_000 }).toBe(2);
    expect(results.map((r) => r.outcome).sort()).toEqual(['counted', 'unreadable']);
    expect(analytics.report()).toMatchObject({
      orders: 1,
      revenue: { EUR: 1250 },
      byProducerVersion: { v2: 1 },
    });
    await expect
      .poll(async () => (await channel.checkQueue(`${queue}.dead-letter`)).messageCount, { timeout: 10_000 })
      .toBe(1);
  });
});
