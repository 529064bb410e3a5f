// Publishing one pact for a consumer version: content stored once per SHA, conflict rules, merge, domain events.

import type { Db } from '../db/db.js';
import type { BrokerEvents } from '../deps.js';
import { BrokerError } from '../errors.js';
import type { PacticipantRow } from '../pacticipants/queries.js';
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
import {
  findOrCreatePactVersion,
  findPublicationForUpdate,
  insertPublication,
  type PactRow,
  pactById,
  previousPublication,
  updatePublication,
} from './queries.js';

export type ConflictMode = 'reject' | 'merge' | 'overwrite';

export interface PublishPactInput {
  consumer: PacticipantRow;
  provider: PacticipantRow;
  version: VersionRow;
  content: PactDoc;
  mode: ConflictMode;
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
    const currentDoc = JSON.parse(current.content) as PactDoc;
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
    content: JSON.stringify(stored),
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
  const emitted: string[] = [];
  {
    const [tags, branches] = await Promise.all([
      tagsOfVersion(tx, version.id),
      branchesOfVersion(tx, version.id),
    ]);
    const base = {
      consumer: consumer.name,
      provider: provider.name,
      consumerId: consumer.id,
      providerId: provider.id,
      consumerVersion: version.number,
      consumerVersionId: version.id,
      consumerVersionBranch: branches[0]?.name ?? null,
      consumerVersionTags: tags.map((t) => t.name),
      pactPublicationId: publicationId,
      pactVersionId: pactVersion.id,
      pactVersionSha: sha,
      buildUrl: version.build_url,
    };
    await events.emit(tx, { type: 'contract_published', ...base });
    emitted.push('contract_published');
    if (contentChanged) {
      await events.emit(tx, { type: 'contract_content_changed', ...base });
      emitted.push(
        previous || outcome !== 'created'
          ? 'contract_content_changed'
          : 'contract_content_changed (first time a pact was published for this integration)',
      );
    }
  }
  return { pact, outcome, contentChanged, events: emitted };
}
