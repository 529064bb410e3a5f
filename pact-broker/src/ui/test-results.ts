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

/** The result for an interaction: by its `_id` (or V4 `key`), else by its description. */
export function resultFor(results: InteractionResult[], i: Json): InteractionResult | undefined {
  const ids = [i._id, i.key, i.id].filter((x) => typeof x === 'string');
  return (
    results.find((r) => r.interactionId !== undefined && ids.includes(r.interactionId)) ??
    results.find((r) => r.description !== undefined && r.description === i.description)
  );
}
