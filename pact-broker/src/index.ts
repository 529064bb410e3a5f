// Public API of @accord/pact-broker: start a broker in-process, its config parser, its route table and the types
// handlers and embedders use.

export { type Broker, brokerVersion, createBroker } from './app.js';
export { type AuthConfig, type BrokerConfig, defaultConfig, parseConfig } from './config.js';
export type { Db } from './db/db.js';
export { openDb } from './db/index.js';
export type { BrokerDeps, BrokerEvent, BrokerEvents } from './deps.js';
export { BrokerError, type BrokerErrorCode } from './errors.js';
export type { Route } from './route.js';
export { routes } from './routes.js';
