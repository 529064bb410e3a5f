// Publishing one pact for a consumer version: content stored once per SHA, conflict rules, merge, domain events.

import type { Db } from '../db/db.js';
import type { BrokerEvent, BrokerEvents } from '../deps.js';
import { BrokerError } from '../errors.js';
import { turns } from '../http/turns.js';
import type { PacticipantRow } from '../pacticipants/queries.js';
import { findOrCreatePacticipants } from '../pacticipants/queries.js';
import { branchesOfVersion, tagsOfVersion, type VersionRow } from '../versions/queries.js';
import {
  canonical,
  contentSha,
  countInteractions,
  diffPacts,
  mergePacts,
  normalise,
  type PactDoc,
  withInteractionIds,
} from './content.js';
import { parseKeepingNumbers, stringifyKeepingNumbers } from './numbers.js';
import {
  findOrCreatePactVersion,
  findOrCreatePactVersions,
  findPublicationForUpdate,
  insertPublication,
  insertPublications,
  type PactRow,
  pactById,
  previousPublication,
  publicationsOfVersionForUpdate,
  updatePublication,
} from './queries.js';

export type ConflictMode = 'reject' | 'merge' | 'overwrite';

export interface PublishPactInput {
  consumer: PacticipantRow;
  provider: PacticipantRow;
  version: VersionRow;
  content: PactDoc;
  mode: ConflictMode;
  /**
   * The branch the publish request named (null: none), which is what the official broker hands publication
   * webhooks as ${pactbroker.consumerVersionBranch}; absent (PUT of a pact): the version's newest branch.
   */
  requestBranch?: string | null;
}

export interface PublishPactResult {
  pact: PactRow;
  /** 'created' = first pact for this version and provider; 'same' = identical content again. */
  outcome: 'created' | 'same' | 'merged' | 'overwritten';
  contentChanged: boolean;
  events: string[];
}

/** Raised (as 409) when different content is published for an existing consumer version without merge. */
function conflictError(consumer: string, version: string, provider: string, diff: string): BrokerError {
  const text = `Cannot change the content of the pact for ${consumer} version ${version} and provider ${provider}, as race conditions will cause unreliable results for can-i-deploy. Each pact must be published with a unique consumer version number. Some Pact libraries generate random data when a concrete value for a type matcher is not specified, and this can cause the contract to mutate - ensure you have given example values for all type matchers. For more information see https://docs.pact.io/go/versioning`;
  return new BrokerError('conflict', text, {
    errors: { contracts: [text] },
    extra: {
      notices: [
        { type: 'error', text },
        { type: 'info', text: diff },
      ],
    },
  });
}

/** What a contract event says of the publication, whichever way it was published. */
type PublicationFacts = Omit<
  Extract<BrokerEvent, { type: 'contract_published' | 'contract_content_changed' }>,
  'type'
>;

/**
 * The events a publication raises (published; content changed when it did) and their names as the publish
 * response lists them, the first pact of an integration said as such.
 */
function publicationEvents(
  facts: PublicationFacts,
  contentChanged: boolean,
  firstOfIntegration: boolean,
): { events: BrokerEvent[]; names: string[] } {
  const events: BrokerEvent[] = [{ type: 'contract_published', ...facts }];
  const names = ['contract_published'];
  if (contentChanged) {
    events.push({ type: 'contract_content_changed', ...facts });
    names.push(
      firstOfIntegration
        ? 'contract_content_changed (first time a pact was published for this integration)'
        : 'contract_content_changed',
    );
  }
  return { events, names };
}

/** Must run inside a transaction; emits contract events through `events` in that same transaction. */
export async function publishPact(
  tx: Db,
  events: BrokerEvents,
  input: PublishPactInput,
): Promise<PublishPactResult> {
  const { consumer, provider, version, mode } = input;
  const existing = await findPublicationForUpdate(tx, version.id, provider.id);
  let doc = input.content;
  let outcome: PublishPactResult['outcome'] = 'created';
  if (existing) {
    const current = (await pactById(tx, existing.id))!;
    const currentDoc = parseKeepingNumbers(current.content) as PactDoc;
    if (mode === 'merge') {
      doc = mergePacts(currentDoc, doc);
    }
    const sameContent = canonical(normalise(currentDoc)) === canonical(normalise(doc));
    if (sameContent) outcome = 'same';
    else if (mode === 'merge') outcome = 'merged';
    else if (mode === 'overwrite') outcome = 'overwritten';
    else throw conflictError(consumer.name, version.number, provider.name, diffPacts(currentDoc, doc));
  }
  const sha = contentSha(doc);
  const stored = withInteractionIds(doc);
  const counts = countInteractions(doc);
  const pactVersion = await findOrCreatePactVersion(tx, {
    consumerId: consumer.id,
    providerId: provider.id,
    sha,
    content: stringifyKeepingNumbers(stored),
    interactions: counts.interactions,
    messages: counts.messages,
  });
  let publicationId: number;
  if (existing) {
    if (existing.pact_version_id !== pactVersion.id) await updatePublication(tx, existing.id, pactVersion.id);
    publicationId = existing.id;
  } else {
    const inserted = await insertPublication(tx, {
      consumerVersionId: version.id,
      consumerVersionOrd: version.ord,
      consumerId: consumer.id,
      providerId: provider.id,
      pactVersionId: pactVersion.id,
    });
    if (inserted === undefined) {
      // A concurrent publish for the same version and provider won the insert; retry against its row.
      return publishPact(tx, events, input);
    }
    publicationId = inserted;
  }
  const pact = (await pactById(tx, publicationId))!;
  const previous =
    outcome === 'created' ? await previousPublication(tx, provider.id, consumer.id, version.id) : undefined;
  const contentChanged =
    outcome === 'created' ? !previous || previous.pact_version_id !== pactVersion.id : outcome !== 'same';
  const [tags, branches] = await Promise.all([
    tagsOfVersion(tx, version.id),
    branchesOfVersion(tx, version.id),
  ]);
  const raised = publicationEvents(
    {
      consumer: consumer.name,
      provider: provider.name,
      consumerId: consumer.id,
      providerId: provider.id,
      consumerVersion: version.number,
      consumerVersionId: version.id,
      consumerVersionBranch:
        input.requestBranch !== undefined ? input.requestBranch : (branches.at(-1)?.name ?? null),
      consumerVersionTags: tags.map((t) => t.name),
      pactPublicationId: publicationId,
      pactVersionId: pactVersion.id,
      pactVersionSha: sha,
      buildUrl: version.build_url,
    },
    contentChanged,
    outcome === 'created' && !previous,
  );
  await events.emitAll(tx, raised.events);
  return { pact, outcome, contentChanged, events: raised.names };
}

/** A contract of a publish with the work that needs no database done: its SHA, stored text and counts. */
export interface PreparedContract {
  providerName: string;
  content: PactDoc;
  mode: ConflictMode;
  sha: string;
  stored: string;
  interactions: number;
  messages: number;
}

/**
 * Hashes and serialises the contracts of a publish before its transaction opens (so no lock is held meanwhile),
 * giving other requests a turn every few milliseconds.
 */
export async function prepareContracts(
  contracts: Array<{ providerName: string; content: PactDoc; mode: ConflictMode }>,
): Promise<PreparedContract[]> {
  const checkpoint = turns();
  const out: PreparedContract[] = [];
  for (const c of contracts) {
    await checkpoint();
    const counts = countInteractions(c.content);
    out.push({
      ...c,
      sha: contentSha(c.content),
      stored: stringifyKeepingNumbers(withInteractionIds(c.content)),
      interactions: counts.interactions,
      messages: counts.messages,
    });
  }
  return out;
}

/** Rows per statement: small enough that PGlite, which runs in this thread, answers other requests between them. */
const CHUNK = 100;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * publishPact for every contract of one consumer version, set-based: a fixed number of statements per 100
 * contracts instead of a dozen per contract. Contracts whose publication already exists (a re-publish: compare,
 * merge or conflict) and any that lose an insert race go through publishPact one by one. Results in provider name
 * order; must run inside a transaction.
 */
export async function publishPacts(
  tx: Db,
  events: BrokerEvents,
  input: {
    consumer: PacticipantRow;
    version: VersionRow;
    contracts: PreparedContract[];
    requestBranch: string | null;
    /** The version's tags when the caller knows them (it created the version in this transaction). */
    newVersionTags?: string[] | undefined;
    /** Pacticipants the caller already read, by name; the providers among them are not looked up again. */
    pacticipants?: Map<string, PacticipantRow> | undefined;
  },
): Promise<Array<{ providerName: string; result: PublishPactResult }>> {
  const { consumer, version, newVersionTags } = input;
  const ordered = [...input.contracts].sort((a, b) =>
    a.providerName < b.providerName ? -1 : a.providerName > b.providerName ? 1 : 0,
  );
  const names = ordered.map((c) => c.providerName);
  const providers =
    input.pacticipants && names.every((n) => input.pacticipants!.has(n))
      ? input.pacticipants
      : await findOrCreatePacticipants(tx, names);
  const providerOf = (c: PreparedContract) => providers.get(c.providerName)!;
  // A version created by this transaction has no publications yet.
  const existing = new Set(
    newVersionTags
      ? []
      : (
          await publicationsOfVersionForUpdate(
            tx,
            version.id,
            ordered.map((c) => providerOf(c).id),
          )
        ).map((r) => r.provider_id),
  );
  const results = new Map<PreparedContract, PublishPactResult>();
  // A provider named twice in one body: its first contract is new, the second a re-publish of it.
  const seen = new Set<number>();
  const oneByOne: PreparedContract[] = [];
  const fresh: PreparedContract[] = [];
  for (const c of ordered) {
    const id = providerOf(c).id;
    if (existing.has(id) || seen.has(id)) oneByOne.push(c);
    else fresh.push(c);
    seen.add(id);
  }
  const created: Array<{
    contract: PreparedContract;
    publication: { id: number; updated_at: Date; revision: number; previous_pact_version_id: number | null };
    pactVersionId: number;
  }> = [];
  // Sent with the first content upsert below, so its answer is in when the events are emitted.
  const mayFire = fresh.length ? events.contractWebhooksMayFire(tx, [consumer.id]) : undefined;
  // A rejection surfaces where it is awaited (emitAll); until then it must not count as unhandled.
  mayFire?.catch(() => {});
  for (const part of chunks(fresh)) {
    const pactVersions = await findOrCreatePactVersions(
      tx,
      consumer.id,
      part.map((c) => ({
        providerId: providerOf(c).id,
        sha: c.sha,
        content: c.stored,
        interactions: c.interactions,
        messages: c.messages,
      })),
    );
    const pactVersionOf = (c: PreparedContract) => pactVersions.get(`${providerOf(c).id}:${c.sha}`)!;
    const inserted = await insertPublications(
      tx,
      { id: version.id, ord: version.ord, consumerId: consumer.id },
      part.map((c) => ({ providerId: providerOf(c).id, pactVersionId: pactVersionOf(c) })),
    );
    for (const c of part) {
      const publication = inserted.get(providerOf(c).id);
      // A concurrent publish for the same version and provider won the insert; publishPact handles its row.
      if (publication === undefined) oneByOne.push(c);
      else created.push({ contract: c, publication, pactVersionId: pactVersionOf(c) });
    }
  }
  if (created.length) {
    const tags = newVersionTags ?? (await tagsOfVersion(tx, version.id)).map((t) => t.name);
    const toEmit: BrokerEvent[] = [];
    for (const { contract, publication, pactVersionId } of created) {
      const publicationId = publication.id;
      const provider = providerOf(contract);
      const before = publication.previous_pact_version_id;
      const contentChanged = before === null || before !== pactVersionId;
      const raised = publicationEvents(
        {
          consumer: consumer.name,
          provider: provider.name,
          consumerId: consumer.id,
          providerId: provider.id,
          consumerVersion: version.number,
          consumerVersionId: version.id,
          consumerVersionBranch: input.requestBranch,
          consumerVersionTags: tags,
          pactPublicationId: publicationId,
          pactVersionId,
          pactVersionSha: contract.sha,
          buildUrl: version.build_url,
        },
        contentChanged,
        before === null,
      );
      toEmit.push(...raised.events);
      // The row as PACT_LIST_SELECT would read it, from what this transaction just wrote.
      const pact: PactRow = {
        publication_id: publicationId,
        consumer_id: consumer.id,
        consumer_name: consumer.name,
        provider_id: provider.id,
        provider_name: provider.name,
        consumer_version_id: version.id,
        consumer_version_number: version.number,
        consumer_version_ord: version.ord,
        pact_version_id: pactVersionId,
        sha: contract.sha,
        content: '',
        created_at: publication.updated_at,
        revision: publication.revision,
      };
      results.set(contract, {
        pact,
        outcome: 'created',
        contentChanged,
        events: raised.names,
      });
    }
    await events.emitAll(tx, toEmit, mayFire);
  }
  for (const c of oneByOne) {
    results.set(
      c,
      await publishPact(tx, events, {
        consumer,
        provider: providerOf(c),
        version,
        content: c.content,
        mode: c.mode,
        requestBranch: input.requestBranch,
      }),
    );
  }
  return ordered.map((c) => ({ providerName: c.providerName, result: results.get(c)! }));
}
