// RabbitMQ transport: a durable topic exchange, persistent messages, publisher confirms; reconnects lazily after a failure.
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { OrdersServiceError } from '../errors.js';
import type { OutgoingMessage, Transport } from './transport.js';

export interface RabbitMqTransportOptions {
  url: string;
  /** Topic exchange to publish to; declared durable if missing. */
  exchange: string;
  /** Name shown in the RabbitMQ management UI for this connection. */
  connectionName?: string;
}

export interface RabbitMqTransport extends Transport {
  readonly kind: 'rabbitmq';
  /** Connects and declares the exchange now (otherwise the first publish does it). */
  connect(): Promise<void>;
}

export function createRabbitMqTransport(options: RabbitMqTransportOptions): RabbitMqTransport {
  let connection: ChannelModel | undefined;
  let channel: ConfirmChannel | undefined;
  let connecting: Promise<ConfirmChannel> | undefined;
  let closed = false;

  const reset = () => {
    channel = undefined;
    connection = undefined;
  };

  const open = async (): Promise<ConfirmChannel> => {
    const conn = await amqp.connect(options.url, {
      clientProperties: { connection_name: options.connectionName ?? 'orders-service outbox relay' },
    });
    // A dropped connection or channel only marks the transport for reconnection; the relay retries the rows.
    conn.on('error', () => {});
    conn.on('close', reset);
    try {
      const ch = await conn.createConfirmChannel();
      ch.on('error', () => {});
      ch.on('close', () => {
        if (channel === ch) channel = undefined;
      });
      await ch.assertExchange(options.exchange, 'topic', { durable: true });
      connection = conn;
      channel = ch;
      return ch;
    } catch (error) {
      await conn.close().catch(() => {});
      throw error;
    }
  };

  const ensureChannel = async (): Promise<ConfirmChannel> => {
    if (closed) throw new OrdersServiceError('TRANSPORT_UNAVAILABLE', 'RabbitMQ transport is closed');
    if (channel !== undefined) return channel;
    connecting ??= open().finally(() => {
      connecting = undefined;
    });
    try {
      return await connecting;
    } catch (cause) {
      throw new OrdersServiceError(
        'TRANSPORT_UNAVAILABLE',
        `cannot reach RabbitMQ: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  };

  return {
    kind: 'rabbitmq',
    async connect() {
      await ensureChannel();
    },
    async publish(message: OutgoingMessage) {
      const ch = await ensureChannel();
      await new Promise<void>((resolve, reject) => {
        try {
          ch.publish(
            options.exchange,
            message.routingKey,
            Buffer.from(message.body),
            {
              persistent: true,
              messageId: message.messageId,
              type: message.type,
              contentType: message.contentType,
              timestamp: Math.floor(message.timestamp.getTime() / 1000),
              appId: 'orders-service',
              headers: { 'schema-version': message.schemaVersion },
            },
            (error) =>
              error
                ? reject(
                    new OrdersServiceError(
                      'PUBLISH_FAILED',
                      `RabbitMQ did not confirm ${message.messageId}`,
                      {
                        cause: error,
                      },
                    ),
                  )
                : resolve(),
          );
        } catch (cause) {
          // The channel closed between ensureChannel and publish.
          channel = undefined;
          reject(
            new OrdersServiceError('PUBLISH_FAILED', `publish of ${message.messageId} failed`, { cause }),
          );
        }
      });
    },
    async close() {
      closed = true;
      const conn = connection;
      reset();
      await conn?.close().catch(() => {});
    },
  };
}
