// Finds the integrations a matrix query involves and the selectors of their other sides: where a specified
// pacticipant is the consumer the provider is required; where it is only the provider, consumers are not (a
// provider may go where its consumer is absent, but must not break those present). The other side's versions are
// inferred from the target (environment, tag, main branch, latest).

import type { MatrixQuery, MatrixSelector } from './parse.js';
import type { InferredTarget, MatrixReads, PacticipantRef } from './queries.js';
import {
  MAX_VERSIONS_PER_SELECTOR,
  namesOf,
  type ResolvedQuery,
  type ResolvedSelector,
} from './selectors.js';

export interface Integration {
  consumer: PacticipantRef;
  provider: PacticipantRef;
  required: boolean;
}

export interface IntegrationsOfQuery {
  integrations: Integration[];
  /** The selectors of a pacticipant: its specified ones, else those inferred from the target. */
  selectorsOf(pacticipantId: number): ResolvedSelector[];
  inferred: ResolvedSelector[];
}

/**
 * Whether the other sides are inferred (a target, or one pacticipant alone): then a specified pacticipant's
 * consumers are integrations too, and every provider of a specified consumer counts, not only specified ones.
 */
export function infersOtherSides(q: MatrixQuery): boolean {
  const hasTarget = Boolean(q.latest || q.tag || q.environment || q.mainBranch);
  // Distinct names are distinct pacticipants once every one exists (else the query is a 400).
  return hasTarget || namesOf({ ...q, ignore: [] }).pacticipants.length === 1;
}

/** The versions the target stands for on the other sides (environment, tag, main branch, latest). */
export function inferredTargetOf(q: MatrixQuery): InferredTarget | undefined {
  return q.environment
    ? { kind: 'environment', environment: q.environment }
    : q.tag
      ? { kind: 'tag', tag: q.tag, limit: q.latest ? 1 : MAX_VERSIONS_PER_SELECTOR }
      : q.mainBranch
        ? { kind: 'mainBranch' }
        : q.latest
          ? { kind: 'latest' }
          : undefined;
}

export function findIntegrations(
  q: MatrixQuery,
  { byName, specified }: ResolvedQuery,
  facts: MatrixReads,
): IntegrationsOfQuery {
  const specifiedIds = new Set(specified.map((s) => s.pacticipantId));
  const infer = infersOtherSides(q);
  const bySpecified = new Map<number, ResolvedSelector[]>();
  for (const s of specified)
    bySpecified.set(s.pacticipantId, [...(bySpecified.get(s.pacticipantId) ?? []), s]);

  const integrationKeys = new Map<string, { consumerId: number; providerId: number; required: boolean }>();
  const addIntegration = (consumerId: number, providerId: number, required: boolean) => {
    if (consumerId === providerId) return;
    const key = `${consumerId}:${providerId}`;
    const existing = integrationKeys.get(key);
    if (existing) existing.required ||= required;
    else integrationKeys.set(key, { consumerId, providerId, required });
  };
  // Inferred selectors: the other side of each integration, taken from the target (environment, tag, main branch, latest).
  const target: MatrixSelector | undefined = q.environment
    ? { environment: q.environment }
    : q.tag
      ? { tag: q.tag, latest: q.latest ?? false }
      : q.mainBranch
        ? { mainBranch: true, latest: true }
        : q.latest
          ? { latest: true }
          : undefined;
  const inferredTarget = inferredTargetOf(q);
  for (const pid of bySpecified.keys()) {
    for (const prov of facts.providers.get(pid) ?? [])
      if (infer || specifiedIds.has(prov)) addIntegration(pid, prov, true);
    for (const cons of facts.consumers.get(pid) ?? []) addIntegration(cons, pid, specifiedIds.has(cons));
  }

  const otherIds = [
    ...new Set([...integrationKeys.values()].flatMap((i) => [i.consumerId, i.providerId])),
  ].filter((id) => !specifiedIds.has(id));
  const inferredHits = inferredTarget ? facts.inferred : undefined;
  const refs = new Map<number, PacticipantRef>([...byName.values()].map((p) => [p.id, p]));
  for (const p of facts.others) refs.set(p.id, p);
  const inferred = new Map<number, ResolvedSelector[]>();
  for (const id of otherIds) {
    const p = refs.get(id)!;
    const base = {
      pacticipantId: id,
      pacticipantName: p.name,
      selector: target ?? {},
      type: 'inferred' as const,
      ignore: false,
    };
    const hits = inferredHits?.get(id);
    if (!inferredHits) inferred.set(id, [{ ...base, version: undefined, oneOfMany: false }]);
    else if (!hits || hits.length === 0) inferred.set(id, [{ ...base, version: null, oneOfMany: false }]);
    else
      inferred.set(
        id,
        hits.map((v) => ({ ...base, version: v, oneOfMany: hits.length > 1 })),
      );
  }
  const selectorsOf = (id: number) => bySpecified.get(id) ?? inferred.get(id) ?? [];

  const integrations = [...integrationKeys.values()].map((i) => ({
    consumer: refs.get(i.consumerId)!,
    provider: refs.get(i.providerId)!,
    required: i.required,
  }));
  return { integrations, selectorsOf, inferred: [...inferred.values()].flat() };
}
