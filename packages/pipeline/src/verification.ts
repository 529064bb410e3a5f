// What a provider verification run decided, per pact: the verification results it published (read back from
// the broker: success, mismatches from `testResults`, the result's URL), which pacts were pending (from the
// verifier's notices), and the expected value at each mismatch's path (from the pact itself).
import { stripVTControlCharacters } from 'node:util';
import type { BrokerTarget } from './pact-cli.js';
import { shortVersion } from './table.js';

export interface Mismatch {
  /** The interaction's description. */
  interaction: string;
  /** `$.items[0]` for a body, or the attribute (`status`, `header Content-Type`, `metadata`). */
  path: string;
  /** The pact's expected value at the path, as JSON (shortened), when the path is in the body. */
  expected?: string | undefined;
  /** What the verifier found: its mismatch description. */
  actual: string;
}

export interface PactVerification {
  consumer: string;
  /** The consumer versions whose pact (content) this result verified. */
  consumerVersions: string[];
  provider: string;
  providerVersion: string;
  success: boolean;
  /** True when the pact was pending (or WIP) for this provider: its failure does not fail the provider build. */
  pending: boolean;
  /** The verification result in the broker. */
  url: string;
  mismatches: Mismatch[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Authorization for plain HAL reads, from the same variables the official clients use. */
function brokerHeaders(env: NodeJS.ProcessEnv): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/hal+json, application/json' };
  if (env.PACT_BROKER_TOKEN) headers.authorization = `Bearer ${env.PACT_BROKER_TOKEN}`;
  else if (env.PACT_BROKER_USERNAME)
    headers.authorization = `Basic ${Buffer.from(`${env.PACT_BROKER_USERNAME}:${env.PACT_BROKER_PASSWORD ?? ''}`).toString('base64')}`;
  return headers;
}

async function getJson(broker: BrokerTarget, url: string): Promise<Json> {
  const res = await fetch(url, { headers: brokerHeaders(broker.env) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as Json;
}

interface MatrixRow {
  consumer: string;
  consumerVersion: string;
  url: string;
}

/** The verification results of one provider version, by URL, with the consumer versions they cover. */
export async function verificationRows(
  broker: BrokerTarget,
  provider: string,
  version: string,
): Promise<Map<string, MatrixRow[]>> {
  const q = new URLSearchParams([
    ['q[][pacticipant]', provider],
    ['q[][version]', version],
    ['latestby', 'cvpv'],
  ]);
  const matrix = await getJson(broker, `${broker.url}/matrix?${q}`);
  const rows = new Map<string, MatrixRow[]>();
  for (const raw of Array.isArray(matrix.matrix) ? matrix.matrix : []) {
    if (!isObject(raw)) continue;
    const result = raw.verificationResult;
    const provided = raw.provider as Json | undefined;
    const providerVersion = (provided?.version as Json | undefined)?.number;
    if (!isObject(result) || providerVersion !== version) continue;
    const url = ((result._links as Json | undefined)?.self as Json | undefined)?.href;
    if (typeof url !== 'string') continue;
    const consumer = raw.consumer as Json | undefined;
    const row = {
      consumer: String(consumer?.name ?? '?'),
      consumerVersion: String((consumer?.version as Json | undefined)?.number ?? '?'),
      url,
    };
    rows.set(url, [...(rows.get(url) ?? []), row]);
  }
  return rows;
}

/**
 * Which pacts the verifier said were pending (or work in progress), from its notices: each pact fetched from a
 * broker starts with "The pact at <url> is being verified because …", and a pending one says so. Keyed by
 * the pact version sha in that URL.
 */
export function pendingPacts(output: string): Map<string, boolean> {
  const text = stripVTControlCharacters(output);
  const out = new Map<string, boolean>();
  const blocks = text.split(/(?=The pact at \S+ is being verified because)/);
  for (const block of blocks) {
    const m = /^The pact at (\S+) is being verified because/.exec(block);
    if (!m) continue;
    const sha = /\/pact-version\/([0-9a-f]+)/.exec(m[1]!)?.[1];
    if (!sha) continue;
    // Only the notice before the first interaction counts (later text belongs to the results).
    const notice = block.split(/\nVerifying a pact between /)[0]!;
    // The broker's notices before verification: "This pact is in pending state …" or "… a 'work in progress' pact".
    out.set(sha, /This pact is in pending state|'work in progress' pact/.test(notice));
  }
  return out;
}

const pactVersionOf = (url: string) => /\/pact-version\/([0-9a-f]+)/.exec(url)?.[1];

/** Resolves `$.a[0].b` / `$['a b']` in a value; undefined when the path is not there. */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '$') return value;
  if (!path.startsWith('$')) return undefined;
  const tokens = path.slice(1).match(/\.[^.[\]]+|\[\d+\]|\['(?:[^'\\]|\\.)*'\]|\["(?:[^"\\]|\\.)*"\]/g);
  if (tokens === null || tokens.join('') !== path.slice(1)) return undefined;
  let current = value;
  for (const t of tokens) {
    const key = t.startsWith('.')
      ? t.slice(1)
      : /^\[\d+\]$/.test(t)
        ? Number(t.slice(1, -1))
        : (JSON.parse(t.slice(1, -1).replace(/^'|'$/g, '"')) as string);
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (!isObject(current)) return undefined;
      current = current[key];
    }
    if (current === undefined) return undefined;
  }
  return current;
}

function shorten(json: string, max = 160): string {
  return json.length <= max ? json : `${json.slice(0, max - 1)}…`;
}

/** The expected body of an interaction in a pact (V4 HTTP or message, V3 interaction or message). */
function expectedBody(pact: Json, id: string | undefined, description: string | undefined): unknown {
  const list = [
    ...(Array.isArray(pact.interactions) ? pact.interactions : []),
    ...(Array.isArray(pact.messages) ? pact.messages : []),
  ].filter(isObject);
  const interaction =
    list.find((i) => id !== undefined && (i.key === id || i._id === id)) ??
    list.find((i) => i.description === description);
  if (!interaction) return undefined;
  const response = interaction.response as Json | undefined;
  const body = response?.body ?? interaction.contents;
  // V4 wraps bodies as { content, contentType, encoded }.
  return isObject(body) && 'content' in body ? body.content : body;
}

/** The mismatches of a verification result (its `testResults`), with the expected values from its pact. */
export function mismatchesOf(result: Json, pact: Json | undefined): Mismatch[] {
  const out: Mismatch[] = [];
  for (const test of Array.isArray(result.testResults) ? result.testResults : []) {
    if (!isObject(test) || test.success !== false) continue;
    const interaction = String(test.interactionDescription ?? test.interactionId ?? '(interaction)');
    const body =
      pact === undefined
        ? undefined
        : expectedBody(
            pact,
            typeof test.interactionId === 'string' ? test.interactionId : undefined,
            typeof test.interactionDescription === 'string' ? test.interactionDescription : undefined,
          );
    const list = Array.isArray(test.mismatches) ? test.mismatches.filter(isObject) : [];
    if (list.length === 0) {
      const why = Array.isArray(test.exceptions)
        ? test.exceptions
            .filter(isObject)
            .map((e) => String(e.message ?? ''))
            .join('; ')
        : '';
      out.push({ interaction, path: '(interaction)', actual: why || 'failed (no mismatch details)' });
      continue;
    }
    for (const m of list) {
      const attribute = String(m.attribute ?? m.type ?? 'body');
      const identifier = typeof m.identifier === 'string' ? m.identifier : undefined;
      const inBody = attribute === 'body' && identifier?.startsWith('$');
      const path = inBody ? identifier! : identifier ? `${attribute} ${identifier}` : attribute;
      const expectedValue = inBody ? valueAt(body, identifier!) : undefined;
      const expected =
        'expected' in m && m.expected !== undefined
          ? JSON.stringify(m.expected)
          : expectedValue === undefined
            ? undefined
            : JSON.stringify(expectedValue);
      out.push({
        interaction,
        path,
        expected: expected === undefined ? undefined : shorten(expected),
        actual: String(m.description ?? ('actual' in m ? JSON.stringify(m.actual) : 'mismatch')),
      });
    }
  }
  return out;
}

/**
 * The results a verification run published: every verification result of `provider` `version` that was not
 * there before the run (`before`: URLs), read with its mismatches and the pact's expected values.
 */
export async function readVerifications(
  broker: BrokerTarget,
  provider: string,
  version: string,
  before: ReadonlySet<string>,
  verifierOutput: string,
  verifierPassed: boolean,
): Promise<PactVerification[]> {
  const rows = await verificationRows(broker, provider, version);
  const pending = pendingPacts(verifierOutput);
  const out: PactVerification[] = [];
  for (const [url, covered] of rows) {
    if (before.has(url)) continue;
    const result = await getJson(broker, url);
    const success = result.success === true;
    const pactUrl = ((result._links as Json | undefined)?.['pb:pact-version'] as Json | undefined)?.href;
    let pact: Json | undefined;
    if (!success && typeof pactUrl === 'string') pact = await getJson(broker, pactUrl).catch(() => undefined);
    const sha = pactVersionOf(url);
    out.push({
      consumer: covered[0]!.consumer,
      consumerVersions: [...new Set(covered.map((r) => r.consumerVersion))],
      provider,
      providerVersion: version,
      success,
      // Without the verifier's notice: a failure that did not fail the verifier was pending.
      pending: (sha !== undefined ? pending.get(sha) : undefined) ?? (!success && verifierPassed),
      url,
      mismatches: success ? [] : mismatchesOf(result, pact),
    });
  }
  return out.sort((a, b) => Number(a.success) - Number(b.success) || a.consumer.localeCompare(b.consumer));
}

/** One line per pact, and under a failed one its mismatches and the result's URL. */
export function formatVerifications(list: readonly PactVerification[]): string {
  const lines: string[] = [];
  for (const v of list) {
    const versions = v.consumerVersions.map(shortVersion).join(', ');
    const verdict = v.success
      ? 'passed'
      : v.pending
        ? `FAILED (pending: does not fail ${v.provider}'s build; ${v.consumer} cannot deploy until it passes)`
        : 'FAILED';
    lines.push(`${v.success ? '✔' : '✖'} ${v.consumer} ${versions}: ${verdict}`);
    if (v.success) continue;
    for (const m of v.mismatches) {
      lines.push(`    ${m.interaction} — ${m.path}`);
      if (m.expected !== undefined) lines.push(`      expected: ${m.expected}`);
      lines.push(`      actual:   ${m.actual}`);
    }
    lines.push(`    verification result: ${v.url}`);
  }
  return lines.join('\n');
}
