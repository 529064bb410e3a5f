// The broker's Prometheus metrics, on a registry of its own (several brokers may share a process): requests and
// their latency per route, the database pool, and the webhook outbox (queued and dead deliveries).

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MigratableDb } from '../db/db.js';
import type { RequestRecord } from '../http/types.js';
import { deliveryCounts } from '../webhooks/queries.js';

export class BrokerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route'>;

  constructor(db: MigratableDb) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      registers,
    });
    const pool = (name: string, help: string, pick: (s: ReturnType<MigratableDb['poolStats']>) => number) => {
      const gauge: Gauge = new Gauge({
        name,
        help,
        registers,
        collect() {
          gauge.set(pick(db.poolStats()));
        },
      });
    };
    pool('db_pool_size', 'Database connections open (PGlite: its one connection)', (s) => s.total);
    pool('db_pool_idle', 'Database connections idle', (s) => s.idle);
    pool('db_pool_waiting', 'Queries waiting for a database connection', (s) => s.waiting);
    // Both outbox gauges come from one statement per scrape.
    let counts: Promise<{ queued: number; dead: number }> | undefined;
    const outbox = (): Promise<{ queued: number; dead: number }> => {
      counts ??= deliveryCounts(db).finally(() => {
        setImmediate(() => {
          counts = undefined;
        });
      });
      return counts;
    };
    const queued: Gauge = new Gauge({
      name: 'webhook_deliveries_queued',
      help: 'Webhook deliveries waiting to be sent (pending or retrying)',
      registers,
      async collect() {
        queued.set((await outbox()).queued);
      },
    });
    const dead: Gauge = new Gauge({
      name: 'webhook_deliveries_dead',
      help: 'Webhook deliveries that used up their tries',
      registers,
      async collect() {
        dead.set((await outbox()).dead);
      },
    });
  }

  /** Counts an answered request; the route label is its pattern, so the number of series stays bounded. */
  observe(r: RequestRecord): void {
    this.requests.inc({ method: r.method, route: r.route, status: String(r.status) });
    this.duration.observe({ method: r.method, route: r.route }, r.durationMs / 1000);
  }

  /** The text exposition format (`text/plain; version=0.0.4`). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
