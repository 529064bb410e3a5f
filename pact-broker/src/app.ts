// Builds a broker: opens and migrates storage, wires the route modules, and starts/stops the HTTP server.

import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrokerConfig } from './config.js';
import type { MigratableDb } from './db/db.js';
import { migrate, openDb } from './db/index.js';
import { deploymentsModule } from './deployments/index.js';
import { type BrokerDeps, noDeployments, noEvents } from './deps.js';
import { diagnosticModule } from './diagnostic/index.js';
import { environmentsModule } from './environments/index.js';
import { forVerificationModule } from './for-verification/index.js';
import { Router } from './http/router.js';
import { createBrokerServer } from './http/server.js';
import { indexModule } from './index-resource/index.js';
import { matrixModule } from './matrix/index.js';
import type { BrokerModule } from './module.js';
import { pactsModule } from './pact/index.js';
import { pacticipantsModule } from './pacticipants/index.js';
import { uiModule } from './ui/index.js';
import { verificationsModule } from './verifications/index.js';
import { versionsModule } from './versions/index.js';
import { webhooksModule } from './webhooks/index.js';

/**
 * Every route module, in registration order. Part 2 adds its modules here (one line each); a module's `setup`
 * may replace `deps.events` (webhooks) or `deps.deployments` (deployed/released versions).
 */
export const modules: BrokerModule[] = [
  diagnosticModule,
  uiModule, // before indexModule: answers `/` for browsers, delegates the rest to the index
  indexModule,
  pacticipantsModule,
  versionsModule,
  pactsModule,
  verificationsModule,
  forVerificationModule,
  environmentsModule,
  deploymentsModule,
  matrixModule,
  webhooksModule(),
];

export interface Broker {
  /** Base URL the server listens on, e.g. http://127.0.0.1:9292 (real port even with port 0). */
  url: string;
  port: number;
  server: Server;
  deps: BrokerDeps;
  db: MigratableDb;
  close(): Promise<void>;
}

export const brokerVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export function consoleLog(level: BrokerConfig['logLevel']): BrokerDeps['log'] {
  return (l, message) => {
    if (level === 'silent') return;
    if (l === 'debug' && level !== 'debug') return;
    const line = `${new Date().toISOString()} ${l.toUpperCase()} ${message}\n`;
    (l === 'error' ? process.stderr : process.stdout).write(line);
  };
}

export async function createBroker(
  config: BrokerConfig,
  options: { log?: BrokerDeps['log']; modules?: BrokerModule[]; db?: MigratableDb } = {},
): Promise<Broker> {
  const log = options.log ?? consoleLog(config.logLevel);
  // An injected database (tests, embedding) is migrated like one the broker opens itself.
  const db =
    options.db ??
    (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize }));
  if (options.db) await migrate(options.db);
  const deps: BrokerDeps = {
    db,
    config,
    events: noEvents,
    deployments: noDeployments,
    linkRegistry: { index: [], version: [] },
    log,
    version: brokerVersion,
  };
  const list = options.modules ?? modules;
  const router = new Router();
  try {
    for (const m of list) await m.setup?.(deps);
    for (const m of list) m.register(router, deps);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  const server = createBrokerServer({
    router,
    auth: config.auth,
    bodyLimit: config.bodyLimit,
    baseUrl: config.baseUrl,
    version: brokerVersion,
    log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  deps.listenUrl = url;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    server,
    deps,
    db,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // Keep-alive connections that go idle after their last response would hold close() open until the
          // keep-alive timeout; give in-flight requests a grace period, then drop what is left.
          setTimeout(() => server.closeAllConnections(), 3000).unref();
        });
        for (const m of [...list].reverse()) await m.close?.(deps);
        await db.close();
      })();
      return closing;
    },
  };
}
