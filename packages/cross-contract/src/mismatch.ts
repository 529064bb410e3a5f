// Mismatch codes (openapi-pact-comparator's, plus two of ours), their severities, and the mismatch shape.

export const MISMATCH_CODES = {
  'request.path-or-method.unknown': 'error',
  'request.authorization.missing': 'error',
  'request.accept.incompatible': 'error',
  'request.accept.unknown': 'warning',
  'request.content-type.incompatible': 'error',
  'request.content-type.unknown': 'warning',
  'request.content-type.missing': 'warning',
  'request.header.incompatible': 'error',
  'request.header.unknown': 'warning',
  'request.query.incompatible': 'error',
  'request.query.unknown': 'warning',
  'request.body.incompatible': 'error',
  'request.body.unknown': 'warning',
  'request.body.unvalidatable': 'warning',
  'response.status.unknown': 'error',
  'response.status.default': 'warning',
  'response.content-type.incompatible': 'error',
  'response.content-type.unknown': 'warning',
  'response.header.incompatible': 'error',
  'response.header.undefined': 'warning',
  'response.header.unknown': 'error',
  'response.body.unknown': 'error',
  'response.body.unvalidatable': 'warning',
  'response.body.incompatible': 'error',
  'message.spec.missing': 'error',
  'interaction.malformed': 'error',
} as const satisfies Record<string, Severity>;

export type Severity = 'error' | 'warning';
export type MismatchCode = keyof typeof MISMATCH_CODES;

/** The interaction a mismatch is about, identified independently of its index. */
export interface InteractionRef {
  /** Index in the pact's `interactions` (or `messages`) array. */
  index: number;
  /** Pact v4 `_id` / `key`, when present. */
  id?: string;
  key?: string;
  description: string;
  providerStates: string[];
  method?: string;
  path?: string;
}

/** The operation of the document an interaction was matched to. */
export interface OperationRef {
  method: string;
  /** The `paths` key. */
  path: string;
  /** `/paths/~1orders~1{id}/get` (or the Swagger 2 / path-item position it came from). */
  pointer: string;
  /** Entry point of the response schema, when a response was chosen. */
  response?: string;
  /** The prefix stripped from the pact's path before matching (`""`, `/v1`, …). */
  basePath: string;
}

export interface Mismatch {
  code: MismatchCode;
  type: Severity;
  message: string;
  interaction: InteractionRef;
  pact: { pointer: string; value?: unknown };
  contract: {
    pointer: string;
    /** The JSON Schema keyword that failed, for schema mismatches. */
    keyword?: string;
    /** True when the keyword is not written in the document but applied by the comparator (closed responses). */
    injected?: boolean;
    operation?: OperationRef;
    value?: unknown;
  };
}

/** Values quoted in mismatches are cut to this many characters of JSON. */
export const VALUE_LIMIT = 2048;

/** `value` itself when its JSON is short, else the start of its JSON text followed by "…". */
export function excerpt(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (text === undefined || text.length <= VALUE_LIMIT) return value;
  return `${text.slice(0, VALUE_LIMIT)}…`;
}
