// `npm run screenshots -w @accord/pact-broker [-- <folder>]`: starts a broker on a temporary PGlite folder, seeds
// it (test/support/pages-seed.ts), and writes a PNG of every page (and the overview in the dark theme) to the
// folder (default: screenshots/), printing each file's path.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createBroker } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import { ORDERS_V1, pagesBrokerConfig, seedPages } from '../test/support/pages-seed.js';

const out = resolve(process.argv[2] ?? 'screenshots');
const dataDir = await mkdtemp(join(tmpdir(), 'accord-broker-screenshots-'));
const broker = await createBroker(
  defaultConfig({ host: '127.0.0.1', port: 0, dataDir, ...pagesBrokerConfig() }),
  {
    log: (level, message) => {
      if (level === 'error') process.stderr.write(`[broker] ${message}\n`);
    },
  },
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking'],
});
try {
  // Port 9 (discard) refuses connections: the webhook's delivery goes dead.
  await seedPages(broker.url, 'http://127.0.0.1:9/hook');
  await mkdir(out, { recursive: true });
  const pages: Array<[name: string, path: string]> = [
    ['overview', '/ui'],
    ['overview-filtered', '/ui?team=commerce'],
    ['network', '/ui/network'],
    ['pacticipant', '/ui/pacticipants/Orders'],
    ['version', '/ui/pacticipants/Mobile/versions/2.0.0'],
    ['can-i-deploy', '/ui/can-i-deploy?pacticipant=Mobile&version=2.0.0&environment=production'],
    ['matrix', '/ui/matrix?pacticipant=Orders'],
    ['pact-v4', '/ui/pacts/provider/Orders/consumer/Mobile/latest'],
    ['pact-message', '/ui/pacts/provider/Orders/consumer/Mailer/latest'],
    ['pact-diff', '/ui/pacts/provider/Orders/consumer/Web/latest'],
    ['verifications', '/ui/verifications/provider/Orders/consumer/Mobile'],
    ['webhooks', '/ui/webhooks'],
    ['error-404', '/ui/pacticipants/Nobody'],
  ];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const shoot = async (name: string, path: string, p = page) => {
    await p.goto(broker.url + path);
    const file = join(out, `${name}.png`);
    await p.screenshot({ path: file, fullPage: true });
    console.log(file);
  };
  for (const [name, path] of pages) await shoot(name, path);
  await page.goto(`${broker.url}/ui/pacts/provider/Orders/consumer/Mobile/latest`);
  const verification = await page.locator('#latest-verification a').getAttribute('href');
  if (verification) await shoot('verification', verification);
  await shoot('version-provider', `/ui/pacticipants/Orders/versions/${ORDERS_V1}`);
  const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  await shoot('overview-dark', '/ui', await dark.newPage());
  await shoot('network-dark', '/ui/network', await dark.newPage());
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  await shoot('overview-phone', '/ui', await phone.newPage());
} finally {
  await browser.close();
  await broker.close();
  await rm(dataDir, { recursive: true, force: true });
}
