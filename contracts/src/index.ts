// Public API of @accord/contracts: the catalog, artifacts, validators, zod schemas, generated types, events,
// the orders API's routes and its OpenAPI document.

export { catalog, currentVersion, getContract, getContractVersion } from './catalog/catalog.js';
export { artifactPath } from './catalog/definitions.js';
export { type ContractName, getZodSchema, zodSchemas } from './catalog/registry.js';
export { renderCatalogTable } from './catalog/table.js';
export type {
  Catalog,
  CompatibilityMode,
  ContractEntry,
  ContractKind,
  ContractVersion,
  HttpBinding,
  HttpMethod,
  JsonSchema,
  VersionStatus,
} from './catalog/types.js';
export { DEFAULT_COMPATIBILITY } from './catalog/types.js';
export { ContractsError, type ContractsErrorCode } from './errors.js';
export {
  type CreateEventOptions,
  createEvent,
  type EventData,
  type EventEnvelope,
  type EventName,
  type EventVersion,
} from './events/create-event.js';
export * from './generated/index.js';
export { createRouteMatcher, type RouteMatch, type RouteMatcher } from './http/match.js';
export {
  type ArtifactLookup,
  buildOpenApiDocument,
  componentName,
  JSON_SCHEMA_DIALECT,
  loadOpenApiDocument,
  OPENAPI_PATH,
  type OpenApiDocument,
  referencedContracts,
  renderOpenApiYaml,
} from './http/openapi.js';
export {
  type ApiDeclaration,
  type ContractRef,
  type OrdersOperationId,
  ordersApi,
  REQUEST_ID_HEADER,
  RequestIdSchema,
  type RouteDeclaration,
  type RouteHeader,
  type RouteParameter,
  type RouteResponse,
  SCHEMA_VERSION_HEADER,
} from './http/routes.js';
export { cloudEvent } from './orders/envelope.js';
export {
  OrderCancelledV1DataSchema,
  OrderCancelledV1Schema,
  OrderPlacedV1DataSchema,
  OrderPlacedV1Schema,
  OrderPlacedV2DataSchema,
  OrderPlacedV2Schema,
} from './orders/events.js';
export {
  CancelOrderRequestV1Schema,
  CreateOrderRequestV1Schema,
  ErrorResponseV1Schema,
  OrderListV1Schema,
  OrderV1Schema,
} from './orders/http.js';
export {
  AddressSchema,
  CancellationReasonSchema,
  CurrencySchema,
  CustomerIdSchema,
  LineItemSchema,
  MoneySchema,
  OrderIdSchema,
  OrderStatusSchema,
  SkuSchema,
  TimestampSchema,
} from './orders/primitives.js';
export { PACKAGE_ROOT } from './paths.js';
export { loadSchema, schemaFile } from './runtime/schemas.js';
export {
  type ErrorObject,
  formatValidationErrors,
  getValidator,
  type ValidateFunction,
} from './runtime/validators.js';
