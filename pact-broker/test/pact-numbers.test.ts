// Numbers in a pact come back as the consumer wrote them (JSON.parse alone would turn 12345678901234567890 into
// 12345678901234567000 and 100.0 into 100), through both publish routes and every way of reading a pact; a number
// beyond a double's range is a 400 naming where it is.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/clients.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

const BODY = '{"id":12345678901234567890,"price":100.0,"rate":1E-7,"count":2,"ratio":0.5}';
const pactText = (consumer: string, description: string, body = BODY) =>
  `{"consumer":{"name":"${consumer}"},"provider":{"name":"Ledger"},"interactions":[{"description":"${description}","request":{"method":"GET","path":"/a"},"response":{"status":200,"body":${body}}}],"metadata":{"pactSpecification":{"version":"2.0.0"}}}`;

async function publishText(url: string, consumer: string, version: string, text: string) {
  return api(url, 'POST', '/contracts/publish', {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    contracts: [
      {
        consumerName: consumer,
        providerName: 'Ledger',
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(text).toString('base64'),
      },
    ],
  });
}

/** The raw text of a read, so the numbers are seen as sent. */
async function rawText(url: string, path: string): Promise<string> {
  const res = await fetch(`${url}${path}`, { headers: { Accept: 'application/hal+json' } });
  expect(res.status).toBe(200);
  return res.text();
}

describe('numbers in pact content', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startBroker();
  });
  afterAll(async () => {
    await b?.close();
  });

  it('are read back as written after POST /contracts/publish, by version, latest and content permalink', async () => {
    expect((await publishText(b.url, 'Books', '1', pactText('Books', 'a'))).status).toBe(200);
    const byVersion = await rawText(b.url, '/pacts/provider/Ledger/consumer/Books/version/1');
    expect(byVersion).toContain(`"body":${BODY}`);
    expect(await rawText(b.url, '/pacts/provider/Ledger/consumer/Books/latest')).toContain(`"body":${BODY}`);
    const permalink = JSON.parse(byVersion)._links['pb:pact-version'].href.replace(b.url, '');
    expect(await rawText(b.url, permalink)).toContain(`"body":${BODY}`);
  });

  it('are read back as written after PUT of the pact', async () => {
    const res = await fetch(`${b.url}/pacts/provider/Ledger/consumer/Cards/version/1`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: pactText('Cards', 'a'),
    });
    expect(res.status).toBe(201);
    expect(await rawText(b.url, '/pacts/provider/Ledger/consumer/Cards/version/1')).toContain(
      `"body":${BODY}`,
    );
  });

  it('that JavaScript reads as one double are different content', async () => {
    const other = BODY.replace('12345678901234567890', '12345678901234567891');
    expect((await publishText(b.url, 'Maps', '1', pactText('Maps', 'a'))).status).toBe(200);
    expect((await publishText(b.url, 'Maps', '2', pactText('Maps', 'a', other))).status).toBe(200);
    const sha = async (v: string) =>
      JSON.parse(await rawText(b.url, `/pacts/provider/Ledger/consumer/Maps/version/${v}`))._links[
        'pb:pact-version'
      ].name;
    expect(await sha('1')).not.toBe(await sha('2'));
    expect(await rawText(b.url, '/pacts/provider/Ledger/consumer/Maps/version/2')).toContain(
      '"id":12345678901234567891',
    );
  });

  it('show as written in pact diffs, the HTML page and a publish conflict', async () => {
    const other = BODY.replace('100.0', '100');
    expect((await publishText(b.url, 'Diffs', '1', pactText('Diffs', 'a'))).status).toBe(200);
    expect((await publishText(b.url, 'Diffs', '2', pactText('Diffs', 'a', other))).status).toBe(200);
    const diff = await fetch(
      `${b.url}/pacts/provider/Ledger/consumer/Diffs/version/2/diff/previous-distinct`,
    );
    const text = await diff.text();
    expect(text).toMatch(/^- +"price": 100\.0,$/m);
    expect(text).toMatch(/^\+ +"price": 100,$/m);
    expect(text).not.toContain('\\u0000');
    const page = await (await fetch(`${b.url}/ui/pacts/provider/Ledger/consumer/Diffs/version/1`)).text();
    expect(page).toContain('12345678901234567890');
    expect(page).toContain('100.0');
    expect(page).not.toContain('\\u0000');
    const conflict = await publishText(b.url, 'Diffs', '1', pactText('Diffs', 'a', other));
    expect(conflict.status).toBe(409);
    expect(conflict.body.notices[1].text).toMatch(/^\+ +"price": 100,$/m);
  });

  it('beyond a double are a 400 naming where, and nothing is stored', async () => {
    const r = await publishText(b.url, 'Huge', '1', pactText('Huge', 'a', '{"x":1e400}'));
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.errors)).toEqual(['contracts[0].content.interactions[0].response.body.x']);
    expect((await api(b.url, 'GET', '/pacticipants/Huge/versions/1')).status).toBe(404);
  });
});
