// Public API of @accord/analytics-service: the v1 order analytics and its transports.
export {
  type AnalyticsReport,
  createOrderAnalytics,
  type Disposition,
  type HandleResult,
  type OrderAnalytics,
  type OrderAnalyticsOptions,
} from './analytics.js';
export { AnalyticsError, type AnalyticsErrorCode } from './errors.js';
export {
  consumeEmbedded,
  consumeRabbitMq,
  type EmbeddedBus,
  type RabbitMqOptions,
} from './transports.js';
