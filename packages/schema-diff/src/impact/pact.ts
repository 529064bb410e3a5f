// Reads a pact file of any specification version (V1–V4, HTTP and messages) into one shape: bodies with rules.
import { type BodyRule, matchersOf } from './relied.js';

export type PactSpecification = 'V1' | 'V2' | 'V3' | 'V4';

/** A body as the pact has it: the parsed example (when it is JSON) and its matching rules. */
export interface PactBody {
  /** Parsed example; undefined when there is no body or it is not JSON (see `notJson`). */
  content: unknown;
  contentType: string | undefined;
  /** Why the body cannot be read as JSON, as a predicate: `is text/plain, not JSON`. */
  notJson?: string;
  rules: BodyRule[];
}

/** What one interaction carries, in the direction the consumer sees it. */
export interface PactPart {
  /** `reads`: the consumer receives it (a response, a message); `writes`: the consumer sends it (a request). */
  role: 'reads' | 'writes';
  carrier: 'http-request' | 'http-response' | 'message';
  body: PactBody | undefined;
  /** Lower-cased header names (HTTP) or metadata keys as written (messages), values as strings where they are. */
  headers: Record<string, string>;
  metadata: Record<string, unknown>;
}

export interface PactInteraction {
  /** Position in the pact, and the description the consumer gave it. */
  index: number;
  description: string;
  kind: 'http' | 'message';
  http?: { method: string; path: string; status: number | undefined };
  parts: PactPart[];
}

export interface ReadPact {
  consumer: string | undefined;
  provider: string | undefined;
  specification: PactSpecification;
  interactions: PactInteraction[];
}

export type PactReadResult = { ok: true; pact: ReadPact } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const nameOf = (v: unknown): string | undefined =>
  isObject(v) && typeof v.name === 'string' ? v.name : undefined;

function specificationOf(doc: Record<string, unknown>): PactSpecification {
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const raw =
    (isObject(meta.pactSpecification) && meta.pactSpecification.version) ||
    (isObject(meta['pact-specification']) && meta['pact-specification'].version) ||
    meta.pactSpecificationVersion;
  const major = typeof raw === 'string' ? /^v?(\d+)/i.exec(raw)?.[1] : undefined;
  if (major === '1' || major === '2' || major === '3' || major === '4')
    return `V${major}` as PactSpecification;
  // No (or an odd) declaration: judge by shape.
  if (
    Array.isArray(doc.interactions) &&
    doc.interactions.some((i) => isObject(i) && typeof i.type === 'string')
  )
    return 'V4';
  if (Array.isArray(doc.messages)) return 'V3';
  return 'V2';
}

const isJsonType = (ct: string | undefined): boolean =>
  ct === undefined || /^application\/(?:[\w.+-]+\+)?json\b|^text\/json\b/i.test(ct.trim());

function headersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string' || typeof first === 'number') out[k.toLowerCase()] = String(first);
  }
  return out;
}

/**
 * The body rules of a part. V3/V4 keep them in categories (`{ body: { "$.a": { matchers } } }`, `content` for
 * some message writers); V2 keeps flat keys (`{ "$.body.a": {...} }`, `$.contents.a` for messages).
 */
function bodyRules(raw: unknown): BodyRule[] {
  if (!isObject(raw)) return [];
  const category = isObject(raw.body) ? raw.body : isObject(raw.content) ? raw.content : undefined;
  if (category) return Object.entries(category).map(([key, v]) => ({ key, matchers: matchersOf(v) }));
  const out: BodyRule[] = [];
  for (const [key, v] of Object.entries(raw)) {
    const m = /^\$\.(?:body|contents)(?=$|[.[])/.exec(key);
    if (m) out.push({ key: `$${key.slice(m[0].length)}`, matchers: matchersOf(v) });
  }
  return out;
}

/** Decodes a body: a V4 `{ content, contentType, encoded }` wrapper, or the value itself (V1–V3). */
function bodyOf(
  raw: unknown,
  fallbackType: string | undefined,
  rules: unknown,
  present: boolean,
): PactBody | undefined {
  if (!present) return undefined;
  let content: unknown = raw;
  let contentType = fallbackType;
  let encoded: unknown = false;
  if (isObject(raw) && 'content' in raw && ('contentType' in raw || 'encoded' in raw)) {
    content = raw.content;
    if (typeof raw.contentType === 'string') contentType = raw.contentType;
    encoded = raw.encoded;
  }
  const body: PactBody = { content: undefined, contentType, rules: bodyRules(rules) };
  if (!isJsonType(contentType)) {
    body.notJson = `is ${contentType}, not JSON`;
    return body;
  }
  try {
    if (encoded === 'base64' && typeof content === 'string')
      content = JSON.parse(Buffer.from(content, 'base64').toString('utf8'));
    else if ((encoded === 'JSON' || encoded === 'json' || encoded === true) && typeof content === 'string')
      content = JSON.parse(content);
  } catch (e) {
    body.notJson = `is ${String(encoded)}-encoded and does not parse as JSON: ${(e as Error).message}`;
    return body;
  }
  body.content = content;
  return body;
}

function httpInteraction(i: Record<string, unknown>, index: number): PactInteraction {
  const req = isObject(i.request) ? i.request : {};
  const res = isObject(i.response) ? i.response : {};
  const reqHeaders = headersOf(req.headers);
  const resHeaders = headersOf(res.headers);
  const status = typeof res.status === 'number' ? res.status : undefined;
  const parts: PactPart[] = [
    {
      role: 'writes',
      carrier: 'http-request',
      body: bodyOf(req.body, reqHeaders['content-type'], req.matchingRules, 'body' in req),
      headers: reqHeaders,
      metadata: {},
    },
    {
      role: 'reads',
      carrier: 'http-response',
      body: bodyOf(res.body, resHeaders['content-type'], res.matchingRules, 'body' in res),
      headers: resHeaders,
      metadata: {},
    },
  ];
  return {
    index,
    description: typeof i.description === 'string' ? i.description : `interaction #${index + 1}`,
    kind: 'http',
    http: {
      method: typeof req.method === 'string' ? req.method.toUpperCase() : 'GET',
      path: typeof req.path === 'string' ? req.path : '/',
      status,
    },
    parts,
  };
}

function messagePart(m: Record<string, unknown>, role: PactPart['role']): PactPart {
  const metadata = isObject(m.metadata) ? m.metadata : isObject(m.metaData) ? m.metaData : {};
  const ct = typeof metadata.contentType === 'string' ? metadata.contentType : undefined;
  const raw = 'contents' in m ? m.contents : m.content;
  return {
    role,
    carrier: 'message',
    body: bodyOf(raw, ct, m.matchingRules, 'contents' in m || 'content' in m),
    headers: {},
    metadata,
  };
}

/** Reads any pact document. Never throws: a document that is not a pact gives `{ ok: false, reason }`. */
export function readPact(doc: unknown): PactReadResult {
  if (!isObject(doc)) return { ok: false, reason: 'not a JSON object' };
  const spec = specificationOf(doc);
  const interactions: PactInteraction[] = [];
  const list = Array.isArray(doc.interactions) ? doc.interactions : [];
  const messages = Array.isArray(doc.messages) ? doc.messages : [];
  if (!Array.isArray(doc.interactions) && !Array.isArray(doc.messages))
    return { ok: false, reason: 'has neither "interactions" nor "messages"' };
  list.forEach((raw, index) => {
    if (!isObject(raw)) {
      interactions.push({ index, description: `interaction #${index + 1}`, kind: 'http', parts: [] });
      return;
    }
    const type = typeof raw.type === 'string' ? raw.type : undefined;
    const description = typeof raw.description === 'string' ? raw.description : `interaction #${index + 1}`;
    if (
      type === 'Asynchronous/Messages' ||
      (type === undefined && ('contents' in raw || 'metadata' in raw) && !('request' in raw))
    ) {
      interactions.push({ index, description, kind: 'message', parts: [messagePart(raw, 'reads')] });
    } else if (type === 'Synchronous/Messages') {
      // The consumer sends the request message and receives the response message(s).
      const parts = [messagePart(isObject(raw.request) ? raw.request : {}, 'writes')];
      for (const r of Array.isArray(raw.response) ? raw.response : [])
        if (isObject(r)) parts.push(messagePart(r, 'reads'));
      interactions.push({ index, description, kind: 'message', parts });
    } else {
      interactions.push(httpInteraction(raw, index));
    }
  });
  messages.forEach((raw, i) => {
    const index = list.length + i;
    const m = isObject(raw) ? raw : {};
    interactions.push({
      index,
      description: typeof m.description === 'string' ? m.description : `message #${i + 1}`,
      kind: 'message',
      parts: [messagePart(m, 'reads')],
    });
  });
  return {
    ok: true,
    pact: {
      consumer: nameOf(doc.consumer),
      provider: nameOf(doc.provider),
      specification: spec,
      interactions,
    },
  };
}
