// Public API of @accord/checkout-web: the typed orders API client and its error class.
export {
  createOrdersClient,
  type ListOrdersParams,
  type OrderStatus,
  type OrdersClient,
  type OrdersClientOptions,
} from './client.js';
export { isOrdersClientError, OrdersClientError, type OrdersClientErrorCode } from './errors.js';
