// consumeQueue on the real RabbitMQ: each disposition does what it says, and nothing is lost on close.
import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeQueue, type Disposition, type QueueConsumer } from './index.js';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const run = randomUUID().slice(0, 8);
const exchange = `rabbitmq-consumer.test-${run}`;
const queue = `rabbitmq-consumer.test-${run}`;

let admin: ChannelModel;
let channel: Channel;
let consumer: QueueConsumer;
/** Body → how many times the handler saw it. */
const seen = new Map<string, number>();
/** Body → dispositions to answer, one per delivery (the last one repeats). */
const script: Record<string, Disposition[]> = {
  ok: ['ack'],
  unreadable: ['dead-letter'],
  flaky: ['requeue', 'ack'],
};

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  admin = await amqp.connect(AMQP_URL);
  channel = await admin.createChannel();
  consumer = await consumeQueue(
    await amqp.connect(AMQP_URL),
    { exchange, queue, bindingKeys: ['Thing.*'], retryDelayMs: 50 },
    async (message) => {
      const body = message.content.toString();
      const n = (seen.get(body) ?? 0) + 1;
      seen.set(body, n);
      const answers = script[body] ?? ['ack'];
      return answers[Math.min(n, answers.length) - 1]!;
    },
  );
});
afterAll(async () => {
  await consumer?.close();
  for (const q of [queue, `${queue}.dead-letter`]) await channel?.deleteQueue(q).catch(() => {});
  for (const x of [exchange, `${queue}.dlx`]) await channel?.deleteExchange(x).catch(() => {});
  await admin?.close();
});

describe('consumeQueue', () => {
  it('declares the queue and its dead-letter queue', () => {
    expect(consumer.queue).toBe(queue);
    expect(consumer.deadLetterExchange).toBe(`${queue}.dlx`);
    expect(consumer.deadLetterQueue).toBe(`${queue}.dead-letter`);
  });

  it('acks, requeues after the delay, and dead-letters with the x-death header', async () => {
    for (const body of ['ok', 'unreadable', 'flaky'])
      channel.publish(exchange, 'Thing.v1', Buffer.from(body));
    // Not bound: never delivered to this queue.
    channel.publish(exchange, 'Other.v1', Buffer.from('elsewhere'));

    await until(() => (seen.get('flaky') === 2 ? true : undefined));
    const dead = await until(
      async () => (await channel.get(`${queue}.dead-letter`, { noAck: true })) || undefined,
    );
    expect(dead.content.toString()).toBe('unreadable');
    const deaths = dead.properties.headers?.['x-death'] as
      | Array<{ queue: string; reason: string }>
      | undefined;
    expect(deaths?.[0]).toMatchObject({ queue, reason: 'rejected' });

    expect(seen.get('ok')).toBe(1);
    expect(seen.get('unreadable')).toBe(1);
    expect(seen.has('elsewhere')).toBe(false);
    // Everything acknowledged: the queue is empty.
    const { messageCount } = await channel.checkQueue(queue);
    expect(messageCount).toBe(0);
  });
});
