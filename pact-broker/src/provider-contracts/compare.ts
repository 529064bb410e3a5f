// Comparisons of pact contents with provider contracts: loaded documents cached per SHA, results computed
// outside any transaction and stored per (pact content, document, comparator version), and the verdict a
// provider version's contract gives a pact (self-verification AND comparison).

import { createHash } from 'node:crypto';
import {
  COMPARATOR_VERSION,
  type ComparisonResult,
  compareWithOpenApi,
  loadOpenApiContract,
  type Mismatch,
  type OpenApiContract,
} from '@accord/cross-contract';
import type { Db } from '../db/db.js';
import { canonical } from '../pact/content.js';
import {
  contractsToCompareWithPact,
  contractVersionById,
  insertComparisons,
  latestSelfVerifications,
  type PublicationRow,
  pactContents,
  publicationsOfVersions,
  type SelfVerificationRow,
  type StoredComparison,
  storedComparisons,
} from './queries.js';
import { pairPath } from './urls.js';

/** Comparisons computed inside one request at most; beyond, rows stay unknown (and the log says how many). */
const MAX_COMPARISONS_PER_REQUEST = 500;

/** The SHA of a document: over its canonical JSON, so YAML and JSON spellings of one document are one content. */
export function documentSha(document: unknown): string {
  return createHash('sha1').update(canonical(document)).digest('hex');
}

const CACHE_SIZE = 16;
const loaded = new Map<string, OpenApiContract>();

/** Remembers a loaded document (least recently used ones are dropped): loading compiles every schema. */
export function rememberContract(sha: string, contract: OpenApiContract): void {
  loaded.delete(sha);
  loaded.set(sha, contract);
  while (loaded.size > CACHE_SIZE) loaded.delete(loaded.keys().next().value!);
}

function contractFor(sha: string, content: string): OpenApiContract {
  const hit = loaded.get(sha);
  if (hit) {
    rememberContract(sha, hit);
    return hit;
  }
  const contract = loadOpenApiContract(content);
  rememberContract(sha, contract);
  return contract;
}

/** A comparison as stored: errors first, then warnings. */
export function toStored(
  pactVersionId: number,
  contractVersionId: number,
  result: ComparisonResult,
): Omit<StoredComparison, 'created_at'> {
  return {
    pact_version_id: pactVersionId,
    provider_contract_version_id: contractVersionId,
    comparator_version: result.comparatorVersion,
    success: result.success,
    error_count: result.errors.length,
    warning_count: result.warnings.length,
    interactions_compared: result.interactionsCompared,
    mismatches: [...result.errors, ...result.warnings],
  };
}

/** Compares a stored pact content (JSON text) with a loaded document. */
export function comparePactContent(content: string, contract: OpenApiContract): ComparisonResult {
  return compareWithOpenApi(JSON.parse(content), contract);
}

const pairKey = (pactVersionId: number, contractVersionId: number) => `${pactVersionId}:${contractVersionId}`;

/**
 * The comparison of every pair, computing (and storing) the missing ones: CPU work first, then one short
 * transaction of inserts. Pairs beyond MAX_COMPARISONS_PER_REQUEST stay missing and are counted in `skipped`.
 */
export async function ensureComparisons(
  db: Db,
  pairs: Array<{ pactVersionId: number; contractVersionId: number }>,
): Promise<{ results: Map<string, StoredComparison>; skipped: number }> {
  const unique = [...new Map(pairs.map((p) => [pairKey(p.pactVersionId, p.contractVersionId), p])).values()];
  const results = new Map<string, StoredComparison>();
  for (const r of await storedComparisons(db, unique, COMPARATOR_VERSION)) {
    results.set(pairKey(r.pact_version_id, r.provider_contract_version_id), r);
  }
  const missing = unique.filter((p) => !results.has(pairKey(p.pactVersionId, p.contractVersionId)));
  const todo = missing.slice(0, MAX_COMPARISONS_PER_REQUEST);
  if (todo.length === 0) return { results, skipped: missing.length };
  const pacts = new Map(
    (await pactContents(db, [...new Set(todo.map((p) => p.pactVersionId))])).map((p) => [p.id, p.content]),
  );
  const contracts = new Map<number, OpenApiContract>();
  for (const id of new Set(todo.map((p) => p.contractVersionId))) {
    const row = await contractVersionById(db, id);
    if (row) contracts.set(id, contractFor(row.sha, row.content));
  }
  const computed: Array<Omit<StoredComparison, 'created_at'>> = [];
  for (const p of todo) {
    const content = pacts.get(p.pactVersionId);
    const contract = contracts.get(p.contractVersionId);
    if (content === undefined || contract === undefined) continue;
    computed.push(toStored(p.pactVersionId, p.contractVersionId, comparePactContent(content, contract)));
  }
  await db.transaction((tx) => insertComparisons(tx, computed));
  const now = new Date();
  for (const c of computed)
    results.set(pairKey(c.pact_version_id, c.provider_contract_version_id), { ...c, created_at: now });
  return { results, skipped: missing.length - todo.length };
}

export function comparisonOf(
  results: Map<string, StoredComparison>,
  pactVersionId: number,
  contractVersionId: number,
): StoredComparison | undefined {
  return results.get(pairKey(pactVersionId, contractVersionId));
}

export type CrossContractCause =
  | 'self-verification-missing'
  | 'self-verification-failed'
  | 'comparison-failed';

/** A mismatch as the matrix quotes it. */
export type MismatchSummary = Pick<Mismatch, 'code' | 'message'> & {
  description: string;
  method: string | undefined;
  template: string | undefined;
  pactPointer: string;
  contractPointer: string;
};

/**
 * A provider contract's verdict on a pact content, in the place of a pact verification in the matrix: success
 * only when the provider's self-verification succeeded and the pact fits the document.
 */
export interface CrossContractVerification {
  kind: 'BDCT';
  success: boolean;
  /** The later of the comparison and the self-verification. */
  execution_date: Date;
  provider_version_id: number;
  causes: CrossContractCause[];
  errorCount: number;
  firstErrors: MismatchSummary[];
  verifier: string | null;
  providerVersionNumber: string;
}

export function isCrossContract(v: unknown): v is CrossContractVerification {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'BDCT';
}

function summariseMismatch(m: Mismatch): MismatchSummary {
  return {
    code: m.code,
    message: m.message,
    description: m.interaction.description,
    method: m.interaction.method,
    template: m.contract.operation?.path,
    pactPointer: m.pact.pointer,
    contractPointer: m.contract.pointer,
  };
}

export function verdictOf(
  publication: Pick<PublicationRow, 'provider_version_id' | 'provider_version_number' | 'created_at'>,
  self: SelfVerificationRow | undefined,
  comparison: StoredComparison,
): CrossContractVerification {
  const causes: CrossContractCause[] = [];
  if (!self) causes.push('self-verification-missing');
  else if (!self.success) causes.push('self-verification-failed');
  if (!comparison.success) causes.push('comparison-failed');
  const errors = (comparison.mismatches as Mismatch[]).filter((m) => m.type === 'error');
  const selfAt = self?.created_at ?? publication.created_at;
  return {
    kind: 'BDCT',
    success: causes.length === 0,
    execution_date: new Date(Math.max(comparison.created_at.getTime(), selfAt.getTime())),
    provider_version_id: publication.provider_version_id,
    causes,
    errorCount: comparison.error_count,
    firstErrors: errors.slice(0, 3).map(summariseMismatch),
    verifier: self?.verifier ?? null,
    providerVersionNumber: publication.provider_version_number,
  };
}

/** Why a provider contract does not let a pact through, as the matrix's reason texts append it. */
export function crossContractCauseText(v: CrossContractVerification): string {
  const parts: string[] = [];
  if (v.causes.includes('self-verification-missing')) {
    parts.push(
      `no self-verification results were published with the provider contract of version ${v.providerVersionNumber}`,
    );
  }
  if (v.causes.includes('self-verification-failed')) {
    parts.push(
      `the provider contract's self-verification failed${v.verifier ? ` (verifier ${v.verifier})` : ''}`,
    );
  }
  if (v.causes.includes('comparison-failed')) {
    const listed = v.firstErrors
      .map(
        (e) =>
          `interaction "${e.description}"${e.method && e.template ? ` (${e.method} ${e.template})` : ''} ${e.code} at pact ${e.pactPointer}, contract ${e.contractPointer || '/'}: ${e.message}`,
      )
      .join('; ');
    const more =
      v.errorCount > v.firstErrors.length ? `; and ${v.errorCount - v.firstErrors.length} more` : '';
    parts.push(
      `the pact does not fit the provider contract (${v.errorCount} error${v.errorCount === 1 ? '' : 's'}): ${listed}${more}`,
    );
  }
  return parts.join('; ');
}

/**
 * Verdicts of the provider contracts of these provider versions on these pact contents (computing missing
 * comparisons); a slot whose provider version has no contract is absent.
 */
export async function crossContractVerifications(
  db: Db,
  slots: Array<{ pactVersionId: number; providerVersionId: number }>,
): Promise<{ verdicts: Map<string, CrossContractVerification>; skipped: number }> {
  const verdicts = new Map<string, CrossContractVerification>();
  if (slots.length === 0) return { verdicts, skipped: 0 };
  const publications = await publicationsOfVersions(db, [...new Set(slots.map((s) => s.providerVersionId))]);
  if (publications.size === 0) return { verdicts, skipped: 0 };
  const withContract = slots.filter((s) => publications.has(s.providerVersionId));
  const [self, { results, skipped }] = await Promise.all([
    latestSelfVerifications(
      db,
      [...publications.values()].map((p) => p.id),
    ),
    ensureComparisons(
      db,
      withContract.map((s) => ({
        pactVersionId: s.pactVersionId,
        contractVersionId: publications.get(s.providerVersionId)!.contract_version_id,
      })),
    ),
  ]);
  for (const s of withContract) {
    const publication = publications.get(s.providerVersionId)!;
    const comparison = comparisonOf(results, s.pactVersionId, publication.contract_version_id);
    if (!comparison) continue;
    verdicts.set(
      `${s.pactVersionId}:${s.providerVersionId}`,
      verdictOf(publication, self.get(publication.id), comparison),
    );
  }
  return { verdicts, skipped };
}

/** What a pact publication needs to be compared with its provider's contracts. */
export interface NewPact {
  providerId: number;
  providerName: string;
  consumerName: string;
  consumerVersionId: number;
  consumerVersionNumber: string;
  pactVersionId: number;
}

export interface PactComparisonNotice {
  type: 'info' | 'warning';
  text: string;
}

/**
 * Compares a just-published pact with the provider contracts that matter to it (the provider's main-branch head,
 * the head of the consumer's branch, the latest, and every version deployed or released) and stores the results,
 * so the matrix answers at once. One notice per provider version compared, for the publish response.
 */
export async function compareNewPact(
  db: Db,
  pact: NewPact,
  links: { url(p: string): string },
): Promise<PactComparisonNotice[]> {
  // Runs after the publish committed: a failure here must not turn a stored pact into an error response. The
  // matrix computes any missing comparison on demand, so a failed one is only deferred.
  try {
    return await comparisonNotices(db, pact, links);
  } catch (err) {
    return [
      {
        type: 'warning',
        text: `  The comparison with ${pact.providerName}'s provider contracts could not run now (${(err as Error).message}); can-i-deploy computes it when asked`,
      },
    ];
  }
}

async function comparisonNotices(
  db: Db,
  pact: NewPact,
  links: { url(p: string): string },
): Promise<PactComparisonNotice[]> {
  const targets = await contractsToCompareWithPact(db, pact.providerId, pact.consumerVersionId);
  if (targets.length === 0) return [];
  const { results } = await ensureComparisons(
    db,
    targets.map((t) => ({ pactVersionId: pact.pactVersionId, contractVersionId: t.contract_version_id })),
  );
  const self = await latestSelfVerifications(
    db,
    targets.map((t) => t.publication_id),
  );
  return targets.flatMap((t): PactComparisonNotice[] => {
    const comparison = comparisonOf(results, pact.pactVersionId, t.contract_version_id);
    if (!comparison) return [];
    const verification = self.get(t.publication_id);
    const where = `${pact.providerName} version ${t.provider_version_number} (${t.why})`;
    const url = links.url(
      pairPath(pact.providerName, t.provider_version_number, pact.consumerName, pact.consumerVersionNumber),
    );
    if (!comparison.success) {
      return [
        {
          type: 'warning',
          text: `  Compared with the provider contract of ${where}: incompatible (${comparison.error_count} error${comparison.error_count === 1 ? '' : 's'}) - ${url}`,
        },
      ];
    }
    const selfNote = !verification
      ? ', but it has no self-verification results'
      : !verification.success
        ? ', but its self-verification failed'
        : '';
    return [
      {
        type: selfNote ? 'warning' : 'info',
        text: `  Compared with the provider contract of ${where}: compatible${selfNote} - ${url}`,
      },
    ];
  });
}
