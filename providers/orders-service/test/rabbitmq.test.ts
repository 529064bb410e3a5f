// Round trip through the real RabbitMQ (AMQP_URL, default the local broker): HTTP → outbox → relay → topic exchange → queue.
import { randomUUID } from 'node:crypto';
import { getValidator } from '@accord/contracts';
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrdersService, createRabbitMqTransport, type OrdersService } from '../src/index.js';
import { createOrderRequest, postJson } from './support/fixtures.js';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const run = randomUUID().slice(0, 8);
// Unique names per run: parallel CI jobs and reruns never see each other's messages.
const exchange = `orders.events.test-${run}`;
const queue = `orders-service.test-${run}`;

let service: OrdersService;
let connection: ChannelModel;
let channel: Channel;
const received: ConsumeMessage[] = [];

beforeAll(async () => {
  connection = await amqp.connect(AMQP_URL);
  channel = await connection.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true, autoDelete: false });
  await channel.assertQueue(queue, { exclusive: true });
  await channel.bindQueue(queue, exchange, '#');
  await channel.consume(queue, (msg) => {
    if (msg !== null) {
      received.push(msg);
      channel.ack(msg);
    }
  });
  service = await createOrdersService({ port: 0, amqpUrl: AMQP_URL, exchange, relayIntervalMs: 50 });
});

afterAll(async () => {
  await service?.close();
  await channel?.deleteExchange(exchange).catch(() => {});
  await connection?.close();
});

describe('RabbitMQ transport', () => {
  it('publishes OrderPlaced and OrderCancelled as persistent, typed messages', async () => {
    expect(service.transport.kind).toBe('rabbitmq');
    const order = await (await postJson(`${service.url}/orders`, createOrderRequest())).json();
    await postJson(`${service.url}/orders/${order.id}/cancel`, { reason: 'customer_request' });
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);

    const [placed, cancelled] = received;
    expect(placed!.fields.routingKey).toBe('OrderPlaced.v2');
    expect(cancelled!.fields.routingKey).toBe('OrderCancelled.v1');
    const placedEvent = JSON.parse(placed!.content.toString('utf8'));
    expect(getValidator('OrderPlaced', 2)(placedEvent)).toBe(true);
    expect(placedEvent.data.orderId).toBe(order.id);
    expect(placed!.properties).toMatchObject({
      deliveryMode: 2,
      messageId: placedEvent.id,
      type: 'OrderPlaced',
      contentType: 'application/json',
      headers: { 'schema-version': 2 },
    });
    expect(getValidator('OrderCancelled', 1)(JSON.parse(cancelled!.content.toString('utf8')))).toBe(true);
  });

  it('reports TRANSPORT_UNAVAILABLE when the broker cannot be reached, so the relay retries later', async () => {
    const transport = createRabbitMqTransport({ url: 'amqp://guest:guest@127.0.0.1:1', exchange });
    await expect(
      transport.publish({
        routingKey: 'OrderPlaced.v2',
        messageId: randomUUID(),
        type: 'OrderPlaced',
        schemaVersion: 2,
        body: new Uint8Array([123, 125]),
        contentType: 'application/json',
        timestamp: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'TRANSPORT_UNAVAILABLE' });
    await transport.close();
  });
});
