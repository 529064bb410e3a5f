// End-to-end in Chromium (playwright-core) over a seeded broker: every page's content, its links (followed), the
// filters and forms (submitted without JavaScript), the retry form re-queuing a dead delivery, HTML error pages,
// the CSP, and an axe accessibility check of each page in the light and the dark theme.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, getThing, pactDoc, publish } from './support/clients.js';
import { ORDERS_V1, ORDERS_V2, pagesBrokerConfig, seedPages } from './support/pages-seed.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

describe('the broker pages', () => {
  let b: TestBroker;
  let rx: Receiver;
  let browser: Browser;
  /** No JavaScript: the pages must work without it. */
  let plain: BrowserContext;
  /** JavaScript on, only to run axe. */
  let light: BrowserContext;
  let dark: BrowserContext;
  let p: Page;
  let deadDelivery: string;
  const checked: string[] = [];

  const axePages = new Map<BrowserContext, Page>();
  async function accessible(path: string, context = light): Promise<void> {
    const page = axePages.get(context) ?? (await context.newPage());
    axePages.set(context, page);
    await page.goto(b.url + path);
    await page.evaluate(await axeSource);
    const violations = (await page.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: axe is the injected global.
      const result = await (globalThis as any).axe.run(document, { resultTypes: ['violations'] });
      return result.violations;
    })) as AxeViolation[];
    checked.push(path);
    expect(
      violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      path,
    ).toEqual([]);
  }

  const go = async (path: string) => {
    const res = await p.goto(b.url + path);
    return res!;
  };
  const text = (selector: string) => p.locator(selector).innerText();

  beforeAll(async () => {
    rx = await startReceiver();
    rx.script('/hook', [503]);
    b = await startBroker({ config: pagesBrokerConfig() });
    ({ deadDelivery } = await seedPages(b.url, `${rx.url}/hook`));
    // A hostile name: it must show as text everywhere.
    const res = await publish(b.url, {
      consumer: 'Web',
      provider: 'Billing <script>',
      version: '1.1.0',
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
    plain = await browser.newContext({ javaScriptEnabled: false });
    light = await browser.newContext({ colorScheme: 'light' });
    dark = await browser.newContext({ colorScheme: 'dark' });
    p = await plain.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await b?.close();
    await rx?.close();
  });

  it('serves the overview to browsers on / and the HAL index to API clients, linked both ways', async () => {
    const res = await go('/');
    expect(res.headers()['content-type']).toContain('text/html');
    expect(await text('h1')).toBe('Overview');
    const hal = await api(b.url, 'GET', '/');
    expect(hal.headers.get('content-type')).toContain('application/hal+json');
    await p.locator('footer a', { hasText: 'HAL index' }).click();
    expect(JSON.parse(await p.locator('body').innerText())._links['pb:pacticipants']).toBeDefined();
  });

  it('sends a CSP without scripts or inline styles, and a stylesheet with light and dark themes', async () => {
    const res = await go('/ui');
    const csp = res.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const markup = await res.text();
    expect(markup).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
    const css = await fetch(`${b.url}/ui/style.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('prefers-color-scheme: dark');
  });

  it('overview: versions per environment, integration states, and the name/label/team filters', async () => {
    await go('/ui');
    const orders = p.locator('#pacticipants tr[data-pacticipant="Orders"]');
    // Git SHAs are shortened, the full number on hover.
    expect(await orders.locator('td[data-environment="production"] abbr').getAttribute('title')).toBe(
      ORDERS_V1,
    );
    expect(await orders.locator('td[data-environment="test"] abbr').getAttribute('title')).toBe(ORDERS_V2);
    expect(await text('#pacticipants tr[data-pacticipant="Billing"] td[data-environment="production"]')).toBe(
      '5.0.0 released',
    );
    const state = (c: string, pr: string) =>
      text(`#integrations tr[data-consumer="${c}"][data-provider="${pr}"] .state`);
    expect(await state('Mobile', 'Orders')).toBe('failed');
    expect(await state('Orders', 'Billing')).toBe('pending');
    expect(await state('Mailer', 'Orders')).toBe('unverified');
    expect(await text('#integrations tr[data-consumer="Mailer"] td:nth-child(3)')).toBe('message');
    // Escaped, never markup.
    expect(await p.locator('main script, main img').count()).toBe(0);
    expect(await p.locator('#integrations tr[data-provider="Billing <script>"] td').nth(1).innerText()).toBe(
      'Billing <script>',
    );

    await p.selectOption('select[name=team]', 'commerce');
    await p.click('form.filters button');
    expect(p.url()).toContain('team=commerce');
    const names = await p.locator('#pacticipants tbody th a').allInnerTexts();
    expect(names).toEqual(['Billing', 'Orders']);
    await p.fill('input[name=name]', 'bill');
    await p.click('form.filters button');
    expect(await p.locator('#pacticipants tbody th a').allInnerTexts()).toEqual(['Billing']);
    await go('/ui?label=frontend');
    expect(await p.locator('#pacticipants tbody th a').allInnerTexts()).toEqual(['Mobile', 'Web']);
    await accessible('/ui');
    await accessible('/ui', dark);
  });

  it('network: a layered SVG, edges by status and kind, nodes linking to pacticipant pages', async () => {
    await go('/ui/network');
    const edge = (c: string, pr: string) =>
      p.locator(`#network path.edge[data-consumer="${c}"][data-provider="${pr}"]`);
    expect(await edge('Mobile', 'Orders').getAttribute('class')).toBe('edge failed http');
    expect(await edge('Mailer', 'Orders').getAttribute('class')).toBe('edge unverified message');
    expect(await edge('Orders', 'Billing').getAttribute('class')).toBe('edge pending http');
    // Layers: consumers left of Orders, Orders left of Billing.
    const x = async (n: string) =>
      Number(await p.locator(`#network g[data-pacticipant="${n}"] rect`).getAttribute('x'));
    expect(await x('Web')).toBeLessThan(await x('Orders'));
    expect(await x('Orders')).toBeLessThan(await x('Billing'));
    expect((await p.locator('.legend li').allInnerTexts()).map((t) => t.trim())).toContain('message');
    await go('/ui/network?team=messaging');
    expect(await p.locator('#network g.node').count()).toBe(2);
    await go('/ui/network');
    await p.locator('#network g[data-pacticipant="Orders"] a').click();
    expect(await text('h1')).toBe('Orders');
    await accessible('/ui/network');
    await accessible('/ui/network', dark);
  });

  it('pacticipant page: versions with branches and deployments, integrations, webhooks, badges to embed', async () => {
    await go('/ui/pacticipants/Orders');
    const versions = p.locator('#versions tbody tr');
    expect(await versions.count()).toBe(2);
    expect(await versions.nth(1).innerText()).toMatch(/main.*deployed to production/s);
    expect(await p.locator('#as-consumer tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^Billing/),
    ]);
    expect((await p.locator('#as-provider tbody tr').allInnerTexts()).length).toBe(3);
    // The global webhook fires for Orders too, and links its row on the webhooks page.
    expect(await text('ul.webhooks')).toContain('Notify the Mailer build');
    // The badges are drawn inline (no image from shields.io); the markdown embeds the badge route.
    expect(await p.locator('.badges li[data-environment="production"] svg').getAttribute('aria-label')).toBe(
      'can-i-deploy: main to production',
    );
    const markdown = await p.locator('.badges li[data-environment="test"] pre.markdown').innerText();
    expect(markdown).toMatch(/^\[!\[can-i-deploy Orders main to test\]\(http/);
    const badgeUrl = /\]\((http[^)]+\/badge)\)/.exec(markdown)![1]!;
    expect((await fetch(badgeUrl, { redirect: 'manual' })).status).toBeLessThan(400);
    expect(await p.locator('main img').count()).toBe(0);
    await p.locator('#versions a', { hasText: ORDERS_V1.slice(0, 11) }).click();
    expect(await text('h1')).toContain(ORDERS_V1);
    await accessible('/ui/pacticipants/Orders');
    await accessible('/ui/pacticipants/Mailer');
  });

  it('version page: its pacts, its verifications, where it runs and can-i-deploy to each environment', async () => {
    await go('/ui/pacticipants/Mobile/versions/2.0.0');
    expect(await text('#placements')).toContain('released to test');
    expect(await text('.deploy[data-environment="production"] .verdict')).toBe('No, you cannot deploy');
    expect(await text('.deploy[data-environment="production"] .reasons')).toContain('failed');
    expect(await text('.deploy[data-environment="test"] .verdict')).toBe('Not yet: something is unknown');
    await p.locator('#pacts a').click();
    expect(await text('h1')).toBe('Pact between Mobile (2.0.0) and Orders');
    await go(`/ui/pacticipants/Orders/versions/${ORDERS_V1}`);
    expect(await p.locator('#verifications-run li').count()).toBe(2);
    await accessible('/ui/pacticipants/Mobile/versions/2.0.0');
    await accessible(`/ui/pacticipants/Orders/versions/${ORDERS_V1}`);
  });

  it('can-i-deploy page: the verdict, rows and reasons the API gives, for a version or a branch head', async () => {
    await go('/ui/can-i-deploy');
    await p.selectOption('select[name=pacticipant]', 'Mobile');
    await p.fill('input[name=version]', '2.0.0');
    await p.selectOption('select[name=environment]', 'production');
    await p.click('form.filters button');
    expect(await text('.verdict')).toBe('No, you cannot deploy');
    const fromApi = await api(
      b.url,
      'GET',
      '/can-i-deploy?pacticipant=Mobile&version=2.0.0&environment=production',
    );
    expect(fromApi.body.summary.deployable).toBe(false);
    expect(await text('.reasons li')).toContain(fromApi.body.summary.reason);
    await p.locator('#matrix a.verification').click();
    expect(await text('h1')).toBe('Verification 1: Mobile by Orders');
    const mismatches = p.locator('#mismatches tbody tr');
    expect(await mismatches.count()).toBe(2);
    expect(await mismatches.nth(0).innerText()).toMatch(
      /a request for an order\s+\$\.total\s+10\.5\s+"10\.50"/,
    );
    expect(await mismatches.nth(1).innerText()).toMatch(/Content-Type\s+application\/json\s+text\/html/);

    await go('/ui/can-i-deploy?pacticipant=Web&branch=main&environment=production');
    expect(await text('.verdict')).toBe('Yes, you can deploy');
    await go('/ui/can-i-deploy?pacticipant=Web&branch=feat/checkout&environment=production');
    expect(await text('.verdict')).toBe('Not yet: something is unknown');
    expect(await text('.reasons')).toContain('There is no verified pact');
    await go('/ui/can-i-deploy?pacticipant=Web&version=9.9.9&environment=production');
    expect(await text('.verdict')).toBe('No, you cannot deploy');
    await accessible('/ui/can-i-deploy?pacticipant=Mobile&version=2.0.0&environment=production');
    await accessible('/ui/can-i-deploy');
  });

  it('matrix page: the API filters change the rows, and long results are paged', async () => {
    await go('/ui/matrix?pacticipant=Orders');
    // As consumer: two pacts for Billing; as provider: two of Web, one of Mobile, two of Mailer.
    expect(await p.locator('#matrix tbody tr').count()).toBe(7);
    await p.fill('input[name=version]', ORDERS_V1);
    await p.click('form.filters button');
    // The rows the API gives for the same selector.
    const fromApi = await api(b.url, 'GET', `/matrix?q[][pacticipant]=Orders&q[][version]=${ORDERS_V1}`);
    expect(fromApi.body.matrix.length).toBeLessThan(7);
    expect(await p.locator('#matrix tbody tr').count()).toBe(fromApi.body.matrix.length);
    await p.selectOption('select[name=pacticipant2]', 'Mobile');
    await p.click('form.filters button');
    expect(await p.locator('#matrix tbody tr').count()).toBe(1);
    await go('/ui/matrix?pacticipant=Web&latestby=cvpv');
    const latest = await p.locator('#matrix tbody tr').count();
    await go('/ui/matrix?pacticipant=Web&limit=1');
    expect(await p.locator('#matrix tbody tr').count()).toBeLessThan(latest + 1);
    await go('/ui/matrix?pacticipant=Orders&size=4');
    expect(await p.locator('#matrix tbody tr').count()).toBe(4);
    const first = await p.locator('#matrix tbody tr').allInnerTexts();
    await p.click('a[rel=next]');
    expect(await p.locator('#matrix tbody tr').count()).toBe(3);
    expect(await p.locator('#matrix tbody tr').allInnerTexts()).not.toEqual(first);
    expect(await text('#row-count')).toContain('page 2 of 2');
    await accessible('/ui/matrix?pacticipant=Orders&size=4');
  });

  it('pact pages: V4 rules and generators beside their values, per-interaction results, messages, the diff', async () => {
    await go('/ui/pacts/provider/Orders/consumer/Mobile/latest');
    const [order, list] = [p.locator('.interaction').nth(0), p.locator('.interaction').nth(1)];
    expect(await order.locator('.result').innerText()).toMatch(/failed.*\$\.total/s);
    expect(await list.locator('.result').innerText()).toContain('passed');
    const rules = await order.locator('.rules').nth(1).innerText();
    expect(rules).toMatch(/body \$\.total\s+decimal/);
    expect(rules).toMatch(/body \$\.id\s+generated: RandomInt \(min 1, max 100\)/);
    expect(await order.locator('.rules').nth(0).innerText()).toContain('regex ^/orders/\\d+$');
    expect(await order.innerText()).toContain('Given an order exists {"id":7}');

    await go('/ui/pacts/provider/Orders/consumer/Mailer/latest');
    const message = p.locator('.interaction.message');
    expect(await message.innerText()).toMatch(
      /Message metadata.*topic: orders\.placed.*Message contents.*"orderId": 7/s,
    );
    expect(await text('#diff summary')).toContain('0.3.0');

    await go('/ui/pacts/provider/Orders/consumer/Web/latest');
    expect(await p.locator('#diff .add').allTextContents()).toContainEqual(
      expect.stringContaining('/orders/1/items'),
    );
    await p.locator('#diff summary').click();
    await p.locator('#diff a').click();
    expect(await text('h1')).toBe('Pact between Web (1.0.0) and Orders');
    expect(await text('#diff')).toBe('This is the first version of this pact.');

    await go('/ui/pacts/provider/Billing%20%3Cscript%3E/consumer/Web/latest');
    expect(await p.locator('.interaction').innerText()).toContain('"note": "<img src=x onerror=alert(1)>"');
    expect(await p.locator('main img').count()).toBe(0);
    await go('/ui/verifications/provider/Orders/consumer/Mobile');
    await p.locator('#verifications tbody a').first().click();
    expect(await text('h1')).toBe('Verification 1: Mobile by Orders');
    await accessible('/ui/pacts/provider/Orders/consumer/Mobile/latest');
    await accessible('/ui/pacts/provider/Orders/consumer/Mailer/latest');
    await accessible('/ui/pacts/provider/Orders/consumer/Web/latest');
    await accessible('/ui/verifications/provider/Orders/consumer/Mobile');
    await accessible(new URL(p.url()).pathname);
  });

  it('webhooks page: the dead delivery with its last error, and a retry form that re-queues it', async () => {
    await go('/ui/webhooks');
    const row = p.locator(`#dead tr[data-delivery="${deadDelivery}"]`);
    expect(await row.locator('.last-error').innerText()).toBe('HTTP 503');
    expect(await text('#webhooks')).toContain('Notify the Mailer build');
    await accessible('/ui/webhooks');
    rx.script('/hook', [200]);
    const before = rx.requests.length;
    await row.locator('button').click();
    expect(p.url()).toBe(`${b.url}/ui/webhooks?retried=${deadDelivery}`);
    expect(await text('#retried')).toContain('queued again');
    await rx.waitFor((r) => r.length > before, 5000);
    let status = '';
    for (let i = 0; i < 100 && status !== 'success'; i++) {
      status = (await api(b.url, 'GET', `/triggered-webhooks/${deadDelivery}`)).body.status;
      if (status !== 'success') await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe('success');
    // A post from another site is refused, even from a writer.
    const forged = await fetch(`${b.url}/ui/triggered-webhooks/${deadDelivery}/retry`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(forged.status).toBe(403);
  });

  it('answers every error under /ui with an HTML page of the same status', async () => {
    for (const [path, status, message] of [
      ['/ui/pacticipants/Nobody', 404, "No pacticipant with name 'Nobody' found"],
      ['/ui/pacticipants/Web/versions/0.0.0', 404, 'No version 0.0.0 of Web found'],
      ['/ui/no-such-page', 404, ''],
      ['/ui/matrix?pacticipant=Nobody', 400, 'Nobody'],
      ['/ui/matrix?pacticipant=Web&limit=0', 400, 'limit'],
    ] as const) {
      const res = await go(path);
      expect(res.status(), path).toBe(status);
      expect(res.headers()['content-type']).toContain('text/html');
      expect(res.headers()['content-security-policy']).toContain("script-src 'none'");
      if (message) expect(await text('main')).toContain(message);
    }
    const wrongMethod = await fetch(`${b.url}/ui/webhooks`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(await wrongMethod.text()).toContain('<h1>Method not allowed</h1>');
    // API errors stay JSON.
    expect((await fetch(`${b.url}/pacticipants/Nobody`)).headers.get('content-type')).toContain('json');
    await accessible('/ui/pacticipants/Nobody');
  });

  it('reads well on a phone: no page scrolls sideways, wide tables scroll inside their box', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      javaScriptEnabled: true,
    });
    const page = await phone.newPage();
    for (const path of ['/ui', '/ui/pacticipants/Orders', '/ui/matrix?pacticipant=Orders', '/ui/webhooks']) {
      await page.goto(b.url + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await phone.close();
    expect(checked.length).toBeGreaterThanOrEqual(18);
  });
});
