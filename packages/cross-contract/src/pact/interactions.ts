// Reads a pact (specification v1 to v4) into the interactions the comparator judges: HTTP interactions with
// their headers, query and bodies located by JSON Pointer, message interactions, and malformed ones.
import { CrossContractError } from '../errors.js';
import type { InteractionRef } from '../mismatch.js';
import { child, escapeToken } from '../pointer.js';
import { MatchingRules } from './matching-rules.js';

export interface PactHeader {
  /** As spelled in the pact. */
  name: string;
  /** Multiple values joined with ", ". */
  value: string;
  pointer: string;
}

export interface PactQueryParameter {
  name: string;
  values: string[];
  pointer: string;
}

export interface PactBody {
  value: unknown;
  /** Where `value` sits in the pact: `…/body` (v1-v3) or `…/body/content` (v4). */
  pointer: string;
  /** v4 `body.contentType`. */
  contentType?: string;
}

interface PactHttpMessage {
  /** Keyed by lower-cased name. */
  headers: Map<string, PactHeader>;
  headersPointer: string;
  body: PactBody | undefined;
}

export interface PactRequest extends PactHttpMessage {
  method: string;
  path: string;
  query: Map<string, PactQueryParameter>;
  queryPointer: string;
}

export interface PactResponse extends PactHttpMessage {
  status: number;
  bodyRules: MatchingRules;
  headerRules: MatchingRules;
}

export type PactInteraction =
  | { kind: 'http'; ref: InteractionRef; pointer: string; request: PactRequest; response: PactResponse }
  | { kind: 'message'; ref: InteractionRef; pointer: string; type: string }
  | { kind: 'malformed'; ref: InteractionRef; pointer: string; problem: string };

export interface ParsedPact {
  specification: string;
  interactions: PactInteraction[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function specificationOf(pact: Json): string {
  const metadata = isObject(pact.metadata) ? pact.metadata : {};
  const candidates = [
    isObject(metadata.pactSpecification) ? metadata.pactSpecification.version : undefined,
    metadata.pactSpecificationVersion,
    isObject(metadata['pact-specification']) ? metadata['pact-specification'].version : undefined,
  ];
  const found = candidates.find((c) => typeof c === 'string');
  return typeof found === 'string' ? found : '2.0.0';
}

function refOf(interaction: Json, index: number): InteractionRef {
  const states = Array.isArray(interaction.providerStates)
    ? interaction.providerStates
        .map((s) => (isObject(s) && typeof s.name === 'string' ? s.name : undefined))
        .filter((s): s is string => s !== undefined)
    : typeof interaction.providerState === 'string'
      ? [interaction.providerState]
      : [];
  return {
    index,
    ...(typeof interaction._id === 'string' ? { id: interaction._id } : {}),
    ...(typeof interaction.key === 'string' ? { key: interaction.key } : {}),
    description:
      typeof interaction.description === 'string' ? interaction.description : `interaction ${index}`,
    providerStates: states,
  };
}

function headersOf(raw: unknown, base: string): Map<string, PactHeader> {
  const out = new Map<string, PactHeader>();
  if (!isObject(raw)) return out;
  for (const [name, value] of Object.entries(raw)) {
    const values = Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
    out.set(name.toLowerCase(), { name, value: values.join(', '), pointer: child(base, name) });
  }
  return out;
}

function queryOf(raw: unknown, base: string): Map<string, PactQueryParameter> {
  const out = new Map<string, PactQueryParameter>();
  if (typeof raw === 'string') {
    // v2: one string; every parameter points at it.
    for (const [name, value] of new URLSearchParams(raw)) {
      const existing = out.get(name);
      if (existing) existing.values.push(value);
      else out.set(name, { name, values: [value], pointer: base });
    }
  } else if (isObject(raw)) {
    for (const [name, value] of Object.entries(raw)) {
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      out.set(name, { name, values, pointer: child(base, name) });
    }
  }
  return out;
}

/** A v4 body `{content, contentType, encoded}`, decoded; a v1-v3 body as it is. `""` and absent are no body. */
function bodyOf(message: Json, base: string, v4: boolean): PactBody | undefined {
  if (!Object.hasOwn(message, 'body') || message.body === undefined || message.body === null)
    return undefined;
  const raw = message.body;
  if (v4 && isObject(raw) && 'content' in raw) {
    let value: unknown = raw.content;
    const encoded = raw.encoded;
    if (typeof value === 'string' && typeof encoded === 'string') {
      if (encoded.toLowerCase() === 'json') {
        try {
          value = JSON.parse(value);
        } catch {
          // Left as text: the comparator judges what it can.
        }
      } else if (encoded.toLowerCase() === 'base64') {
        value = Buffer.from(value, 'base64').toString('utf8');
      }
    }
    if (value === '' || value === undefined || value === null) return undefined;
    return {
      value,
      pointer: `${base}/content`,
      ...(typeof raw.contentType === 'string' ? { contentType: raw.contentType } : {}),
    };
  }
  if (raw === '') return undefined;
  return { value: raw, pointer: base };
}

function httpInteraction(interaction: Json, index: number, base: string, v4: boolean): PactInteraction {
  const ref = refOf(interaction, index);
  const request = interaction.request;
  const response = interaction.response;
  const missing: string[] = [];
  if (!isObject(request)) missing.push('no request');
  else {
    if (typeof request.method !== 'string' || request.method === '') missing.push('no request.method');
    if (typeof request.path !== 'string') missing.push('no request.path');
  }
  if (!isObject(response)) missing.push('no response');
  else if (typeof response.status !== 'number' || !Number.isInteger(response.status))
    missing.push('no integer response.status');
  if (missing.length > 0 || !isObject(request) || !isObject(response)) {
    return { kind: 'malformed', ref, pointer: base, problem: missing.join(', ') };
  }
  const method = (request.method as string).toUpperCase();
  const rawPath = request.path as string;
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  return {
    kind: 'http',
    ref: { ...ref, method, path },
    pointer: base,
    request: {
      method,
      path,
      query: queryOf(request.query, `${base}/request/query`),
      queryPointer: `${base}/request/query`,
      headers: headersOf(request.headers, `${base}/request/headers`),
      headersPointer: `${base}/request/headers`,
      body: bodyOf(request, `${base}/request/body`, v4),
    },
    response: {
      status: response.status as number,
      headers: headersOf(response.headers, `${base}/response/headers`),
      headersPointer: `${base}/response/headers`,
      body: bodyOf(response, `${base}/response/body`, v4),
      bodyRules: MatchingRules.body(response.matchingRules),
      headerRules: MatchingRules.headers(response.matchingRules),
    },
  };
}

/** Every interaction of the pact, in stored order; throws INVALID_PACT when it has neither list. */
export function parsePact(pact: unknown): ParsedPact {
  if (!isObject(pact) || (!Array.isArray(pact.interactions) && !Array.isArray(pact.messages))) {
    throw new CrossContractError(
      'INVALID_PACT',
      'A pact must be an object with an "interactions" or "messages" array',
    );
  }
  const specification = specificationOf(pact);
  const interactions: PactInteraction[] = [];
  const list = Array.isArray(pact.interactions) ? pact.interactions : [];
  for (const [index, raw] of list.entries()) {
    const base = `/interactions/${index}`;
    if (!isObject(raw)) {
      interactions.push({
        kind: 'malformed',
        ref: { index, description: `interaction ${index}`, providerStates: [] },
        pointer: base,
        problem: 'not an object',
      });
      continue;
    }
    const type = typeof raw.type === 'string' ? raw.type : undefined;
    if (type !== undefined && type !== 'Synchronous/HTTP') {
      interactions.push({ kind: 'message', ref: refOf(raw, index), pointer: base, type });
    } else if (type === undefined && !('request' in raw) && ('contents' in raw || 'metadata' in raw)) {
      interactions.push({ kind: 'message', ref: refOf(raw, index), pointer: base, type: 'message' });
    } else {
      interactions.push(httpInteraction(raw, index, base, type !== undefined));
    }
  }
  if (Array.isArray(pact.messages)) {
    for (const [index, raw] of pact.messages.entries()) {
      const base = `/messages/${escapeToken(index)}`;
      const ref = isObject(raw)
        ? refOf(raw, index)
        : { index, description: `message ${index}`, providerStates: [] };
      interactions.push({ kind: 'message', ref, pointer: base, type: 'message' });
    }
  }
  return { specification, interactions };
}
