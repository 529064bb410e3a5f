// End-to-end: the official Rust `pact-broker` CLI against our broker (publish, describe, tag, list, pacticipants).

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, cli, getThing, pactDoc } from './support/clients.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

describe('pact-broker CLI', () => {
  let b: TestBroker;
  let dir: string;
  let url: string[];
  beforeAll(async () => {
    b = await startBroker();
    url = ['--broker-base-url', b.url];
    dir = await mkdtemp(join(tmpdir(), 'accord-cli-'));
    await writeFile(
      join(dir, 'Web-Orders.json'),
      JSON.stringify(pactDoc('Web', 'Orders', [getThing('/orders/1', { id: 1 })])),
    );
    await writeFile(
      join(dir, 'Web-Billing.json'),
      JSON.stringify(pactDoc('Web', 'Billing', [getThing('/invoices', [])], '3.0.0')),
    );
  });
  afterAll(async () => {
    await b?.close();
  });

  it('publishes a folder of pacts with branch and tag and prints the notices', async () => {
    const r = await cli([
      'publish',
      dir,
      '--consumer-app-version',
      '1.0.0',
      '--branch',
      'main',
      '--tag',
      'dev',
      ...url,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Pact successfully published for Web version 1.0.0 and provider Orders');
    expect(r.stdout).toContain('Pact successfully published for Web version 1.0.0 and provider Billing');
    expect(r.stdout).not.toContain('Failed to process response notices');
    const pact = await api(b.url, 'GET', '/pacts/provider/Orders/consumer/Web/latest');
    expect(pact.status).toBe(200);
    expect(pact.body.interactions[0]._id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('republishing identical content succeeds; changed content for the same version fails with 409 notices', async () => {
    const same = await cli(['publish', dir, '--consumer-app-version', '1.0.0', '--branch', 'main', ...url]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('same content');
    await writeFile(
      join(dir, 'Web-Orders.json'),
      JSON.stringify(pactDoc('Web', 'Orders', [getThing('/orders/1', { id: 2 })])),
    );
    const changed = await cli([
      'publish',
      join(dir, 'Web-Orders.json'),
      '--consumer-app-version',
      '1.0.0',
      ...url,
    ]);
    expect(changed.code).not.toBe(0);
    expect(changed.stdout).toContain('Cannot change the content of the pact for Web version 1.0.0');
    const next = await cli([
      'publish',
      join(dir, 'Web-Orders.json'),
      '--consumer-app-version',
      '1.0.1',
      '--branch',
      'main',
      ...url,
    ]);
    expect(next.code).toBe(0);
  });

  it('describe-pacticipant, list-pacticipants and create-or-update-pacticipant', async () => {
    const created = await cli([
      'create-or-update-pacticipant',
      '--name',
      'Orders',
      '--main-branch',
      'trunk',
      '--repository-url',
      'https://git.example/orders',
      ...url,
    ]);
    expect(created.code).toBe(0);
    const d = await cli(['describe-pacticipant', '--name', 'Orders', ...url]);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('Main Branch: trunk');
    expect(d.stdout).toContain('https://git.example/orders');
    const list = await cli(['list-pacticipants', ...url]);
    expect(list.code).toBe(0);
    for (const name of ['Web', 'Orders', 'Billing']) expect(list.stdout).toContain(name);
    const missing = await cli(['describe-pacticipant', '--name', 'Nope', ...url]);
    expect(missing.code).not.toBe(0);
  });

  it('list-latest-pact-versions shows the latest pact of every integration', async () => {
    const r = await cli(['list-latest-pact-versions', ...url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Web.*1\.0\.1.*Orders/);
    expect(r.stdout).toMatch(/Web.*1\.0\.0.*Billing/);
  });

  it('create-version-tag and describe-version (latest, by tag)', async () => {
    const tag = await cli([
      'create-version-tag',
      '--pacticipant',
      'Web',
      '--version',
      '1.0.0',
      '--tag',
      'prod',
      ...url,
    ]);
    expect(tag.code).toBe(0);
    const latest = await cli(['describe-version', '--pacticipant', 'Web', ...url]);
    expect(latest.code).toBe(0);
    expect(latest.stdout).toContain('1.0.1');
    const prod = await cli(['describe-version', '--pacticipant', 'Web', '--latest', 'prod', ...url]);
    expect(prod.code).toBe(0);
    expect(prod.stdout).toContain('1.0.0');
    expect(prod.stdout).toMatch(/dev.*prod|prod.*dev/);
    const v = await api(b.url, 'GET', '/pacticipants/Web/versions/1.0.0');
    expect(v.body._embedded.tags.map((t: { name: string }) => t.name).sort()).toEqual(['dev', 'prod']);
  });
});
