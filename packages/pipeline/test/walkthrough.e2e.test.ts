// The breaking-change walkthrough, scripted: orders-service drops `total` from Order, which checkout-web reads.
// schema-diff fails the PR, provider verification fails, can-i-deploy says no with the reason. The same change
// made additively (a new optional field, `total` kept) passes everything, and the lagging analytics-service
// (still on OrderPlaced v1, deployed in production) keeps working. Runs in a throw-away git copy of the
// workspace against a broker on a random port, with the real CLIs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startEmbeddedBroker } from '../src/broker.js';
import { canIDeploy } from '../src/pact-cli.js';
import { findWorkspaceRoot } from '../src/workspace.js';
import { cleanEnv } from './support/env.js';
import { copyWorkspace, type WorkspaceCopy } from './support/workspace-copy.js';

const SERVICES = 'orders-service,checkout-web,analytics-service';
let copy: WorkspaceCopy;
let broker: RunningBroker;
let dataDir: string;

function cmd(file: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [file, ...args], {
    cwd: copy.root,
    encoding: 'utf8',
    env: cleanEnv({ PACT_BROKER_BASE_URL: broker.url, ...env }),
    timeout: 280_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}
const pipeline = (...args: string[]) => cmd('packages/pipeline/dist/bin/accord-pipeline.js', args);
const pipelineWith = (env: Record<string, string>, ...args: string[]) =>
  cmd('packages/pipeline/dist/bin/accord-pipeline.js', args, env);
const accord = (...args: string[]) => cmd('packages/cli/dist/bin/accord.js', args);

/**
 * Adds Order v2 the way the provider team's PR would: a zod schema derived from v1 (`schema` is its
 * expression in contracts/src/orders/http.ts), registered in the catalog, then `npm run generate`.
 */
function addOrderV2(schema: string): void {
  const http = join(copy.root, 'contracts/src/orders/http.ts');
  writeFileSync(
    http,
    `${readFileSync(http, 'utf8')}\n/** Order v2. */\nexport const OrderV2Schema = ${schema};\n`,
  );
  editFile(
    'contracts/src/catalog/registry.ts',
    '  OrderV1Schema,\n} from',
    '  OrderV1Schema,\n  OrderV2Schema,\n} from',
  );
  editFile(
    'contracts/src/catalog/registry.ts',
    'Order: { 1: OrderV1Schema },',
    'Order: { 1: OrderV1Schema, 2: OrderV2Schema },',
  );
  // The Order entry (its routes are declared in contracts/src/http/routes.ts, which still answer v1).
  editFile(
    'contracts/src/catalog/definitions.ts',
    "    description: 'An order with its status, lines, total and timestamps.',\n    versions: [{ version: 1, status: 'current' }],",
    "    description: 'An order with its status, lines, total and timestamps.',\n    versions: [\n      { version: 1, status: 'deprecated' },\n      { version: 2, status: 'current' },\n    ],",
  );
  const generate = spawnSync(join(copy.root, 'node_modules/.bin/tsx'), ['scripts/generate.ts'], {
    cwd: join(copy.root, 'contracts'),
    encoding: 'utf8',
    env: cleanEnv(),
  });
  if (generate.status !== 0)
    throw new Error(`npm run generate failed:\n${generate.stdout}${generate.stderr}`);
}

function editFile(path: string, from: string, to: string): void {
  const file = join(copy.root, path);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from))
    throw new Error(`walkthrough: "${from.trim()}" not found in ${path}; update the walkthrough`);
  writeFileSync(file, text.replace(from, to));
}

beforeAll(async () => {
  copy = copyWorkspace(findWorkspaceRoot(import.meta.dirname), 'accord-walkthrough-');
  dataDir = mkdtempSync(join(tmpdir(), 'accord-walkthrough-broker-'));
  // Webhooks may call the loopback receiver of the last test (plain http, 127.0.0.1), polled quickly.
  broker = await startEmbeddedBroker({
    root: copy.root,
    dataDir,
    port: 0,
    env: {
      PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http,https',
      PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1',
      PACT_BROKER_WEBHOOK_POLL_MS: '200',
    },
  });
  // main: everything verified and deployed to test and production.
  const baseline = pipeline('run', '--only', SERVICES);
  if (baseline.code !== 0) throw new Error(`baseline pipeline failed:\n${baseline.out}`);
}, 300_000);

afterAll(async () => {
  await broker?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  copy?.remove();
});

describe('breaking change: orders-service removes `total` from Order', () => {
  let sha: string;
  beforeAll(() => {
    copy.git('checkout', '-q', '-b', 'remove-total', 'main');
    addOrderV2("OrderV1Schema.omit({ total: true }).describe('An order without its total.')");
    editFile(
      'providers/orders-service/src/orders/repository.ts',
      '    total: { amount: Number(row.total_amount), currency: row.currency },\n',
      '',
    );
    copy.git('add', '-A');
    copy.git('commit', '-q', '-m', 'orders-service: drop total from Order (v2)');
    sha = copy.git('rev-parse', 'HEAD');
  });

  it('schema-diff fails the pull request: exit 1, required-property-removed at /properties/total', () => {
    const r = accord('diff', '--base', 'main', '--format', 'json');
    expect(r.code, r.out).toBe(1);
    const report = JSON.parse(r.out) as {
      compatible: boolean;
      changes: Array<{ rule: string; path: string; breaking: boolean }>;
    };
    expect(report.compatible).toBe(false);
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        rule: 'required-property-removed',
        path: '/properties/total',
        breaking: true,
      }),
    );
  });

  it('provider verification fails, and the failed result is published', () => {
    const r = pipeline('verify', '--only', 'orders-service');
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('✖ [1/1] provider verification FAILED');
    // Per pact at the step: checkout-web's failed, with the mismatch and the published result.
    expect(r.out).toMatch(/✖ checkout-web \S+: FAILED\n/);
    expect(r.out).toMatch(/\n\s+actual: {3}\S/);
    expect(r.out).toMatch(
      /verification result: http:\/\/127\.0\.0\.1:\d+\/pacts\/provider\/orders-service\/consumer\/checkout-web\/pact-version\/[0-9a-f]+\/verification-results\/\d+/,
    );
    expect(r.out).toContain('provider verification FAILED: orders-service: ');
  }, 280_000);

  it('can-i-deploy says no for production, naming the failed verification with checkout-web', () => {
    const r = pipeline('can-i-deploy', '--only', 'orders-service', '--environment', 'production');
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(`orders-service ${sha.slice(0, 12)} → production: no`);
    expect(r.out).toContain(`→ orders-service ${sha.slice(0, 12)}: verification FAILED`);
    expect(r.out).toMatch(/checkout-web \S+ → orders-service \S+: verification FAILED/);
  });
});

describe('the same change made additively', () => {
  beforeAll(() => {
    copy.git('checkout', '-q', '-f', '-b', 'add-estimated-delivery', 'main');
    addOrderV2(
      "OrderV1Schema.extend({ estimatedDelivery: z.iso.date().optional().describe('Expected delivery date, when known.') })",
    );
    copy.git('add', '-A');
    copy.git('commit', '-q', '-m', 'contracts: Order v2 adds optional estimatedDelivery; total stays');
  });

  it('schema-diff passes', () => {
    const r = accord('diff', '--base', 'main');
    expect(r.code, r.out).toBe(0);
  });

  it('provider verification passes, including the lagging analytics-service pact (OrderPlaced v1)', () => {
    const r = pipeline('verify', '--only', 'orders-service', '--verbose');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/✔ analytics-service \S+: passed/);
    // The pipeline gives the verifier PACT_DO_NOT_TRACK=true: no telemetry, so no notice about it.
    expect(r.out).toContain('Verifying a pact between');
    expect(r.out).not.toContain('We are tracking events anonymously');
  }, 280_000);

  it('can-i-deploy says yes for production, with every consumer deployed there verified', async () => {
    const r = pipeline('deploy', '--only', 'orders-service', '--environment', 'test,production');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('orders-service: can-i-deploy yes, deployment recorded');
    // analytics-service, deployed in production on main's version, is verified by the new provider version.
    const answer = await canIDeploy(
      copy.root,
      { url: broker.url, env: cleanEnv() },
      'orders-service',
      copy.git('rev-parse', 'HEAD'),
      'production',
    );
    expect(answer.deployable, answer.reason).toBe(true);
    expect(answer.rows).toContainEqual(
      expect.objectContaining({ consumer: 'analytics-service', success: true }),
    );
    expect(answer.rows).toContainEqual(expect.objectContaining({ consumer: 'checkout-web', success: true }));
  }, 120_000);
});

interface Dispatch {
  path: string;
  authorization: string | undefined;
  body: { event_type: string; client_payload: Record<string, string> };
}

describe('webhook: a changed pact starts the contract-requiring-verification workflow', () => {
  const received: Dispatch[] = [];
  const receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString();
    });
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: JSON.parse(text),
      });
      res.writeHead(204).end();
    });
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('dispatches the pact URL; verifying it as the workflow does makes the consumer change deployable', async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    const hook = pipelineWith(
      { ACCORD_GITHUB_TOKEN: 'gh-test-token' },
      'webhook',
      '--repository',
      'acme/shop',
      '--only',
      'orders-service',
      '--dispatch-url',
      `http://127.0.0.1:${port}/repos/acme/shop/dispatches`,
    );
    expect(hook.code, hook.out).toBe(0);

    // checkout-web changes its pact on a feature branch and publishes it.
    const pactFile = join(copy.root, 'consumers/checkout-web/pacts/checkout-web-orders-service.json');
    const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as {
      interactions: Array<{ description: string }>;
    };
    pact.interactions[0]!.description += ' (with discounts)';
    writeFileSync(pactFile, JSON.stringify(pact, null, 2));
    const feature = { ACCORD_VERSION: 'checkout-feature-1', ACCORD_BRANCH: 'feature/discounts' };
    const published = pipelineWith(feature, 'publish', '--only', 'checkout-web');
    expect(published.code, published.out).toBe(0);

    const until = Date.now() + 60_000;
    while (received.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    expect(received.length).toBeGreaterThan(0);
    for (const d of received) {
      expect(d.path).toBe('/repos/acme/shop/dispatches');
      expect(d.authorization).toBe('Bearer gh-test-token');
      expect(d.body.event_type).toBe('contract_requiring_verification_published');
      expect(d.body.client_payload).toMatchObject({
        consumer_name: 'checkout-web',
        provider_name: 'orders-service',
      });
      expect(d.body.client_payload.pact_url).toMatch(
        new RegExp(`^${broker.url}/pacts/provider/orders-service/consumer/checkout-web/pact-version/`),
      );
    }
    // The workflow: check out the provider version the broker asks for, verify just that pact, publish.
    const production = copy.git('rev-parse', 'add-estimated-delivery');
    const dispatch = received.find((d) => d.body.client_payload.sha === production);
    expect(dispatch, JSON.stringify(received.map((d) => d.body.client_payload))).toBeDefined();
    const payload = dispatch!.body.client_payload;
    copy.git('checkout', '-q', '-f', payload.sha!);
    const verified = pipelineWith(
      { PACT_URL: payload.pact_url!, ACCORD_VERSION: payload.sha!, ACCORD_BRANCH: payload.branch! },
      'verify',
      '--only',
      payload.provider_name!,
    );
    expect(verified.code, verified.out).toBe(0);

    const gate = pipelineWith(
      feature,
      'can-i-deploy',
      '--only',
      'checkout-web',
      '--environment',
      'production',
    );
    expect(gate.code, gate.out).toBe(0);
  }, 240_000);
});
