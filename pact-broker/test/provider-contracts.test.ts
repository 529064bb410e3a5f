// End-to-end, bi-directional contract testing with the official CLIs: `pactflow publish-provider-contract` with
// the orders API's generated OpenAPI document, `pact-broker publish`, `can-i-deploy` and `can-i-merge` deciding on
// provider contracts, and the provider-contract resources and pages. One broker for the whole file.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOpenApiDocument } from '@accord/contracts';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type CliResult, cli } from './support/clients.js';
import { verify } from './support/scenario.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

const pactflowCli = fileURLToPath(new URL('../../node_modules/.bin/pactflow', import.meta.url));

function pactflow(args: string[]): Promise<CliResult> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' };
  return new Promise((resolve) => {
    execFile(pactflowCli, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const ORDER_ID = '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90';
const order = {
  id: ORDER_ID,
  customerId: 'cus_8f3kQ2Lm',
  status: 'pending',
  items: [
    {
      sku: 'MUG-BLUE-350',
      quantity: 2,
      unitPrice: { amount: 1250, currency: 'EUR' },
      lineTotal: { amount: 2500, currency: 'EUR' },
    },
  ],
  total: { amount: 2500, currency: 'EUR' },
  createdAt: '2026-11-26T08:15:00.000Z',
};
const json = (content: unknown) => ({ content, contentType: 'application/json', encoded: false });

/** A PactV4 pact shaped like checkout-web's: matchers, Content-Type regex, the headers it reads. */
function checkoutPact(changes: { discount?: boolean; teapot?: boolean } = {}) {
  const get = {
    type: 'Synchronous/HTTP',
    description: changes.discount
      ? 'a request for an order with a discount'
      : 'a request for an existing order',
    providerStates: [{ name: 'an order with the id exists', params: { id: ORDER_ID } }],
    request: { method: 'GET', path: `/orders/${ORDER_ID}`, headers: { Accept: ['application/json'] } },
    response: {
      status: 200,
      headers: { 'Content-Type': ['application/json; charset=utf-8'] },
      body: json(changes.discount ? { ...order, discount: { amount: 100, currency: 'EUR' } } : order),
      matchingRules: {
        header: {
          'Content-Type': {
            combine: 'AND',
            matchers: [{ match: 'regex', regex: '^application/json(;.*)?$' }],
          },
        },
        body: { '$.items': { combine: 'AND', matchers: [{ match: 'type', min: 1 }] } },
      },
    },
  };
  const place = {
    type: 'Synchronous/HTTP',
    description: 'a request to place an order',
    request: {
      method: 'POST',
      path: '/orders',
      headers: { 'Content-Type': ['application/json'] },
      body: json({
        customerId: 'cus_8f3kQ2Lm',
        items: [{ sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
        shippingAddress: {
          name: 'Ada Lovelace',
          line1: 'Hauptstr. 1',
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
      }),
    },
    response: {
      status: 201,
      headers: { 'Content-Type': ['application/json; charset=utf-8'], Location: [`/orders/${ORDER_ID}`] },
      body: json(order),
    },
  };
  const missing = {
    type: 'Synchronous/HTTP',
    description: changes.teapot ? 'a request for a teapot' : 'a request for an order that does not exist',
    request: { method: 'GET', path: '/orders/00000000-0000-4000-8000-000000000404' },
    response: changes.teapot
      ? { status: 418 }
      : { status: 404, body: json({ code: 'NOT_FOUND', message: 'gone', requestId: 'r-1' }) },
  };
  return {
    consumer: { name: 'checkout-web' },
    provider: { name: 'orders-service' },
    interactions: [place, get, missing],
    metadata: { pactSpecification: { version: '4.0' } },
  };
}

describe('bi-directional contract testing with the official CLIs', () => {
  let b: TestBroker;
  let dir: string;
  let document: string;
  let base: string[];
  const publishContract = (version: string, ...flags: string[]) =>
    pactflow([
      'publish-provider-contract',
      document,
      '--provider',
      'orders-service',
      '--provider-app-version',
      version,
      '--retries',
      '0',
      ...base,
      ...flags,
    ]);
  const passing = (report: string) => [
    '--verification-success',
    '--verification-results',
    report,
    '--verification-results-content-type',
    'application/json',
    '--verification-results-format',
    'json',
    '--verifier',
    'vitest',
    '--verifier-version',
    '4.0.0',
  ];
  const publishPact = async (version: string, pact: unknown, branch: string) => {
    const folder = join(dir, `pact-${version}`);
    await mkdir(folder);
    await writeFile(join(folder, 'checkout-web-orders-service.json'), JSON.stringify(pact));
    return cli(['publish', folder, '--consumer-app-version', version, '--branch', branch, ...base]);
  };
  const deploy = (pacticipant: string, version: string, instance?: string) =>
    cli([
      'record-deployment',
      '--pacticipant',
      pacticipant,
      '--version',
      version,
      '--environment',
      'production',
      ...(instance ? ['--application-instance', instance] : []),
      ...base,
    ]);
  const canIDeploy = (pacticipant: string, version: string) =>
    cli([
      'can-i-deploy',
      '--pacticipant',
      pacticipant,
      '--version',
      version,
      '--to-environment',
      'production',
      ...base,
    ]);
  let report: string;

  beforeAll(async () => {
    b = await startBroker();
    base = ['--broker-base-url', b.url];
    dir = await mkdtemp(join(tmpdir(), 'accord-bdct-'));
    document = loadOpenApiDocument().path;
    report = join(dir, 'report.json');
    await writeFile(report, JSON.stringify({ numTotalTests: 19, numFailedTests: 0, success: true }));
    // `production` exists from the first migration, as in the official broker.
  });
  afterAll(async () => {
    await b?.close();
  });

  it("publishes the generated document with a passing self-verification (the issue's command)", async () => {
    const r = await publishContract(
      '1.0.0',
      '--branch',
      'main',
      '--tag',
      'dev,prod',
      '--content-type',
      'application/yaml',
      '--build-url',
      'http://ci/1',
      ...passing(report),
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('Created orders-service version 1.0.0 with branch main and tags dev, prod');
    expect(r.stdout).toContain(
      'Provider contract published for orders-service version 1.0.0 with successful self verification results.',
    );
    const contract = await api(
      b.url,
      'GET',
      '/contracts/bi-directional/provider/orders-service/version/1.0.0/provider-contract',
    );
    expect(contract.status).toBe(200);
    expect(contract.body).toMatchObject({
      providerName: 'orders-service',
      providerVersionNumber: '1.0.0',
      branches: ['main'],
      tags: ['dev', 'prod'],
      specificationVersion: '3.1.0',
      contentType: 'application/yaml',
      content: loadOpenApiDocument().text,
      buildUrl: 'http://ci/1',
      verificationStatus: 'success',
    });
    const self = await api(
      b.url,
      'GET',
      new URL(contract.body._links['pf:provider-contract-verification-results'].href).pathname,
    );
    expect(self.body).toMatchObject({
      success: true,
      verifier: 'vitest',
      verifierVersion: '4.0.0',
      format: 'json',
    });
    expect(JSON.parse(self.body.content)).toMatchObject({ numFailedTests: 0 });
    const described = await cli([
      'describe-version',
      '--pacticipant',
      'orders-service',
      '--version',
      '1.0.0',
      ...base,
    ]);
    expect(described.stdout).toMatch(/dev, prod|dev,prod/);
  });

  it('checks a new pact against the provider contract at once; a pact that fits can be deployed (BDCT row)', async () => {
    expect((await deploy('orders-service', '1.0.0')).code).toBe(0);
    const published = await publishPact('c1', checkoutPact(), 'main');
    expect(published.code, published.stdout).toBe(0);
    expect(published.stdout).toMatch(
      /Compared with the provider contract of orders-service version 1\.0\.0 \([^)]*production[^)]*\): compatible/,
    );
    // Stored by the publish itself, before any matrix query asked for it.
    const { rows } = await b.broker.db.query<{ success: boolean }>(
      `SELECT r.success FROM cross_contract_results r JOIN pact_publications pp ON pp.pact_version_id = r.pact_version_id
         JOIN versions v ON v.id = pp.consumer_version_id WHERE v.number = 'c1'`,
    );
    expect(rows).toEqual([{ success: true }]);
    const yes = await canIDeploy('checkout-web', 'c1');
    expect(yes.code, yes.stdout).toBe(0);
    expect(yes.stdout).toContain('Computer says yes');
    expect(yes.stdout).toMatch(
      /checkout-web\s+┆\s+c1\s+┆\s+orders-service\s+┆\s+1\.0\.0\s+┆\s+true\s+┆\s+1\s+┆\s+BDCT/,
    );
    const matrix = await api(
      b.url,
      'GET',
      '/matrix?q[][pacticipant]=checkout-web&q[][version]=c1&latestby=cvpv&environment=production',
    );
    expect(matrix.body.matrix).toHaveLength(1);
    expect(matrix.body.matrix[0]).toMatchObject({
      verificationType: 'BDCT',
      verificationResult: { success: true },
    });
    const pair = await api(
      b.url,
      'GET',
      new URL(matrix.body.matrix[0].verificationResult._links.self.href).pathname,
    );
    expect(pair.status).toBe(200);
    expect(pair.body).toMatchObject({
      success: true,
      verificationStatus: 'success',
      reasons: [],
      comparison: { success: true, interactionsCompared: 3, errors: [] },
      _embedded: { crossContractVerificationResults: { success: true, verifier: '@accord/cross-contract' } },
    });
  });

  it('says no to a pact that reads a field or a status the document does not have, naming the interaction and the pointers', async () => {
    const published = await publishPact(
      'c2',
      checkoutPact({ discount: true, teapot: true }),
      'feat/discount',
    );
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(
      /Compared with the provider contract of orders-service version 1\.0\.0 .*incompatible \(2 errors\)/,
    );
    const no = await canIDeploy('checkout-web', 'c2');
    expect(no.code).toBe(1);
    expect(no.stdout).toContain('Computer says no');
    expect(no.stdout).toMatch(/┆\s+false\s+┆\s+1\s+┆\s+BDCT/);
    expect(no.stdout).toContain('the pact does not fit the provider contract (2 errors)');
    expect(no.stdout).toMatch(
      /interaction "a request for an order with a discount" \(GET \/orders\/\{id\}\) response\.body\.incompatible at pact \/interactions\/\d+\/response\/body\/content\/discount, contract \/components\/schemas\/OrderV1\/additionalProperties/,
    );
    expect(no.stdout).toMatch(
      /interaction "a request for a teapot" \(GET \/orders\/\{id\}\) response\.status\.unknown at pact \/interactions\/\d+\/response\/status, contract \/paths\/~1orders~1\{id\}\/get\/responses/,
    );
  });

  it('says no on the provider side while an incompatible consumer version is deployed', async () => {
    expect((await deploy('checkout-web', 'c1', 'eu')).code).toBe(0);
    expect((await deploy('checkout-web', 'c2', 'us')).code).toBe(0);
    const r = await canIDeploy('orders-service', '1.0.0');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /The verification for the pact between .*c2.* and version 1\.0\.0 of orders-service failed/,
    );
    expect(r.stdout).not.toMatch(/between [^\n]*\bc1\b[^\n]* failed/);
  });

  it('lets can-i-merge decide on the main-branch head of the provider', async () => {
    await cli(['create-or-update-pacticipant', '--name', 'orders-service', '--main-branch', 'main', ...base]);
    const merge = await cli(['can-i-merge', '--pacticipant', 'checkout-web', '--version', 'c1', ...base]);
    expect(merge.code, merge.stdout).toBe(0);
    expect(merge.stdout).toContain('BDCT');
  });

  it('recomputes a comparison that was never made (or made by older rules) on demand', async () => {
    await b.broker.db.query('DELETE FROM cross_contract_results');
    const r = await canIDeploy('checkout-web', 'c1');
    expect(r.code).toBe(0);
    const { rows } = await b.broker.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM cross_contract_results',
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('lets a pact verification of the same provider version decide over its provider contract', async () => {
    await verify(b.url, 'checkout-web', 'c1', 'orders-service', '1.0.0', false);
    const r = await canIDeploy('checkout-web', 'c1');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/┆\s+false\s+┆\s+\d+\s+┆\s+CDCT/);
  });

  it('republishes the same document (a new self-verification) and refuses different content for the version', async () => {
    const again = await publishContract('1.0.0', '--branch', 'main', ...passing(report));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      'Provider contract with the same content published for orders-service version 1.0.0',
    );
    const self = await api(
      b.url,
      'GET',
      '/contracts/bi-directional/provider/orders-service/version/1.0.0/provider-contract-verification-results',
    );
    expect(self.body.history).toHaveLength(1);
    const other = join(dir, 'other.yaml');
    await writeFile(other, 'openapi: 3.1.0\ninfo: {title: other, version: "1"}\npaths: {}\n');
    const changed = await pactflow([
      'publish-provider-contract',
      other,
      '--provider',
      'orders-service',
      '--provider-app-version',
      '1.0.0',
      '--verification-success',
      '--verifier',
      'vitest',
      '--retries',
      '0',
      ...base,
    ]);
    expect(changed.code).toBe(1);
    expect(changed.stdout + changed.stderr).toContain(
      'Cannot change the content of the provider contract for orders-service version 1.0.0',
    );
  });

  it('rejects documents it cannot compare with a message naming the field and the problem', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['v32.yaml', 'openapi: 3.2.0\npaths: {}\n', /contract\.content: OpenAPI 3\.2\.0 is not supported/],
      [
        'broken.yaml',
        'openapi: 3.1.0\npaths:\n  /x: [unclosed\n',
        /contract\.content: is not valid YAML\/JSON: .*\(line \d+, column \d+\)/,
      ],
      [
        'remote.json',
        JSON.stringify({
          openapi: '3.0.3',
          info: { title: 't', version: '1' },
          paths: { '/x': { get: { responses: { '200': { $ref: 'common.yaml#/R' } } } } },
        }),
        /contract\.content: \$ref 'common\.yaml#\/R' at \/paths\/~1x\/get\/responses\/200 is not a local reference/,
      ],
    ];
    for (const [name, text, expected] of cases) {
      const file = join(dir, name);
      await writeFile(file, text);
      const r = await pactflow([
        'publish-provider-contract',
        file,
        '--provider',
        'orders-service',
        '--provider-app-version',
        `bad-${name}`,
        '--retries',
        '0',
        ...base,
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(expected);
    }
    const spec = await pactflow([
      'publish-provider-contract',
      document,
      '--provider',
      'orders-service',
      '--provider-app-version',
      'bad-spec',
      '--specification',
      'asyncapi',
      '--retries',
      '0',
      ...base,
    ]);
    expect(spec.stdout + spec.stderr).toContain(
      "'asyncapi' is not supported; only 'oas' (OpenAPI) provider contracts are",
    );
    const versions = await api(b.url, 'GET', '/pacticipants/orders-service/versions');
    expect(versions.body._embedded.versions.map((v: { number: string }) => v.number)).not.toContain(
      'bad-spec',
    );
  });

  it('answers bad publish bodies sent directly with 400 naming the field', async () => {
    const post = (body: unknown) =>
      api(b.url, 'POST', '/provider-contracts/provider/orders-service/publish', body);
    const badBase64 = await post({ pacticipantVersionNumber: 'x1', contract: { content: '***' } });
    expect(badBase64.status).toBe(400);
    expect(badBase64.headers.get('content-type')).toContain('application/hal+json');
    expect(badBase64.body.errors).toEqual({ 'contract.content': ['is not valid base64'] });
    const notUtf8 = await post({
      pacticipantVersionNumber: 'x1',
      contract: { content: Buffer.from([0xc3, 0x28]).toString('base64') },
    });
    expect(notUtf8.body.errors).toEqual({ 'contract.content': ['is not valid UTF-8'] });
    const notJson = await api(
      b.url,
      'POST',
      '/provider-contracts/provider/orders-service/publish',
      '{"pacticipantVersionNumber":',
    );
    expect(notJson.status).toBe(400);
    const unknownProvider = await api(b.url, 'GET', '/provider-contracts/provider/nobody');
    expect(unknownProvider.status).toBe(404);
  });

  it('says no when the deployed provider version published a failed self-verification, or none', async () => {
    const failed = await publishContract(
      '2.0.0',
      '--branch',
      'main',
      '--no-verification-success',
      '--verifier',
      'vitest',
    );
    expect(failed.code).toBe(0);
    expect(failed.stdout).toContain('with failed self verification results');
    await deploy('orders-service', '2.0.0');
    const r = await canIDeploy('checkout-web', 'c1');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("the provider contract's self-verification failed (verifier vitest)");

    const none = await publishContract('3.0.0', '--verification-success');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain(
      'No self verification results were published for orders-service version 3.0.0',
    );
    await deploy('orders-service', '3.0.0');
    const unverified = await canIDeploy('checkout-web', 'c1');
    expect(unverified.code).toBe(1);
    expect(unverified.stdout).toContain(
      'no self-verification results were published with the provider contract of version 3.0.0',
    );
  });

  it('lists a provider’s contracts and renders the pages, escaped', async () => {
    const list = await api(b.url, 'GET', '/provider-contracts/provider/orders-service?branch=main');
    expect(
      list.body._embedded.providerContracts.map(
        (c: { providerVersionNumber: string }) => c.providerVersionNumber,
      ),
    ).toEqual(['2.0.0', '1.0.0']);
    expect(list.body._embedded.providerContracts[0]).not.toHaveProperty('content');
    const latest = await api(b.url, 'GET', '/provider-contracts/provider/orders-service/main-branch/latest');
    expect(latest.body).toMatchObject({ providerVersionNumber: '2.0.0', verificationStatus: 'failed' });
    expect(
      (await api(b.url, 'GET', '/provider-contracts/provider/orders-service/latest')).body.verificationStatus,
    ).toBe('unverified');
    expect(
      (
        await api(
          b.url,
          'GET',
          '/contracts/bi-directional/provider/orders-service/version/9.9/provider-contract',
        )
      ).status,
    ).toBe(404);

    const html = async (path: string) => {
      const res = await fetch(`${b.url}${path}`, { headers: { Accept: 'text/html' } });
      expect(res.headers.get('content-type')).toContain('text/html');
      return res.text();
    };
    const contracts = await html('/ui/provider-contracts/provider/orders-service');
    expect(contracts).toContain('/ui/provider-contracts/provider/orders-service/version/1.0.0');
    const contract = await html('/ui/provider-contracts/provider/orders-service/version/1.0.0');
    expect(contract).toContain('id="document"');
    expect(contract).toContain('&quot;#/components/schemas/OrderV1&quot;');
    expect(contract).not.toContain('<script');
    const pair = await html(
      '/ui/cross-contract/provider/orders-service/version/1.0.0/consumer/checkout-web/version/c2',
    );
    expect(pair).toContain('cannot be deployed together');
    expect(pair).toContain('response.body.incompatible');
    expect(pair).toContain('/components/schemas/OrderV1/additionalProperties');
    expect(pair).toMatch(/\/interactions\/\d+\/response\/body\/content\/discount/);
    const index = await html('/');
    expect(index).toContain('href="/ui/provider-contracts/provider/orders-service"');
    const matrixPage = await html('/ui/matrix?consumer=checkout-web&provider=orders-service');
    expect(matrixPage).toContain(
      '/ui/cross-contract/provider/orders-service/version/1.0.0/consumer/checkout-web/version/c2',
    );

    // Rendered by a real browser: the mismatch table, one row per mismatch, readable without scripts.
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false });
      await page.goto(
        `${b.url}/ui/cross-contract/provider/orders-service/version/1.0.0/consumer/checkout-web/version/c2`,
      );
      const rows = page.locator('#mismatches tbody tr.error');
      expect(await rows.count()).toBe(2);
      const codes = await rows.locator('td:nth-child(2)').allTextContents();
      expect(codes.sort()).toEqual(['response.body.incompatible', 'response.status.unknown']);
      expect(await page.locator('#verdict').textContent()).toContain(
        'the pact does not fit the provider contract',
      );
      expect(await page.locator('#mismatches').textContent()).toContain(
        'a request for an order with a discount',
      );
    } finally {
      await browser.close();
    }
  });
});
