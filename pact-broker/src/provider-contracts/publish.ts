// Publishing a provider contract for a provider version: comparisons with the consumer pacts computed first,
// then one transaction writes the version (branch, tags, build URL), the document by SHA, the publication, the
// self-verification and the comparison results — so the response reports a committed state.

import type { ComparisonResult } from '@accord/cross-contract';
import { COMPARATOR_VERSION } from '@accord/cross-contract';
import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import { findOrCreatePacticipant, type PacticipantRow } from '../pacticipants/queries.js';
import {
  addTag,
  addVersionToBranch,
  findOrCreateVersion,
  findVersion,
  setBuildUrl,
  type VersionRow,
} from '../versions/queries.js';
import type { PublishProviderContractInput } from './bodies.js';
import { comparePactContent, rememberContract, toStored } from './compare.js';
import {
  type ConsumerPactRow,
  contractVersionBySha,
  findOrCreateContractVersion,
  insertComparisons,
  insertPublication,
  insertSelfVerification,
  pactContents,
  pactsToCompareWithContract,
  publicationForUpdate,
  storedComparisons,
  updatePublication,
} from './queries.js';

export interface ComparedPact {
  pact: ConsumerPactRow;
  success: boolean;
  errors: number;
}

export interface PublishProviderContractResult {
  provider: PacticipantRow;
  version: VersionRow;
  versionExisted: boolean;
  /** 'created' a publication, the 'same' document again, or 'replaced' (operator allows content changes). */
  outcome: 'created' | 'same' | 'replaced';
  compared: ComparedPact[];
}

function conflict(provider: string, version: string): BrokerError {
  const text = `Cannot change the content of the provider contract for ${provider} version ${version}, as race conditions will cause unreliable results for can-i-deploy. Each provider contract must be published with a unique provider version number. For more information see https://docs.pact.io/go/versioning`;
  return new BrokerError('conflict', text, {
    errors: { contract: [text] },
    extra: { notices: [{ type: 'error', text }] },
  });
}

/** Comparisons the new document needs (pacts of the provider that have none yet with this content). */
async function comparisonsToMake(
  db: Db,
  providerName: string,
  input: PublishProviderContractInput,
): Promise<{ pacts: ConsumerPactRow[]; results: Map<number, ComparisonResult> }> {
  const provider = await db.query<{ id: number }>('SELECT id FROM pacticipants WHERE name = $1', [
    providerName,
  ]);
  const providerId = provider.rows[0]?.id;
  if (providerId === undefined) return { pacts: [], results: new Map() };
  const pacts = await pactsToCompareWithContract(db, providerId);
  const existing = await contractVersionBySha(db, providerId, input.contract.sha);
  const done = new Set(
    existing
      ? (
          await storedComparisons(
            db,
            pacts.map((p) => ({ pactVersionId: p.pact_version_id, contractVersionId: existing.id })),
            COMPARATOR_VERSION,
          )
        ).map((r) => r.pact_version_id)
      : [],
  );
  const todo = [...new Set(pacts.map((p) => p.pact_version_id))].filter((id) => !done.has(id));
  const contents = await pactContents(db, todo);
  const results = new Map<number, ComparisonResult>();
  for (const c of contents) results.set(c.id, comparePactContent(c.content, input.contract.loaded));
  return { pacts, results };
}

export async function publishProviderContract(
  db: Db,
  options: { providerName: string; input: PublishProviderContractInput; allowContentChange: boolean },
): Promise<PublishProviderContractResult> {
  const { providerName, input } = options;
  rememberContract(input.contract.sha, input.contract.loaded);
  const planned = await comparisonsToMake(db, providerName, input);
  return db.transaction(async (tx) => {
    const provider = (await findOrCreatePacticipant(tx, providerName)).row;
    const existed = await findVersion(tx, provider.id, input.versionNumber);
    const created = (await findOrCreateVersion(tx, provider.id, input.versionNumber)).row;
    if (input.buildUrl !== undefined) await setBuildUrl(tx, created.id, input.buildUrl);
    if (input.branch) await addVersionToBranch(tx, provider.id, input.branch, created);
    for (const t of input.tags) await addTag(tx, created, t);
    const version = await findVersion(tx, provider.id, input.versionNumber);
    if (!version)
      throw BrokerError.concurrentWrite('pacticipantVersionNumber', 'was deleted by a concurrent request');

    const content = await findOrCreateContractVersion(tx, {
      provider_id: provider.id,
      sha: input.contract.sha,
      content: input.contract.text,
      content_type: input.contract.contentType,
      specification: input.contract.specification,
      specification_version: input.contract.loaded.specificationVersion,
    });
    let outcome: PublishProviderContractResult['outcome'] = 'created';
    let publicationId = await insertPublication(tx, {
      providerId: provider.id,
      providerVersionId: version.id,
      contractVersionId: content.id,
      buildUrl: input.buildUrl ?? null,
    });
    if (publicationId === undefined) {
      // The version has a publication (possibly from a concurrent request that just committed): same or not.
      // None left means a concurrent delete removed it (with its version) after the insert saw it.
      const current = await publicationForUpdate(tx, version.id);
      if (!current)
        throw BrokerError.concurrentWrite('pacticipantVersionNumber', 'was deleted by a concurrent request');
      publicationId = current.id;
      if (current.provider_contract_version_id === content.id) outcome = 'same';
      else if (options.allowContentChange) outcome = 'replaced';
      else throw conflict(provider.name, version.number);
      await updatePublication(tx, current.id, { contractVersionId: content.id, buildUrl: input.buildUrl });
    }
    const self = input.selfVerification;
    if (self) {
      await insertSelfVerification(tx, publicationId, {
        success: self.success,
        content: self.content,
        content_base64: self.contentBase64,
        content_type: self.contentType,
        format: self.format,
        verifier: self.verifier,
        verifier_version: self.verifierVersion,
        build_url: input.buildUrl ?? null,
      });
    }
    await insertComparisons(
      tx,
      [...planned.results].map(([pactVersionId, result]) => toStored(pactVersionId, content.id, result)),
    );
    const outcomes = new Map(
      (
        await storedComparisons(
          tx,
          planned.pacts.map((p) => ({ pactVersionId: p.pact_version_id, contractVersionId: content.id })),
          COMPARATOR_VERSION,
        )
      ).map((r) => [r.pact_version_id, r]),
    );
    const compared = planned.pacts.flatMap((pact) => {
      const r = outcomes.get(pact.pact_version_id);
      return r ? [{ pact, success: r.success, errors: r.error_count }] : [];
    });
    return { provider, version, versionExisted: Boolean(existed), outcome, compared };
  });
}
