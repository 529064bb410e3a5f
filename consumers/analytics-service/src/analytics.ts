// Order analytics, a lagging consumer: still written against OrderPlaced v1, it reads v2 (and later) events through the tolerant reader.
import type { OrderPlacedV1 } from '@accord/contracts';
import {
  createMemoryIdempotencyStore,
  createReader,
  type IdempotencyStore,
  isReadError,
  processOnce,
  type ReadError,
  type Reader,
} from '@accord/tolerant-reader';

const CONSUMER_NAME = 'analytics-service';

export type Disposition = 'ack' | 'requeue' | 'dead-letter';

export type HandleResult =
  | { disposition: 'ack'; outcome: 'counted'; producerVersion: number; dropped: string[] }
  | { disposition: 'ack'; outcome: 'duplicate' }
  | { disposition: 'requeue'; outcome: 'in-progress' }
  | { disposition: 'dead-letter'; outcome: 'unreadable'; error: ReadError }
  | { disposition: 'requeue'; outcome: 'failed'; error: unknown };

export interface AnalyticsReport {
  orders: number;
  /** Revenue per currency, in minor units. */
  revenue: Record<string, number>;
  unitsBySku: Record<string, number>;
  /** How many events came from each producer version (v2 events are read as v1). */
  byProducerVersion: Record<string, number>;
}

export interface OrderAnalytics {
  /** Handles one message body (bytes, string or parsed JSON); never throws. */
  handle(body: unknown): Promise<HandleResult>;
  report(): AnalyticsReport;
}

export interface OrderAnalyticsOptions {
  /** Ledger of counted events; default in memory. Counting an event twice would skew revenue. */
  store?: IdempotencyStore;
}

let reader: Reader<OrderPlacedV1> | undefined;

export function createOrderAnalytics(options: OrderAnalyticsOptions = {}): OrderAnalytics {
  reader ??= createReader({ contract: 'OrderPlaced', version: 1 }) as Reader<OrderPlacedV1>;
  const read = reader;
  const store = options.store ?? createMemoryIdempotencyStore();
  const report: AnalyticsReport = { orders: 0, revenue: {}, unitsBySku: {}, byProducerVersion: {} };

  return {
    async handle(body) {
      let result: ReturnType<typeof read.readDetailed>;
      try {
        // A v2 event comes back shaped as v1: `channel` and `couponCodes` are dropped (and listed in `dropped`).
        result = read.readDetailed(body);
      } catch (error) {
        if (isReadError(error) && error.permanent)
          return { disposition: 'dead-letter', outcome: 'unreadable', error };
        return { disposition: 'requeue', outcome: 'failed', error };
      }
      const event = result.value;
      try {
        const outcome = await processOnce(
          store,
          { messageId: `${event.source}#${event.id}`, consumer: CONSUMER_NAME },
          () => {
            const { data } = event;
            report.orders += 1;
            report.revenue[data.total.currency] =
              (report.revenue[data.total.currency] ?? 0) + data.total.amount;
            for (const item of data.items) {
              report.unitsBySku[item.sku] = (report.unitsBySku[item.sku] ?? 0) + item.quantity;
            }
            const version = `v${result.producerVersion}`;
            report.byProducerVersion[version] = (report.byProducerVersion[version] ?? 0) + 1;
          },
        );
        if (outcome.status === 'duplicate') return { disposition: 'ack', outcome: 'duplicate' };
        if (outcome.status === 'in-progress') return { disposition: 'requeue', outcome: 'in-progress' };
        return {
          disposition: 'ack',
          outcome: 'counted',
          producerVersion: result.producerVersion,
          dropped: result.dropped.map((d) => `${d.path}/${d.key}`),
        };
      } catch (error) {
        return { disposition: 'requeue', outcome: 'failed', error };
      }
    },
    report: () => structuredClone(report),
  };
}
