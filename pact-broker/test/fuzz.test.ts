// Property-based fuzzing of every route in the route table with bad input (bad JSON, wrong types, lone
// surrogates, NUL, huge and deep values, bad query numbers, bad path segments, text outside Latin-1): no 5xx, no
// dropped connection, every 400 names its field, and a rejected write leaves every table as it was.
// ACCORD_FUZZ_RUNS sets the runs per route (default 2), ACCORD_FUZZ_SEED replays a run.

import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config.js';
import { deployedVersionBody, deploymentBody, releasedVersionBody } from '../src/deployments/bodies.js';
import { environmentBody, newEnvironmentBody } from '../src/environments/bodies.js';
import { verificationQueryBody } from '../src/for-verification/bodies.js';
import { emptyObjectBody } from '../src/http/context.js';
import { pactBody, publishBody } from '../src/pact/bodies.js';
import { newPacticipantBody, pacticipantBody } from '../src/pacticipants/bodies.js';
import { publishProviderContractBody } from '../src/provider-contracts/bodies.js';
import type { Route } from '../src/route.js';
import { routes } from '../src/routes.js';
import { verificationBody } from '../src/verifications/bodies.js';
import { versionBody } from '../src/versions/bodies.js';
import { webhookBody } from '../src/webhooks/bodies.js';
import { api, getThing, pactDoc } from './support/clients.js';
import { fingerprint } from './support/fingerprint.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

const RUNS = Number(process.env.ACCORD_FUZZ_RUNS ?? 2);
const SEED = process.env.ACCORD_FUZZ_SEED === undefined ? undefined : Number(process.env.ACCORD_FUZZ_SEED);
// Every write that succeeds re-seeds, and with the relay off each seeded publish queues a delivery per webhook the
// run created, so the per-write table fingerprint grows with the run: at 200 runs the late webhook routes took
// 47-58 s each (0.3 s a request by then; 6 s for all 200 with that route alone). Long runs get time in proportion.
const ROUTE_TIMEOUT_MS = Math.max(60_000, RUNS * 1_500);

const ENV_UUID = 'fuzz-environment-0001';
const WEBHOOK_UUID = 'fuzz-webhook-000000001';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const pact = pactDoc('Shop', 'Stock', [getThing('/a', { x: 1 })]);
const openApi = JSON.stringify({
  openapi: '3.0.0',
  info: { title: 'Stock', version: '1' },
  paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } },
});
const publishBase = (content = JSON.stringify(pact)) => ({
  pacticipantName: 'Shop',
  pacticipantVersionNumber: '1',
  branch: 'main',
  tags: ['prod'],
  buildUrl: 'https://ci.example.com/1',
  contracts: [
    {
      consumerName: 'Shop',
      providerName: 'Stock',
      specification: 'pact',
      contentType: 'application/json',
      content: b64(content),
    },
  ],
});
const contractBase = (content = openApi) => ({
  pacticipantVersionNumber: 'p1',
  branch: 'main',
  contract: { specification: 'oas', contentType: 'application/json', content: b64(content) },
});
const webhookBase = {
  description: 'fuzz',
  events: [{ name: 'contract_published' }],
  request: {
    method: 'POST',
    url: 'http://127.0.0.1:9/hook',
    headers: { 'X-Fuzz': '1' },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a webhook template placeholder
    body: { consumer: '${pactbroker.consumerName}' },
  },
};

// ---- bad values -------------------------------------------------------------------------------------------------

const deepText = (depth: number) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;

/** JSON texts that should never be stored as they are (spliced raw into a body). */
const badJsonValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '"\\ud800"',
    '"a\\udfffb"',
    '{"\\ud800":1}',
    '["ok","\\udc00"]',
    '"a\\u0000b"',
    '{"a\\u0000":1}',
    JSON.stringify('x'.repeat(100_000)),
    JSON.stringify('ü€日本😀'.repeat(100)),
    deepText(3000),
    '1e999',
    '-1',
    '1.5',
    '99999999999999999999999',
    'true',
    'null',
    '[]',
    '{}',
    '""',
    '"   "',
    '"%00"',
    '"\\t\\n"',
    '[[[[[[[[[[]]]]]]]]]]',
    '{"__proto__":{"polluted":true}}',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => JSON.stringify(s)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

/** Whole bodies that are not what any route accepts. */
const badBodyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '[',
    '{"a":}',
    'nul',
    '"x"',
    '1',
    '[]',
    'null',
    '\u0000',
    '{"a":"\\ud800"}',
    deepText(10_000),
  ),
  fc.string({ maxLength: 60 }),
);

/** Path segments, already in URL form; the raw ones are deliberately malformed. */
const badSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%ED%A0%80',
    '%00',
    '%C0%AF',
    '%',
    '%zz',
    '%FF',
    '..',
    '%2F',
    '%20',
    '1e99',
    '-1',
    '99999999999999999999',
    'NaN',
    'x'.repeat(5000),
    // Past node's 16 KiB header limit: the parser refuses it, and the answer must still arrive (not a reset).
    'x'.repeat(20_000),
    '2147483648',
    '9007199254740993',
    '0.5',
    '%C3%28',
    '%F0%9F%98',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map((s) => encodeURIComponent(s)),
);

const badQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '1e99',
    '1.5',
    '-1',
    '0',
    'NaN',
    'Infinity',
    '0x10',
    '99999999999999999999',
    '',
    ' ',
    '%ED%A0%80',
    '%00',
    '€',
    '%FF',
    '%',
    '2147483648',
    '9007199254740993',
    '+1',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 10 }).map(encodeURIComponent),
);
const QUERY_KEYS = [
  'page',
  'size',
  'pageNumber',
  'pageSize',
  'limit',
  'maxPacticipants',
  'q',
  'latestby',
  'q[][pacticipant]',
  'q[][version]',
  'q[][latest]',
  'q[][tag]',
  'q[][branch]',
  'pacticipant',
  'version',
  'to',
  'environment',
  'name',
  'status',
  'includePendingStatus',
  'label',
  'initials',
  'branch',
  'consumer',
  'provider',
  'applicationInstance',
  'target',
  'retried',
  'include_pending_status',
  'providerVersionTags[]',
  'provider_version_tags[]',
  'team',
  'tag',
  'pacticipant2',
  'ignore[][pacticipant]',
  'ignore[][version]',
  'q[][environment]',
  'q[][mainBranch]',
  'mainBranch',
  'latest',
];
const badQuery: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), badQueryValue), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&'));

// ---- generator families -----------------------------------------------------------------------------------------

/** Good values of each path parameter (filled in once the seed data exists). */
const good: Record<string, string[]> = {};
const PARAMS = [
  'pacticipant',
  'provider',
  'consumer',
  'version',
  'consumerVersion',
  'otherVersion',
  'tag',
  'providerTag',
  'to',
  'branch',
  'label',
  'uuid',
  'environment',
  'sha',
  'other',
  'metadata',
  'number',
];

/** Every key path of a JSON value (objects and arrays up to depth 4), plus a new top-level key. */
function keyPaths(
  value: unknown,
  prefix: Array<string | number> = [],
  out: Array<Array<string | number>> = [],
) {
  if (prefix.length > 4 || value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    const key = Array.isArray(value) ? Number(k) : k;
    out.push([...prefix, key]);
    keyPaths(v, [...prefix, key], out);
  }
  if (prefix.length === 0) out.push(['unexpectedField']);
  return out;
}

const MARK = '__fuzz_mark__';

/** The base value with one place replaced by a bad JSON text, or a wholly bad body. */
function mutated(base: unknown): fc.Arbitrary<string> {
  const paths = keyPaths(base);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...paths), badJsonValue).map(([p, bad]) => {
        const copy = structuredClone(base) as Record<string | number, unknown>;
        let at: Record<string | number, unknown> = copy;
        for (const k of p.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
        at[p.at(-1)!] = MARK;
        return JSON.stringify(copy).replace(JSON.stringify(MARK), bad);
      }),
    },
    { weight: 1, arbitrary: badBodyText },
  );
}

/** A document carried base64 inside a body: the document itself is mutated. */
function embedded(doc: unknown, wrap: (text: string) => unknown): fc.Arbitrary<string> {
  return mutated(doc).map((text) => JSON.stringify(wrap(text)));
}

const bodyFamilies = new Map<unknown, fc.Arbitrary<string>>([
  [emptyObjectBody, mutated({})],
  [
    newPacticipantBody,
    mutated({ name: 'Fuzz', displayName: 'Fuzz', repositoryUrl: 'https://git/x', mainBranch: 'main' }),
  ],
  [pacticipantBody, mutated({ displayName: 'Shop', repositoryUrl: 'https://git/x', mainBranch: 'main' })],
  [versionBody, mutated({ branch: 'main', tags: ['prod'], buildUrl: 'https://ci/1' })],
  [
    publishBody,
    fc.oneof(
      mutated(publishBase()),
      embedded(pact, (t) => publishBase(t)),
    ),
  ],
  [pactBody, mutated(pact)],
  [
    verificationBody,
    mutated({
      success: true,
      providerApplicationVersion: 'p1',
      providerVersionBranch: 'main',
      providerVersionTags: ['prod'],
      testResults: [{ interactionId: 'x', success: true, mismatches: [] }],
      verifiedBy: { implementation: 'fuzz', version: '1' },
    }),
  ],
  [
    verificationQueryBody,
    mutated({
      consumerVersionSelectors: [
        { mainBranch: true },
        { tag: 'prod', latest: true },
        { deployedOrReleased: true },
      ],
      providerVersionBranch: 'main',
      includePendingStatus: true,
      includeWipPactsSince: '2020-01-01',
    }),
  ],
  [
    newEnvironmentBody,
    mutated({
      name: 'fuzzenv2',
      production: false,
      displayName: 'Fuzz',
      contacts: [{ name: 'a', details: { e: 'x' } }],
    }),
  ],
  [environmentBody, mutated({ name: 'fuzzenv', production: false, displayName: 'Fuzz' })],
  [deploymentBody, mutated({ applicationInstance: 'blue' })],
  [deployedVersionBody, mutated({ currentlyDeployed: true })],
  [releasedVersionBody, mutated({ currentlySupported: true })],
  [webhookBody, mutated(webhookBase)],
  [
    publishProviderContractBody,
    fc.oneof(
      mutated(contractBase()),
      embedded(JSON.parse(openApi), (t) => contractBase(t)),
    ),
  ],
]);

/** The request a run sends to a route: some path parameters bad, a bad query, a bad body where there is one. */
function requestFor(route: Route) {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const segment = (name: string) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...(good[name] ?? ['x'])).map(encodeURIComponent) },
      { weight: 1, arbitrary: badSegment },
    );
  const body = route.body ? bodyFamilies.get(route.body)! : fc.option(badBodyText, { nil: undefined });
  return fc
    .record({
      segments: fc.tuple(...names.map(segment)),
      query: fc.option(badQuery, { nil: undefined }),
      body,
      contentType: fc.constantFrom(
        'application/json',
        'application/json',
        'application/json',
        'text/xml',
        undefined,
      ),
    })
    .map(({ segments, query, body, contentType }) => {
      let i = 0;
      const path = route.path.replace(/:(\w+)/g, () => segments[i++]!);
      return { path: query ? `${path}?${query}` : path, body, contentType };
    });
}

/** One request over node:http (fetch refuses a GET with a body); a dropped connection rejects. */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    // An explicit length: node sends a GET or DELETE body unframed otherwise, and the server reads it as a request.
    const framed =
      body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
    const req = request(`${base}${path}`, { method, headers: framed, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer to ${method} ${path.slice(0, 200)}`)));
    req.end(body);
  });
}

/** Whether a 400 body names what was wrong: `errors` with field keys, or the matrix's list of sentences. */
function namesField(body: unknown): boolean {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors)) return errors.length > 0 && errors.every((e) => typeof e === 'string');
  if (!errors || typeof errors !== 'object') return false;
  const entries = Object.entries(errors);
  return entries.length > 0 && entries.every(([k, v]) => k !== '' && Array.isArray(v) && v.length > 0);
}

describe('fuzzing every route with bad input', () => {
  let b: TestBroker;
  let baseline: Record<string, string>;

  /** The data the fuzzed routes find (re-run after any write that succeeded, since it may have deleted it). */
  async function seed() {
    const must = async (p: Promise<{ status: number; body: unknown }>, ok: number[]) => {
      const r = await p;
      expect(ok, `seed: ${JSON.stringify(r.body)}`).toContain(r.status);
      return r;
    };
    // 409: a fuzzed PATCH merged into version 1's pact, which stays as it is.
    await must(api(b.url, 'POST', '/contracts/publish', publishBase()), [200, 409]);
    await must(api(b.url, 'PUT', '/pacticipants/Shop/labels/team', {}), [200, 201]);
    await must(
      api(b.url, 'POST', '/environments', { uuid: ENV_UUID, name: 'fuzzenv', production: true }),
      [201, 400],
    );
    const { rows } = await b.broker.db.query<{ sha: string }>(
      'SELECT pv.sha FROM pact_versions pv ORDER BY pv.id LIMIT 1',
    );
    const sha = rows[0]!.sha;
    await must(
      api(b.url, 'POST', `/pacts/provider/Stock/consumer/Shop/pact-version/${sha}/verification-results`, {
        success: true,
        providerApplicationVersion: 'p1',
        providerVersionBranch: 'main',
      }),
      [201],
    );
    await must(
      api(b.url, 'POST', `/pacticipants/Stock/versions/p1/deployed-versions/environment/${ENV_UUID}`, {}),
      [201],
    );
    await must(
      api(b.url, 'POST', `/pacticipants/Stock/versions/p1/released-versions/environment/${ENV_UUID}`, {}),
      [201, 200],
    );
    await must(api(b.url, 'PUT', `/webhooks/${WEBHOOK_UUID}`, webhookBase), [200, 201]);
    await must(api(b.url, 'POST', '/provider-contracts/provider/Stock/publish', contractBase()), [200, 201]);
    const deployed = await b.broker.db.query<{ uuid: string }>('SELECT uuid FROM deployed_versions LIMIT 1');
    const released = await b.broker.db.query<{ uuid: string }>('SELECT uuid FROM released_versions LIMIT 1');
    Object.assign(good, {
      pacticipant: ['Shop', 'Stock'],
      provider: ['Stock'],
      consumer: ['Shop'],
      version: ['1', 'p1'],
      consumerVersion: ['1'],
      otherVersion: ['1'],
      tag: ['prod'],
      providerTag: ['prod'],
      to: ['prod'],
      branch: ['main'],
      label: ['team'],
      uuid: [
        ENV_UUID,
        WEBHOOK_UUID,
        ...deployed.rows.map((r) => r.uuid),
        ...released.rows.map((r) => r.uuid),
      ],
      environment: ['fuzzenv'],
      sha: [sha],
      other: [sha],
      metadata: [Buffer.from('{}').toString('base64url')],
      number: ['1'],
    });
    baseline = await fingerprint(b.broker.db);
  }

  beforeAll(async () => {
    const defaults = defaultConfig();
    b = await startBroker({
      config: {
        webhookHostWhitelist: ['127.0.0.1'],
        bodyLimit: 1024 * 1024,
        // No relay: deliveries written in the background would change the data between two fingerprints.
        webhooks: { ...defaults.webhooks, relay: false, schemes: ['https', 'http'], timeoutMs: 1000 },
      },
    });
    await seed();
  });
  afterAll(async () => {
    await b?.close();
  });

  it('has a generator family for every route: each path parameter and each body schema', () => {
    const missing: string[] = [];
    for (const r of routes) {
      for (const [, name] of r.path.matchAll(/:(\w+)/g)) {
        if (!PARAMS.includes(name!)) missing.push(`${r.method} ${r.path}: :${name}`);
      }
      if (r.body && !bodyFamilies.has(r.body)) missing.push(`${r.method} ${r.path}: body`);
    }
    expect(missing).toEqual([]);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (req) => {
          const before = baseline;
          const headers: Record<string, string> = { Accept: 'application/hal+json' };
          if (req.body !== undefined && req.contentType) headers['Content-Type'] = req.contentType;
          const res = await send(b.url, route.method, req.path, headers, req.body);
          const text = res.text;
          const what = `${route.method} ${req.path.slice(0, 300)} → ${res.status} ${text.slice(0, 300)}`;
          if (process.env.ACCORD_FUZZ_LOG)
            process.stderr.write(`${what.slice(0, 200)} ${JSON.stringify(req).slice(0, 300)}\n`);
          expect(res.status, what).toBeLessThan(500);
          if (res.status === 400 && /json/.test(res.contentType)) {
            expect(namesField(JSON.parse(text)), what).toBe(true);
          }
          if (route.method !== 'GET') {
            if (res.status >= 400) expect(await fingerprint(b.broker.db), what).toEqual(before);
            else await seed();
          }
        }),
        // No shrinking: a failed write may have changed the data, so a replay would report a different request.
        { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    },
    ROUTE_TIMEOUT_MS,
  );
});
