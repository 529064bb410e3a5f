import { describe, expect, it } from 'vitest';
import { createEmbeddedTransport } from './embedded.js';
import type { OutgoingMessage } from './transport.js';

const message = (routingKey: string, id: string): OutgoingMessage => ({
  routingKey,
  messageId: id,
  type: routingKey.split('.')[0]!,
  schemaVersion: 1,
  body: new TextEncoder().encode(JSON.stringify({ id })),
  contentType: 'application/json',
  timestamp: new Date(),
});

describe('embedded transport', () => {
  it('routes by topic binding to every matching queue, in publish order', async () => {
    const transport = createEmbeddedTransport();
    const placed: string[] = [];
    const all: string[] = [];
    transport.subscribe('shipping', 'OrderPlaced.*', (d) => {
      placed.push(d.messageId);
      return 'ack';
    });
    transport.subscribe('audit', '#', (d) => {
      all.push(d.messageId);
      return 'ack';
    });
    await transport.publish(message('OrderPlaced.v2', 'a'));
    await transport.publish(message('OrderCancelled.v1', 'b'));
    await transport.publish(message('OrderPlaced.v1', 'c'));
    await transport.idle();
    expect(placed).toEqual(['a', 'c']);
    expect(all).toEqual(['a', 'b', 'c']);
  });

  it('routes to a queue bound with several keys once per message', async () => {
    const transport = createEmbeddedTransport();
    const seen: string[] = [];
    transport.subscribe('shipping', ['OrderPlaced.*', 'OrderCancelled.*'], (d) => {
      seen.push(d.messageId);
      return 'ack';
    });
    await transport.publish(message('OrderPlaced.v2', 'a'));
    await transport.publish(message('OrderCancelled.v1', 'b'));
    await transport.publish(message('CustomerCreated.v1', 'c'));
    await transport.idle();
    expect(seen).toEqual(['a', 'b']);
  });

  it('dead-letters on request and after the delivery limit when the handler keeps failing', async () => {
    const transport = createEmbeddedTransport({ maxDeliveries: 3 });
    const counts: number[] = [];
    transport.subscribe('q', '#', (d) => {
      if (d.messageId === 'bad') return 'dead-letter';
      counts.push(d.deliveryCount);
      throw new Error('database down');
    });
    await transport.publish(message('OrderPlaced.v2', 'bad'));
    await transport.publish(message('OrderPlaced.v2', 'flaky'));
    await transport.idle();
    expect(counts).toEqual([1, 2, 3]);
    const dead = transport.deadLetters('q');
    expect(dead.map((d) => d.delivery.messageId)).toEqual(['bad', 'flaky']);
    expect(dead[1]!.reason).toContain('database down');
  });

  it('buffers messages for a queue whose consumer stopped, and delivers them on resubscribe', async () => {
    const transport = createEmbeddedTransport();
    const seen: string[] = [];
    const stop = transport.subscribe('q', '#', () => 'ack');
    stop();
    await transport.publish(message('OrderPlaced.v2', 'x'));
    await transport.idle();
    transport.subscribe('q', '#', (d) => {
      seen.push(d.messageId);
      return 'ack';
    });
    await transport.idle();
    expect(seen).toEqual(['x']);
    expect(transport.published()).toHaveLength(1);
  });
});
