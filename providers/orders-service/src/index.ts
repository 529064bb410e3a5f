// Public API of @accord/orders-service: the service factory, its config, transports, outbox relay and event builders.
export { configFromEnv, type OrdersServiceConfig } from './config.js';
export {
  type ErrorDetail,
  OrdersServiceError,
  type OrdersServiceErrorCode,
} from './errors.js';
export {
  buildOrderCancelledEvent,
  buildOrderPlacedEvent,
  type EventMeta,
} from './orders/events.js';
export type {
  ListOrdersQuery,
  Orders,
  PlaceOrderOptions,
} from './orders/orders.js';
export type { Channel, OrderStatus } from './orders/repository.js';
export { countUnsent, type EventEnvelope, eventsForAggregate, type OutboxRow } from './outbox/outbox.js';
export {
  createOutboxRelay,
  type OutboxRelay,
  outgoingMessageFor,
  type RelayOptions,
  type RelayPassResult,
} from './outbox/relay.js';
export { createOrdersService, type OrdersService, type OrdersServiceOptions } from './service.js';
export {
  createEmbeddedTransport,
  type DeadLetter,
  type Delivery,
  type DeliveryHandler,
  type Disposition,
  type EmbeddedTransport,
  type EmbeddedTransportOptions,
} from './transport/embedded.js';
export {
  createRabbitMqTransport,
  type RabbitMqTransport,
  type RabbitMqTransportOptions,
} from './transport/rabbitmq.js';
export { topicMatches } from './transport/topic.js';
export type { OutgoingMessage, Transport } from './transport/transport.js';
