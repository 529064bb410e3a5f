// End to end: the example consumers' pacts and hand-written V2/V3/V4 pacts published with the official
// pact-broker CLI to the embedded broker, deployments recorded, then `accord diff --broker` and `accord usage`.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/main.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/pacts', import.meta.url));
const BROKER_BIN = join(ROOT, 'pact-broker', 'dist', 'bin', 'accord-broker.js');
const PACT_BROKER_CLI = join(ROOT, 'node_modules', '.bin', 'pact-broker');
const consumerPact = (name: string) => join(ROOT, 'consumers', name, 'pacts', `${name}-orders-service.json`);
const execFileP = promisify(execFile);

/** The environment minus anything that would point the official CLI or the broker somewhere else. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PACT_')) env[k] = v;
  return env;
}

let broker: ChildProcess | undefined;
let url = '';
let work = '';

async function startBroker(): Promise<string> {
  const child = spawn(
    process.execPath,
    [BROKER_BIN, '--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'],
    {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  broker = child;
  let log = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m) resolve(m[1]!.replace(/\/+$/, ''));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`accord-broker exited with ${code}: ${log}`)));
  });
}

const pb = (...args: string[]) =>
  execFileP(PACT_BROKER_CLI, [...args, '--broker-base-url', url], { env: cleanEnv(), encoding: 'utf8' });

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function accord(
  args: string[],
  opts: { cwd?: string; broker?: string | undefined } = {},
): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const brokerUrl = 'broker' in opts ? opts.broker : url;
  const code = await run(args, {
    cwd: opts.cwd ?? ROOT,
    now: () => new Date('2026-06-01T12:00:00Z'),
    env: brokerUrl === undefined ? {} : { PACT_BROKER_BASE_URL: brokerUrl },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

const json = async (args: string[], opts?: Parameters<typeof accord>[1]) => {
  const r = await accord([...args, '--format', 'json'], opts);
  return { code: r.code, doc: JSON.parse(r.stdout) as Impacted, stderr: r.stderr };
};

interface Ref {
  consumer: string;
  version: string;
  places: Array<{ label: string }>;
}
interface Impacted {
  compatible: boolean;
  impact: {
    error?: string;
    contracts: Array<{
      contract: string;
      changes: Array<{
        against: number | null;
        rule: string;
        at: string[];
        hits: Array<Ref & { paths: string[]; readsVersion: number | null; view: string }>;
        unaffected: Ref[];
      }>;
    }>;
    unmatched: Array<{ consumer: string; interaction: string; reason: string }>;
    unmappedPacts: Array<{ consumer: string; version: string; interactions: number }>;
    failing: unknown[];
  };
}
const who = (refs: Ref[]) =>
  refs.map((r) => `${r.consumer} ${r.version} [${r.places.map((p) => p.label).join(', ')}]`);

type JsonObject = Record<string, unknown>;
/** The object at a path of keys inside a schema document. */
const at = (doc: JsonObject, ...keys: string[]): JsonObject =>
  keys.reduce<JsonObject>((o, k) => o[k] as JsonObject, doc);

/** A committed artifact with an edit, written as the next version (its `$id` names it). */
function nextVersion(contract: string, from: number, edit: (schema: JsonObject) => void): string {
  const schema = JSON.parse(
    readFileSync(join(ROOT, 'contracts', 'schemas', contract, `v${from}.schema.json`), 'utf8'),
  );
  schema.$id = String(schema.$id).replace(`/v${from}.schema.json`, `/v${from + 1}.schema.json`);
  edit(schema);
  const file = join(work, `${contract}-v${from + 1}.schema.json`);
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  return file;
}
const artifact = (contract: string, v: number) =>
  join(ROOT, 'contracts', 'schemas', contract, `v${v}.schema.json`);
/** Removes a required property from the object schema at `keys`. */
const removeRequired = (doc: JsonObject, keys: string[], name: string) => {
  const obj = at(doc, ...keys);
  delete at(obj, 'properties')[name];
  obj.required = (obj.required as string[]).filter((r) => r !== name);
};

beforeAll(async () => {
  for (const file of [
    BROKER_BIN,
    PACT_BROKER_CLI,
    ...['checkout-web', 'shipping-service', 'analytics-service'].map(consumerPact),
  ]) {
    if (!existsSync(file))
      throw new Error(
        `${file} is missing: run \`npx turbo run build pact\` (turbo runs them before this test)`,
      );
  }
  work = mkdtempSync(join(tmpdir(), 'accord-impact-'));
  url = await startBroker();
  // Main branches first, one publication to create the provider, then the rest side by side.
  await Promise.all(
    ['checkout-web', 'shipping-service', 'analytics-service', 'mobile-app'].map((name) =>
      pb('create-or-update-pacticipant', '--name', name, '--main-branch', 'main'),
    ),
  );
  const publish = (file: string, version: string, branch?: string) =>
    pb('publish', file, '--consumer-app-version', version, ...(branch ? ['--branch', branch] : []));
  await publish(consumerPact('checkout-web'), 'cw-1', 'main');
  await Promise.all([
    publish(consumerPact('checkout-web'), 'cw-2', 'main'),
    publish(consumerPact('shipping-service'), 'sh-1', 'main'),
    publish(consumerPact('analytics-service'), 'an-1', 'main'),
    publish(join(FIXTURES, 'legacy-web-v2.json'), '1.4.0'),
    publish(join(FIXTURES, 'mobile-app-v3.json'), '3.1.0', 'main'),
    publish(join(FIXTURES, 'fulfilment-worker-v3-messages.json'), 'fw-1', 'main'),
    publish(join(FIXTURES, 'admin-console-v4.json'), 'ac-1', 'main'),
    publish(join(FIXTURES, 'ops-dashboard-v4-unmapped.json'), 'od-1'),
  ]);
  await publish(join(FIXTURES, 'mobile-app-v3.json'), '3.2.0', 'main');
  const deploy = (p: string, v: string, env: string, ...more: string[]) =>
    pb('record-deployment', '--pacticipant', p, '--version', v, '--environment', env, ...more);
  const release = (p: string, v: string, env: string) =>
    pb('record-release', '--pacticipant', p, '--version', v, '--environment', env);
  await Promise.all([
    deploy('checkout-web', 'cw-1', 'production'),
    deploy('checkout-web', 'cw-2', 'test'),
    deploy('shipping-service', 'sh-1', 'production'),
    deploy('shipping-service', 'sh-1', 'test'),
    release('analytics-service', 'an-1', 'production'),
    release('legacy-web', '1.4.0', 'production'),
    release('mobile-app', '3.1.0', 'production'),
    deploy('fulfilment-worker', 'fw-1', 'test'),
    deploy('admin-console', 'ac-1', 'test', '--application-instance', 'eu-1'),
    deploy('ops-dashboard', 'od-1', 'production'),
  ]);
}, 180_000);

afterAll(() => {
  broker?.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('accord diff --broker: a removed field checkout-web relies on', () => {
  let next = '';
  beforeAll(() => {
    next = nextVersion('Order', 1, (s) => removeRequired(s, ['properties', 'shippingAddress'], 'postalCode'));
  });

  it('the PR comment names checkout-web and legacy-web (V2 pact), the versions and where they run', async () => {
    const r = await accord(['diff', artifact('Order', 1), next, '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '#### Consumer impact: ❌ breaks checkout-web (production, test, main branch) and legacy-web (production (released), latest (no main branch))',
    );
    expect(r.stdout).toContain('| Consumer | Where it runs | What it reads that changes | Verdict |');
    expect(r.stdout).toContain(
      '| checkout-web `cw-1` | production | Order v1 → v2: `$.shippingAddress.postalCode` (`required-property-removed`) | ❌ breaks |',
    );
    expect(r.stdout).toContain('| checkout-web `cw-2` | test, main branch |');
    expect(r.stdout).toMatch(
      /\| mobile-app `3\.1\.0` \| production \(released\) \| nothing that changes: relies on 3 paths of Order \| ✅ not affected \|/,
    );
    // The impact comes right after the verdict line, before the diff's details.
    expect(r.stdout.indexOf('#### Consumer impact')).toBeLessThan(r.stdout.indexOf('**Breaking changes**'));
  });

  it('lists per change who is hit (with the failing path) and who reads the contract but not that path', async () => {
    const { doc } = await json(['diff', artifact('Order', 1), next]);
    const [change] = doc.impact.contracts[0]!.changes;
    expect(change).toMatchObject({ rule: 'required-property-removed', at: ['$.shippingAddress.postalCode'] });
    expect(who(change!.hits)).toEqual([
      'checkout-web cw-1 [production]',
      'checkout-web cw-2 [test, main branch]',
      'legacy-web 1.4.0 [production (released), latest (no main branch)]',
    ]);
    expect(change!.hits.every((h) => h.paths.join() === '$.shippingAddress.postalCode')).toBe(true);
    expect(who(change!.unaffected)).toEqual([
      'admin-console ac-1 [test [eu-1], latest (no main branch)]',
      'mobile-app 3.1.0 [production (released)]',
      'mobile-app 3.2.0 [main branch]',
    ]);
  });

  it('--fail-on impact fails when a consumer in a counted environment is hit', async () => {
    expect((await accord(['diff', artifact('Order', 1), next, '--fail-on', 'impact'])).code).toBe(1);
    const prodOnly = await json([
      'diff',
      artifact('Order', 1),
      next,
      '--fail-on',
      'impact',
      '--impact-in',
      'production',
    ]);
    expect(prodOnly.code).toBe(1);
    const unknown = await accord([
      'diff',
      artifact('Order', 1),
      next,
      '--fail-on',
      'impact',
      '--impact-in',
      'staging',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('--impact-in names "staging", which the broker does not know');
  });

  it('a pact the tool cannot map is listed with the reason, interaction by interaction', async () => {
    const { doc } = await json(['diff', artifact('Order', 1), next]);
    expect(doc.impact.unmatched.map((u) => `${u.consumer}: ${u.interaction}: ${u.reason}`).sort()).toEqual([
      'ops-dashboard: a health check: no contract declares the 200 response body of GET /health',
      'ops-dashboard: an OrderArchived event: "OrderArchived" is not an event contract of this provider (event contracts: OrderPlaced, OrderCancelled)',
      "ops-dashboard: an order's invoice as text: the 200 response body of GET /orders/5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90 (Order) is text/plain, not JSON",
    ]);
    const md = await accord(['diff', artifact('Order', 1), next, '--format', 'markdown']);
    expect(md.stdout).toContain(
      '**Not mapped to a contract** — what these interactions rely on is not checked:',
    );
    expect(md.stdout).toContain(
      '- ops-dashboard `od-1`: **the whole pact maps to no contract** (3 interactions)',
    );
    expect(doc.impact).toMatchObject({
      unmappedPacts: [{ consumer: 'ops-dashboard', version: 'od-1', interactions: 3 }],
    });
  });
});

describe('accord diff --broker: a removed field no pact uses', () => {
  let next = '';
  beforeAll(() => {
    next = nextVersion('OrderCancelled', 1, (s) =>
      removeRequired(s, ['properties', 'data', 'properties', 'refund'], 'currency'),
    );
  });

  it('is a schema break that hits nobody; the consumers reading the contract are named as not affected', async () => {
    const { code, doc } = await json(['diff', artifact('OrderCancelled', 1), next]);
    expect(code).toBe(1);
    expect(doc.compatible).toBe(false);
    const [change] = doc.impact.contracts[0]!.changes;
    expect(change).toMatchObject({
      rule: 'required-property-removed',
      at: ['$.data.refund.currency'],
      hits: [],
    });
    // admin-console's V4 message names the contract in its metadata.
    expect(who(change!.unaffected)).toEqual([
      'admin-console ac-1 [test [eu-1], latest (no main branch)]',
      'shipping-service sh-1 [production, test, main branch]',
    ]);
    const md = await accord(['diff', artifact('OrderCancelled', 1), next, '--format', 'markdown']);
    expect(md.stdout).toContain(
      '#### Consumer impact: ✅ no consumer is hit — none of the 2 consumer versions reading OrderCancelled relies on what changes',
    );
  });

  it('passes with --fail-on impact', async () => {
    const r = await accord([
      'diff',
      artifact('OrderCancelled', 1),
      next,
      '--fail-on',
      'impact',
      '--format',
      'markdown',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('none: a schema break that hits nobody there passes');
  });
});

describe('accord diff --broker: an event field change', () => {
  const widen = (s: JsonObject) => {
    at(s, 'properties', 'data', 'properties', 'items', 'items', 'properties', 'quantity').type = 'number';
  };

  it('names the event consumers: shipping-service on v2, analytics-service on v1 through the tolerant reader, the V3 message pact', async () => {
    const next = nextVersion('OrderPlaced', 2, widen);
    const { doc } = await json(['diff', artifact('OrderPlaced', 2), next]);
    const [change] = doc.impact.contracts[0]!.changes;
    expect(change).toMatchObject({ rule: 'type-widened', at: ['$.data.items[*].quantity'] });
    expect(change!.hits.map((h) => [h.consumer, h.readsVersion, h.view, h.paths])).toEqual([
      ['analytics-service', 1, 'tolerant-reader', ['$.data.items[*].quantity']],
      ['fulfilment-worker', 2, 'same', ['$.data.items[*].quantity']],
      ['shipping-service', 2, 'same', ['$.data.items[*].quantity']],
    ]);
    const md = await accord(['diff', artifact('OrderPlaced', 2), next, '--format', 'markdown']);
    expect(md.stdout).toContain(
      '| analytics-service `an-1` | production (released), main branch | OrderPlaced v2 → v3 (reads v1 through the tolerant reader): `$.data.items[*].quantity` (`type-widened`) | ❌ breaks |',
    );
  });

  it('in a pull request (--base): each reader is judged against its own version, v3 vs v2 and v3 vs v1', async () => {
    const repo = join(work, 'repo');
    mkdirSync(join(repo, 'contracts'), { recursive: true });
    cpSync(join(ROOT, 'contracts', 'schemas'), join(repo, 'contracts', 'schemas'), { recursive: true });
    cpSync(join(ROOT, 'contracts', 'catalog.json'), join(repo, 'contracts', 'catalog.json'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        stdio: 'ignore',
      });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'contracts');
    const v3 = JSON.parse(readFileSync(join(repo, 'contracts/schemas/OrderPlaced/v2.schema.json'), 'utf8'));
    v3.$id = v3.$id.replace('/v2.', '/v3.');
    widen(v3);
    writeFileSync(join(repo, 'contracts/schemas/OrderPlaced/v3.schema.json'), JSON.stringify(v3, null, 2));
    const catalog = JSON.parse(readFileSync(join(repo, 'contracts/catalog.json'), 'utf8'));
    catalog.contracts
      .find((c: { name: string }) => c.name === 'OrderPlaced')
      .versions.push({ version: 3, status: 'current', schema: 'schemas/OrderPlaced/v3.schema.json' });
    writeFileSync(join(repo, 'contracts/catalog.json'), JSON.stringify(catalog, null, 2));

    const { code, doc } = await json(['diff', '--base', 'main'], { cwd: repo });
    expect(code).toBe(1);
    const changes = doc.impact.contracts[0]!.changes.map((c) => [
      c.against,
      c.rule,
      c.hits.map((h) => `${h.consumer}:${h.view}`),
    ]);
    expect(changes).toEqual([
      [2, 'type-widened', ['fulfilment-worker:same', 'shipping-service:same']],
      [1, 'type-widened', ['analytics-service:same']],
    ]);
    const md = await accord(
      ['diff', '--base', 'main', '--format', 'markdown', '--fail-on', 'impact', '--impact-in', 'production'],
      {
        cwd: repo,
      },
    );
    expect(md.code).toBe(1);
    expect(md.stdout).toContain(
      '#### Consumer impact: ❌ breaks analytics-service (production (released), main branch), fulfilment-worker (test, latest (no main branch)) and shipping-service (production, test, main branch)',
    );
  });
});

describe('accord diff --broker: V3 and V4 pacts on an HTTP response', () => {
  it('an id pattern change hits the V3 eachLike reader and the V4 arrayContains reader as well as checkout-web', async () => {
    const next = nextVersion('OrderList', 1, (s) => {
      at(s, 'properties', 'orders', 'items', 'properties', 'id').pattern = '^ord_[0-9a-z]{20}$';
    });
    const { doc } = await json(['diff', artifact('OrderList', 1), next]);
    const [change] = doc.impact.contracts[0]!.changes;
    expect(change?.at).toEqual(['$.orders[*].id']);
    expect(change!.hits.map((h) => `${h.consumer} ${h.version}: ${h.paths.join(', ')}`)).toEqual([
      'admin-console ac-1: $.orders[*].id',
      'checkout-web cw-1: $.orders[*].id',
      'checkout-web cw-2: $.orders[*].id',
      'mobile-app 3.1.0: $.orders[*].id',
      'mobile-app 3.2.0: $.orders[*].id',
    ]);
  });
});

describe('accord diff: without a broker, or with one that does not answer', () => {
  it('no broker: the diff works as today, with no impact section', async () => {
    const next = nextVersion('Order', 1, (s) =>
      removeRequired(s, ['properties', 'shippingAddress'], 'postalCode'),
    );
    const r = await accord(['diff', artifact('Order', 1), next, '--format', 'json'], { broker: undefined });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).impact).toBeUndefined();
    const impact = await accord(['diff', artifact('Order', 1), next, '--fail-on', 'impact'], {
      broker: undefined,
    });
    expect(impact.code).toBe(2);
    expect(impact.stdout).toContain('--fail-on impact needs a Pact Broker');
  });

  it('an unreachable broker is reported in the output; it fails --fail-on impact, not the plain diff', async () => {
    const next = nextVersion('Order', 1, (s) =>
      removeRequired(s, ['properties', 'shippingAddress'], 'postalCode'),
    );
    const dead = 'http://127.0.0.1:9';
    const plain = await accord(['diff', artifact('Order', 1), next, '--format', 'markdown'], {
      broker: dead,
    });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(
      '#### Consumer impact: ❌ could not be judged: the Pact Broker at http://127.0.0.1:9 is not reachable',
    );
    expect(
      (await accord(['diff', artifact('Order', 1), next, '--fail-on', 'impact'], { broker: dead })).code,
    ).toBe(2);
  });
});

describe('accord usage', () => {
  it('says who reads each field per environment, and which fields nobody reads', async () => {
    const r = await accord(['usage', 'Order', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      fields: Array<{ path: string; readers: Array<{ consumer: string; places: Array<{ label: string }> }> }>;
      unread: string[];
    };
    const postal = doc.fields.find((f) => f.path === '$.shippingAddress.postalCode');
    expect(postal?.readers.map((x) => `${x.consumer} [${x.places.map((p) => p.label).join(', ')}]`)).toEqual([
      'checkout-web [production]',
      'checkout-web [test, main branch]',
      'legacy-web [production (released), latest (no main branch)]',
    ]);
    expect(doc.unread).toEqual([
      '$.cancellation.comment',
      '$.items[*].name',
      '$.notes',
      '$.shippingAddress.line2',
    ]);
  });

  it('markdown: a table per environment and the fields safe to remove', async () => {
    const r = await accord(['usage', 'OrderCancelled', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| Field | Required | production | test | main branch |');
    expect(r.stdout).toContain(
      '| `$.data.orderId` | yes | shipping-service sh-1 | admin-console ac-1<br>shipping-service sh-1 |',
    );
    expect(r.stdout).toMatch(/\*\*Nobody reads\*\* .*`\$\.data\.refund\.currency`.*: safe to remove in v2/);
  });

  it('text output, and a clear error for an unknown contract', async () => {
    const r = await accord(['usage', 'OrderPlaced']);
    expect(r.stdout).toMatch(/^OrderPlaced v2: who reads each field/);
    expect(r.stdout).toMatch(/\$\.data\.couponCodes\s+no\s+—\s+—\s+—/);
    const bad = await accord(['usage', 'Nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Nope is not a contract in contracts/catalog.json');
  });
});
