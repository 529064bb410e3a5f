// What the outbox relay needs from a message broker: publish one message and resolve once the broker has it.

export interface OutgoingMessage {
  /** Topic routing key, e.g. "OrderPlaced.v2". */
  routingKey: string;
  /** The CloudEvents id; brokers carry it as message id so consumers can de-duplicate. */
  messageId: string;
  /** CloudEvents type, e.g. "OrderPlaced". */
  type: string;
  schemaVersion: number;
  /** The JSON envelope, UTF-8. */
  body: Uint8Array;
  contentType: string;
  timestamp: Date;
}

export interface Transport {
  readonly kind: 'embedded' | 'rabbitmq';
  /** Resolves once the message is durably accepted (RabbitMQ: publisher confirm); rejects otherwise. */
  publish(message: OutgoingMessage): Promise<void>;
  close(): Promise<void>;
}
