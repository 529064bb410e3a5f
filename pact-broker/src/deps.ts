// What route modules share: storage, config, the domain-event hook, the deployments query interface and link registries.

import type { BrokerConfig } from './config.js';
import type { Db } from './db/db.js';
import type { Link, Links } from './http/hal.js';

/** Domain events of part 1, emitted inside the writing transaction (the webhooks module stores an outbox row). */
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
    };

export interface BrokerEvents {
  emit(tx: Db, event: BrokerEvent): Promise<void>;
}

export const noEvents: BrokerEvents = { emit: async () => {} };

/** A consumer version that is currently deployed or released (and supported) in an environment. */
export interface CurrentVersion {
  versionId: number;
  pacticipantId: number;
  environmentName: string;
  environmentUuid: string;
  production: boolean;
}

/**
 * Deployment facts the for-verification selectors need. The deployments module (part 2) implements it over its
 * tables; until then `noDeployments` answers from an empty world (no environments, nothing deployed).
 */
export interface DeploymentQueries {
  findCurrentVersions(
    db: Db,
    query: { kind: 'deployed' | 'released'; environmentName?: string | undefined; pacticipantIds: number[] },
  ): Promise<CurrentVersion[]>;
  environmentExists(db: Db, name: string): Promise<boolean>;
}

export const noDeployments: DeploymentQueries = {
  findCurrentVersions: async () => [],
  environmentExists: async () => false,
};

export interface VersionRef {
  pacticipantId: number;
  pacticipantName: string;
  versionId: number;
  number: string;
}

/** Extra HAL relations other modules add to shared resources (index, pacticipant version). */
export interface LinkRegistry {
  index: Array<(links: Links) => Record<string, Link | Link[]>>;
  version: Array<(db: Db, version: VersionRef, links: Links) => Promise<Record<string, Link | Link[]>>>;
}

export interface BrokerDeps {
  db: Db;
  config: BrokerConfig;
  events: BrokerEvents;
  deployments: DeploymentQueries;
  linkRegistry: LinkRegistry;
  log: (level: 'info' | 'debug' | 'error', message: string) => void;
  /** Server version reported in X-Pact-Broker-Version. */
  version: string;
  /** The URL the server really listens on (the bound port, even with --port 0); set once listening. */
  listenUrl?: string;
}
