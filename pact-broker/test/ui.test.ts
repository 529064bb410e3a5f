// End-to-end in Chromium (playwright-core): the HTML index lists integrations with their latest pact and
// verification, and links to a readable pact, the verification history and a matrix view. No JavaScript needed.

import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, getThing, pactDoc, publish } from './support/clients.js';
import { publishPact, verify } from './support/scenario.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

describe('HTML pages', () => {
  let b: TestBroker;
  let browser: Browser;
  beforeAll(async () => {
    b = await startBroker();
    await publishPact(b.url, 'Web', '1', 'Orders', { id: 1 });
    await verify(b.url, 'Web', '1', 'Orders', 'o1', false);
    await verify(b.url, 'Web', '1', 'Orders', 'o2', true);
    const res = await publish(b.url, {
      consumer: 'Web',
      provider: 'Billing <script>',
      version: '2',
      content: pactDoc('Web', 'Billing <script>', [
        {
          ...getThing('/invoices?x=<b>', { note: '<img src=x onerror=alert(1)>' }),
          providerState: 'an invoice exists',
        },
      ]),
    });
    expect(res.status).toBeLessThan(300);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await b?.close();
  });

  it('serves HTML to browsers and HAL to API clients on /', async () => {
    const htmlRes = await fetch(`${b.url}/`, {
      headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(htmlRes.headers.get('content-type')).toContain('text/html');
    const hal = await api(b.url, 'GET', '/');
    expect(hal.headers.get('content-type')).toContain('application/hal+json');
    expect(hal.body._links['pb:publish-contracts']).toBeDefined();
  });

  it('lists integrations with the latest pact and verification, escaped, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const pageObj = await context.newPage();
    await pageObj.goto(`${b.url}/`);
    expect(await pageObj.title()).toBe('Pact Broker');
    const rows = pageObj.locator('#integrations tbody tr');
    expect(await rows.count()).toBe(2);
    const orders = pageObj.locator('tr[data-provider="Orders"]');
    expect(await orders.locator('td').nth(0).innerText()).toBe('Web');
    expect(await orders.locator('.pact').innerText()).toBe('version 1');
    expect(await orders.locator('.verification').innerText()).toMatch(/passed\s+by o2 \d+ seconds? ago/);
    // The hostile pacticipant name is shown as text, not markup.
    expect(await pageObj.locator('script').count()).toBe(0);
    expect(await pageObj.locator('tr[data-provider="Billing <script>"] td').nth(1).innerText()).toBe(
      'Billing <script>',
    );
    expect(await pageObj.locator('tr[data-provider="Billing <script>"] .verification').innerText()).toBe(
      'not verified',
    );
    await context.close();
  });

  it('follows the links to the pact, its verification history and the matrix', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const p = await context.newPage();
    await p.goto(`${b.url}/`);
    await p.locator('tr[data-provider="Billing <script>"] .pact').click();
    expect(await p.locator('h1').innerText()).toBe('Pact between Web (2) and Billing <script>');
    expect(await p.locator('.interaction h3').innerText()).toBe('1. a request for /invoices?x=<b>');
    expect(await p.locator('.interaction').innerText()).toContain('Given an invoice exists');
    expect(await p.locator('.interaction').innerText()).toContain('"note": "<img src=x onerror=alert(1)>"');
    expect(await p.locator('img').count()).toBe(0);

    await p.goto(`${b.url}/`);
    await p.locator('tr[data-provider="Orders"] .history').click();
    const history = p.locator('#verifications tbody tr');
    expect(await history.count()).toBe(2);
    expect(await history.nth(0).innerText()).toMatch(/o2.*passed/s);
    expect(await history.nth(1).innerText()).toMatch(/o1.*failed/s);

    await p.goto(`${b.url}/`);
    await p.locator('tr[data-provider="Orders"] .matrix').click();
    const matrixRows = p.locator('#matrix tbody tr');
    expect(await matrixRows.count()).toBe(2);
    expect(await matrixRows.nth(0).innerText()).toMatch(/1.*o2.*passed/s);
    await p.locator('#matrix tbody tr a').first().click();
    expect(await p.locator('h1').innerText()).toBe('Pact between Web (1) and Orders');
    await context.close();
  });
});
