// The services every handler receives: storage, config, the domain-event hook, the webhook relay and the log.

import type { BrokerConfig } from './config.js';
import type { Db } from './db/db.js';
import type { Log } from './http/types.js';
import type { BrokerMetrics } from './metrics/prometheus.js';

/** Domain events, emitted inside the writing transaction (the webhooks folder turns them into outbox rows). */
export type BrokerEvent =
  | {
      type: 'contract_published' | 'contract_content_changed';
      consumer: string;
      provider: string;
      consumerId: number;
      providerId: number;
      consumerVersion: string;
      consumerVersionId: number;
      consumerVersionBranch: string | null;
      consumerVersionTags: string[];
      pactPublicationId: number;
      pactVersionId: number;
      pactVersionSha: string;
      buildUrl: string | null;
    }
  | {
      type: 'provider_verification_published';
      consumer: string;
      provider: string;
      consumerId: number;
      providerId: number;
      providerVersion: string;
      providerVersionId: number;
      providerVersionBranch: string | null;
      providerVersionTags: string[];
      pactVersionId: number;
      pactVersionSha: string;
      verificationId: number;
      verificationNumber: number;
      success: boolean;
      buildUrl: string | null;
      /**
       * From the verified URL's metadata: the consumer versions whose selectors chose the pact, each with its
       * selectors' tags (one webhook delivery each, as upstream), or the consumer version a webhook's pactUrl named.
       */
      selectedConsumerVersions?: Array<{ id: number; tags: string[] }> | undefined;
      consumerVersionNumber?: string | undefined;
    };

/** A look for webhooks that BrokerEvents.webhooksAhead started; publishing code only hands it on to emit. */
export interface WebhooksAhead {
  /** Settles when the look has its answer. */
  readonly settled: Promise<unknown>;
}

/** Publishing code emits through this interface, so pacts and verifications do not depend on webhooks. */
export interface BrokerEvents {
  /**
   * `ahead`: what webhooksAhead started for this event's type, pacticipants and (for a verification) outcome in this
   * transaction; emit then reads no webhooks itself.
   */
  emit(tx: Db, event: BrokerEvent, ahead?: WebhooksAhead): Promise<void>;
  /**
   * Starts the look for the webhooks an event of this type between these pacticipants could fire. Sent beside
   * another statement of the transaction (not awaited at once), its answer costs no round trip of its own.
   */
  webhooksAhead(
    tx: Db,
    event: Pick<BrokerEvent, 'type' | 'consumerId' | 'providerId'> & { success?: boolean },
  ): WebhooksAhead;
  /**
   * The same for several events of one write, in order (cheaper when no webhook could fire). `mayFire`: what
   * contractWebhooksMayFire, started earlier in this transaction, answers for these events' consumers.
   */
  emitAll(tx: Db, events: BrokerEvent[], mayFire?: Promise<boolean>): Promise<void>;
  /**
   * Whether a webhook could fire for a contract event (published, content changed, requiring verification) of these
   * consumers. Started beside another statement of the transaction (not awaited at once), its answer costs no
   * round trip of its own; false means emitAll of such events writes nothing.
   */
  contractWebhooksMayFire(tx: Db, consumerIds: number[]): Promise<boolean>;
}

export type { Log, LogLevel } from './http/types.js';

export interface BrokerDeps {
  db: Db;
  config: BrokerConfig;
  events: BrokerEvents;
  /** Runs a delivery pass now (after a dead delivery was re-queued); a no-op where the relay is off. */
  webhookRelay: { kick(): void };
  log: Log;
  /** Request, database and webhook metrics (Prometheus text on /metrics). */
  metrics: BrokerMetrics;
  /** Server version reported in X-Pact-Broker-Version. */
  version: string;
  /** The URL the server really listens on (the bound port, even with --port 0); set once listening. */
  listenUrl?: string;
}
