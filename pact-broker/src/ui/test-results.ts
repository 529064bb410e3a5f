// Reads a verification's test results (as the Rust verifier in pact-js and the CLI publish them, or the older
// Ruby `tests` form) into per-interaction outcomes with their mismatches.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

export interface Mismatch {
  /** Where: a body path, a header or query name, or the kind of mismatch (status, method…). */
  path: string;
  description: string;
  expected?: string | undefined;
  actual?: string | undefined;
}

export interface InteractionResult {
  interactionId?: string | undefined;
  description?: string | undefined;
  success: boolean;
  mismatches: Mismatch[];
}

const text = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);

function mismatch(m: unknown): Mismatch {
  if (!isObject(m)) return { path: '', description: String(m) };
  const type = text(m.type) ?? text(m.attribute) ?? '';
  return {
    path: text(m.path) ?? text(m.key) ?? text(m.parameter) ?? text(m.identifier) ?? type,
    description: text(m.mismatch) ?? text(m.description) ?? text(m.message) ?? type,
    expected: text(m.expected),
    actual: text(m.actual),
  };
}

export function interactionResults(testResults: unknown): InteractionResult[] {
  const list = Array.isArray(testResults)
    ? testResults
    : isObject(testResults)
      ? ((Array.isArray(testResults.testResults) ? testResults.testResults : testResults.tests) ?? [])
      : [];
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((e) => ({
    interactionId: text(e.interactionId),
    description: text(e.interactionDescription) ?? text(e.testDescription) ?? text(e.description),
    success: typeof e.success === 'boolean' ? e.success : e.status === 'passed',
    mismatches: Array.isArray(e.mismatches) ? e.mismatches.map(mismatch) : [],
  }));
}

/** An interaction's ids a result may name: its `_id`, V4 `key` or `id`. */
export const interactionIds = (i: Json): string[] =>
  [i._id, i.key, i.id].filter((x): x is string => typeof x === 'string');

/** The first position of each key in a list (a lookup built once, not a scan per question). */
function firstPositions<T>(list: T[], keysOf: (item: T) => Array<string | undefined>): Map<string, number> {
  const positions = new Map<string, number>();
  list.forEach((item, n) => {
    for (const k of keysOf(item)) if (k !== undefined && !positions.has(k)) positions.set(k, n);
  });
  return positions;
}

/**
 * The result for an interaction, built once for all of a pact's interactions: the first result naming one of its
 * ids, else the first with its description. A scan per interaction took seconds for thousands of each, and held
 * every other request meanwhile.
 */
export function resultLookup(results: InteractionResult[]): (i: Json) => InteractionResult | undefined {
  const byId = firstPositions(results, (r) => [r.interactionId]);
  const byDescription = firstPositions(results, (r) => [r.description]);
  return (i) => {
    const named = interactionIds(i).flatMap((id) => byId.get(id) ?? []);
    if (named.length) return results[Math.min(...named)];
    const n = typeof i.description === 'string' ? byDescription.get(i.description) : undefined;
    return n === undefined ? undefined : results[n];
  };
}

/** The result for one interaction (see `resultLookup`, for many). */
export function resultFor(results: InteractionResult[], i: Json): InteractionResult | undefined {
  return resultLookup(results)(i);
}

/** The interaction each result is for: the first one the result names by id or by description. */
export function interactionLookup(interactions: Json[]): (r: InteractionResult) => Json | undefined {
  const byId = firstPositions(interactions, interactionIds);
  const byDescription = firstPositions(interactions, (i) => [
    typeof i.description === 'string' ? i.description : undefined,
  ]);
  return (r) => {
    const positions = [
      r.interactionId === undefined ? undefined : byId.get(r.interactionId),
      r.description === undefined ? undefined : byDescription.get(r.description),
    ].filter((n): n is number => n !== undefined);
    return positions.length ? interactions[Math.min(...positions)] : undefined;
  };
}
