// Public API of @accord/shipping-service: the orders events handler, its transports, stores and the service factory.
export { configFromEnv, type ShippingConfig } from './config.js';
export { consumeEmbedded, type EmbeddedBus, type EmbeddedConsumerOptions } from './embedded.js';
export { ShippingError, type ShippingErrorCode } from './errors.js';
export {
  createOrderEventsHandler,
  type Disposition,
  type HandleResult,
  type OrderEventsHandler,
  type OrderEventsHandlerOptions,
  READS,
} from './handler.js';
export { consumeRabbitMq, type RabbitMqConsumer, type RabbitMqConsumerOptions } from './rabbitmq.js';
export { createShippingService, type ShippingService, type ShippingServiceOptions } from './service.js';
export {
  type Cancellation,
  createMemoryShipments,
  createPostgresShipments,
  migrateShipments,
  type Shipment,
  type ShipmentRepository,
} from './shipments.js';
