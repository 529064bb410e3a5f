// The pages honour the broker's credentials as the API does: read access for every page, write access for the
// retry form's POST, the form itself shown only to writers, and a post from another site refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagesBrokerConfig, seedPages } from './support/pages-seed.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const writer = basic('admin', 'w-secret');
const reader = basic('viewer', 'r-secret');

describe('the pages with credentials configured', () => {
  let b: TestBroker;
  let dead: string;
  const get = (path: string, authorization?: string) =>
    fetch(b.url + path, {
      headers: { Accept: 'text/html', ...(authorization ? { Authorization: authorization } : {}) },
    });
  const retry = (authorization: string, headers: Record<string, string> = {}) =>
    fetch(`${b.url}/ui/triggered-webhooks/${dead}/retry`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        Authorization: authorization,
        'Content-Type': 'application/x-www-form-urlencoded',
        ...headers,
      },
    });

  beforeAll(async () => {
    b = await startBroker({
      config: pagesBrokerConfig(),
      auth: {
        writeUser: { username: 'admin', password: 'w-secret' },
        readUser: { username: 'viewer', password: 'r-secret' },
      },
    });
    ({ deadDelivery: dead } = await seedPages(b.url, 'http://127.0.0.1:9/hook', { authorization: writer }));
  });
  afterAll(async () => {
    await b?.close();
  });

  it('asks anonymous visitors to sign in, with an HTML page, but serves the stylesheet to anyone', async () => {
    for (const path of ['/ui', '/ui/webhooks', '/ui/pacticipants/Orders', '/']) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
      if (path !== '/') expect(await res.text()).toContain('<h1>Sign in required</h1>');
    }
    expect((await get('/ui/style.css')).status).toBe(200);
    expect((await get('/ui', basic('viewer', 'wrong'))).status).toBe(401);
  });

  it('shows every page to readers, without the retry form, and refuses their retry', async () => {
    for (const path of ['/ui', '/ui/network', '/ui/pacticipants/Orders', '/ui/matrix?pacticipant=Orders']) {
      expect((await get(path, reader)).status, path).toBe(200);
    }
    const page = await (await get('/ui/webhooks', reader)).text();
    expect(page).toContain(dead.slice(0, 8));
    expect(page).not.toContain('<form method="post"');
    expect(page).toContain('needs write access');
    const refused = await retry(reader);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('<h1>Sign in required</h1>');
    expect(
      (await fetch(`${b.url}/triggered-webhooks/${dead}`, { headers: { Authorization: writer } })).ok,
    ).toBe(true);
  });

  it('shows writers the retry form, re-queues on their same-site post and refuses a cross-site one', async () => {
    const page = await (await get('/ui/webhooks', writer)).text();
    expect(page).toContain(`action="/ui/triggered-webhooks/${dead}/retry"`);
    const forged = await retry(writer, { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('<h1>Not allowed</h1>');
    const ok = await retry(writer, { Origin: b.url, 'Sec-Fetch-Site': 'same-origin' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/ui/webhooks?retried=${dead}`);
    // Re-queued with a fresh set of tries: the relay tries it again.
    let executions = 0;
    for (let n = 0; n < 100 && executions <= 3; n++) {
      const detail = (await (
        await fetch(`${b.url}/triggered-webhooks/${dead}`, {
          headers: { Authorization: writer, Accept: 'application/hal+json' },
        })
      ).json()) as { executions: unknown[] };
      executions = detail.executions.length;
      if (executions <= 3) await new Promise((r) => setTimeout(r, 20));
    }
    expect(executions).toBeGreaterThan(3);
    const again = await retry(writer);
    expect([303, 409]).toContain(again.status);
  });
});
