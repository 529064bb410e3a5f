// Public API of @accord/pact-broker: start a broker in-process, its config parser, and the extension types.

export { type Broker, brokerVersion, createBroker, modules } from './app.js';
export { type AuthConfig, type BrokerConfig, defaultConfig, parseConfig } from './config.js';
export type { Db } from './db/db.js';
export { openDb } from './db/index.js';
export type {
  BrokerDeps,
  BrokerEvent,
  BrokerEvents,
  CurrentVersion,
  DeploymentQueries,
  LinkRegistry,
  VersionRef,
} from './deps.js';
export { BrokerError, type BrokerErrorCode } from './errors.js';
export type { BrokerModule } from './module.js';
