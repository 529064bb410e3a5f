// Builds a broker: opens and migrates storage, wires the services (webhook outbox and relay) into the route
// table's handlers, and starts/stops the HTTP server.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrokerConfig } from './config.js';
import type { MigratableDb } from './db/db.js';
import { migrate, openDb } from './db/index.js';
import type { BrokerDeps, Log } from './deps.js';
import { trackCommits } from './http/commits.js';
import { Router } from './http/router.js';
import { createBrokerServer } from './http/server.js';
import { createLogger, logTo } from './log.js';
import { BrokerMetrics } from './metrics/prometheus.js';
import { CleanSchedule } from './retention/schedule.js';
import { routes } from './routes.js';
import { seedExampleData } from './seed/index.js';
import { uiErrorPage } from './ui/errors.js';
import { brokerVersion } from './version.js';
import { webhookEvents } from './webhooks/events.js';
import { Relay } from './webhooks/relay.js';
import { targetPolicy } from './webhooks/ssrf.js';

export interface Broker {
  /** Base URL the server listens on, e.g. http://127.0.0.1:9292 (real port even with port 0). */
  url: string;
  port: number;
  server: Server;
  deps: BrokerDeps;
  db: MigratableDb;
  close(): Promise<void>;
}

export { brokerVersion } from './version.js';

/** The log the command uses: pino at `level`, JSON lines (pretty on a terminal). */
export function consoleLog(level: BrokerConfig['logLevel']): Log {
  return logTo(createLogger(level));
}

/** The effective configuration as one log line (log_configuration_on_startup), without secrets. */
function configurationForLog(config: BrokerConfig): Record<string, unknown> {
  const { auth, webhooks, settings, databaseUrl, ...rest } = config;
  return {
    ...rest,
    databaseUrl: databaseUrl?.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:*****@'),
    auth: {
      basicAuthUsers: [auth.writeUser?.username, auth.readUser?.username].filter(Boolean),
      writeTokens: auth.writeTokens.length,
      readTokens: auth.readTokens.length,
      allowPublicRead: auth.allowPublicRead,
      publicHeartbeat: auth.publicHeartbeat,
      publicBadges: auth.publicBadges,
    },
    webhooks: { ...webhooks, certificates: webhooks.certificates.length },
    settings: { ...settings, noEffect: undefined },
  };
}

export async function createBroker(
  config: BrokerConfig,
  options: { log?: Log; db?: MigratableDb } = {},
): Promise<Broker> {
  const log = options.log ?? consoleLog(config.logLevel);
  // An injected database (tests, embedding) is migrated like one the broker opens itself.
  const db =
    options.db ??
    (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize }));
  if (options.db) await migrate(options.db);
  const relay = new Relay(db, config.webhooks, targetPolicy(config), log);
  const deps: BrokerDeps = {
    db,
    config,
    // Publishing writes one outbox row per matching webhook in its own transaction; the relay sends them.
    events: webhookEvents({
      config: config.webhooks,
      // Deliveries run outside any request, so links come from the configured base URL or the bound address.
      baseUrl: () =>
        config.baseUrl ??
        deps.listenUrl ??
        `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`,
      // The row commits with the caller's transaction; poll again shortly after it.
      queued: () => setTimeout(() => relay.kick(), 25).unref(),
      expandCurrentlyDeployedProviderVersions:
        config.settings.features.expandCurrentlyDeployedProviderVersions,
    }),
    webhookRelay: relay,
    log,
    metrics: new BrokerMetrics(db),
    version: brokerVersion,
  };
  const router = new Router(routes);
  const server = createBrokerServer({
    router,
    deps,
    auth: config.auth,
    bodyLimit: config.bodyLimit,
    baseUrls: config.baseUrls?.length ? config.baseUrls : config.baseUrl ? [config.baseUrl] : [],
    securityHeaders: config.settings.useRackProtection,
    trackCommits: (d, state) => ({ ...d, db: trackCommits(d.db, state) }),
    version: brokerVersion,
    log,
    errorPage: uiErrorPage,
    onRequest: (record) => {
      deps.metrics.observe(record);
      log('info', `${record.method} ${record.route} ${record.status}`, { ...record });
    },
  });
  // Behind a load balancer the keep-alive must outlast its idle timeout (the official image's Puma setting).
  if (config.settings.keepAliveTimeoutSeconds) {
    server.keepAliveTimeout = config.settings.keepAliveTimeoutSeconds * 1000;
    server.headersTimeout = server.keepAliveTimeout + 1000;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  deps.listenUrl = url;
  // Once the port is ours, so a start that fails writes nothing; as upstream, a failing seed is only logged.
  if (config.settings.seedExampleData) {
    await seedExampleData(db).then(
      (seeded) =>
        seeded && log('info', 'Seeded the example data (PACT_BROKER_SEED_EXAMPLE_DATA=false turns it off)'),
      (err: unknown) => log('error', `Seeding the example data failed: ${(err as Error).message}`),
    );
  }
  for (const line of config.settings.noEffect) log('info', line);
  if (config.settings.logConfigurationOnStartup) log('info', 'configuration', configurationForLog(config));
  if (config.webhooks.relay) relay.start();
  // The optional data clean (PACT_BROKER_DATABASE_CLEAN_ENABLED); brokers sharing a database take turns by lock.
  const cleanSchedule = config.clean.enabled ? new CleanSchedule(db, config.clean, log) : undefined;
  cleanSchedule?.start();
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
        await relay.close();
        await cleanSchedule?.stop();
        await db.close();
      })();
      return closing;
    },
  };
}
