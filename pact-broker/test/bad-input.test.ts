// Bad input over HTTP, one class per block: a 400 naming the field, never a 5xx or a dropped connection, and
// nothing stored by a rejected write.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, getThing, pactDoc, publish } from './support/clients.js';
import { fingerprint } from './support/fingerprint.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

/** A JSON text with `raw` spliced in verbatim (e.g. `"\\ud800"`, which JSON.stringify would never write). */
const withRaw = (json: unknown, placeholder: string, raw: string) =>
  JSON.stringify(json).replace(JSON.stringify(placeholder), raw);

const LONE = '"a\\ud800b"';

describe('bad input', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startBroker();
    const r = await publish(b.url, {
      consumer: 'Shop',
      provider: 'Stock',
      version: '1',
      branch: 'main',
      content: pactDoc('Shop', 'Stock', [getThing('/a', { x: 1 })]),
    });
    expect(r.status).toBe(200);
  });
  afterAll(async () => {
    await b?.close();
  });

  /** Sends a write and asserts a 400 naming `field`, with every table unchanged. */
  async function rejected(method: string, path: string, body: string, field: string | RegExp) {
    const before = await fingerprint(b.broker.db);
    const r = await api(b.url, method, path, body);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    const fields = Object.keys(r.body.errors ?? {});
    expect(
      fields.some((f) => (typeof field === 'string' ? f === field : field.test(f))),
      fields.join(),
    ).toBe(true);
    expect(await fingerprint(b.broker.db)).toEqual(before);
    return r;
  }

  describe('text that cannot be stored as is', () => {
    const publishBody = (
      extra: Record<string, unknown>,
      content: unknown = pactDoc('Shop', 'Stock', []),
    ) => ({
      pacticipantName: 'Shop',
      pacticipantVersionNumber: '2',
      branch: 'main',
      tags: ['prod'],
      contracts: [
        {
          consumerName: 'Shop',
          providerName: 'Stock',
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)).toString(
            'base64',
          ),
        },
      ],
      ...extra,
    });

    it('a lone surrogate in a publish tag is a 400 before the publish writes anything', async () => {
      await rejected(
        'POST',
        '/contracts/publish',
        withRaw(publishBody({ tags: ['X'] }), 'X', LONE),
        'tags[0]',
      );
    });

    it('a lone surrogate in the branch, or in a key, names it', async () => {
      await rejected(
        'POST',
        '/contracts/publish',
        withRaw(publishBody({ branch: 'X' }), 'X', LONE),
        'branch',
      );
      await rejected(
        'POST',
        '/contracts/publish',
        JSON.stringify(publishBody({})).replace('"tags"', '"\\udc00"'),
        /^\["\\udc00"\]$/,
      );
    });

    it('a lone surrogate inside a base64 pact names the place in the pact', async () => {
      const doc = withRaw(pactDoc('Shop', 'Stock', [getThing('/a', 'X')]), 'X', LONE);
      await rejected(
        'POST',
        '/contracts/publish',
        JSON.stringify(publishBody({}, doc)),
        'contracts[0].content.interactions[0].response.body',
      );
    });

    it('NUL and lone surrogates are refused in pact documents, verifications, webhooks, environments, pacticipants', async () => {
      const doc = pactDoc('Shop', 'Stock', [getThing('/a', 'X')]);
      await rejected(
        'PUT',
        '/pacts/provider/Stock/consumer/Shop/version/3',
        withRaw(doc, 'X', '"\\u0000"'),
        'interactions[0].response.body',
      );
      const { rows } = await b.broker.db.query<{ sha: string }>('SELECT sha FROM pact_versions LIMIT 1');
      const sha = rows[0]!.sha;
      await rejected(
        'POST',
        `/pacts/provider/Stock/consumer/Shop/pact-version/${sha}/verification-results`,
        withRaw({ success: true, providerApplicationVersion: '1', testResults: [{ d: 'X' }] }, 'X', LONE),
        'testResults[0].d',
      );
      await rejected(
        'POST',
        '/webhooks',
        withRaw(
          {
            events: [{ name: 'contract_published' }],
            request: { method: 'POST', url: 'https://example.com/X', body: 'X' },
          },
          'X',
          LONE,
        ),
        'request.body',
      );
      await rejected(
        'POST',
        '/environments',
        withRaw({ name: 'test', displayName: 'X' }, 'X', LONE),
        'displayName',
      );
      await rejected('POST', '/pacticipants', withRaw({ name: 'X' }, 'X', LONE), 'name');
    });

    it('a version number outside Latin-1 reaches the pact response header percent-encoded, and reads answer', async () => {
      const version = '1.0.0-€-ü-日本';
      const r = await publish(b.url, {
        consumer: 'Shop',
        provider: 'Stock',
        version,
        content: pactDoc('Shop', 'Stock', [getThing('/b', { y: 1 })]),
      });
      expect(r.status).toBe(200);
      for (const path of [
        `/pacts/provider/Stock/consumer/Shop/version/${encodeURIComponent(version)}`,
        '/pacts/provider/Stock/consumer/Shop/latest',
      ]) {
        const read = await api(b.url, 'GET', path);
        expect(read.status).toBe(200);
        const header = read.headers.get('x-pact-consumer-version')!;
        expect(header).toMatch(/^[\x20-\x7e]+$/);
        expect(decodeURIComponent(header)).toBe(version);
      }
      const tag = await api(
        b.url,
        'PUT',
        `/pacticipants/Shop/versions/${encodeURIComponent(version)}/tags/t%E2%82%AC`,
        '{}',
      );
      expect(tag.status).toBe(201);
      expect(tag.headers.get('location')).toMatch(/^[\x20-\x7e]+$/);
    });
  });

  describe('very deep JSON', () => {
    const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

    it('depth 5,000 inside an interaction is a 400 naming the field, for publish and for PUT', async () => {
      const doc = withRaw(pactDoc('Shop', 'Stock', [getThing('/a', 'X')]), 'X', deep(5000));
      const body = {
        pacticipantName: 'Shop',
        pacticipantVersionNumber: '9',
        contracts: [
          {
            consumerName: 'Shop',
            providerName: 'Stock',
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(doc).toString('base64'),
          },
        ],
      };
      const r = await rejected(
        'POST',
        '/contracts/publish',
        JSON.stringify(body),
        /^contracts\[0\]\.content\.interactions\[0\]\.response\.body\.a/,
      );
      expect(JSON.stringify(r.body)).toContain('nested deeper than 200 levels');
      await rejected('PUT', '/pacts/provider/Stock/consumer/Shop/version/9', doc, /^interactions\[0\]/);
    });

    it('a 100,000-deep body on any write route is a 400, not a stack overflow', async () => {
      await rejected('POST', '/webhooks', deep(100_000), /^a\.a/);
      await rejected('PUT', '/pacticipants/Shop', `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`, /^\[0\]/);
    });

    it('a deeply nested OpenAPI provider contract is a 400', async () => {
      const content = Buffer.from(
        `{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{},"x":${deep(5000)}}`,
      ).toString('base64');
      await rejected(
        'POST',
        '/provider-contracts/provider/Stock/publish',
        JSON.stringify({
          pacticipantVersionNumber: '5',
          contract: { specification: 'oas', contentType: 'application/json', content },
        }),
        /^contract\.content/,
      );
    });
  });

  describe('numbers in queries', () => {
    const bad = ['1e99', '1.5', '-1', '0', 'NaN', 'Infinity', '0x10', '99999999999999999999999', '1,2', '٣'];
    const cases: Array<[string, string, Record<string, string>?]> = [
      ['/pacticipants/Shop/versions', 'pageSize'],
      ['/pacticipants/Shop/versions', 'page'],
      ['/labels', 'pageNumber'],
      ['/integrations', 'size'],
      ['/provider-contracts/provider/Stock', 'pageNumber'],
      ['/provider-contracts/provider/Stock', 'pageSize'],
      ['/triggered-webhooks', 'limit'],
      ['/webhooks/00000000-0000-0000-0000-000000000000/triggered-webhooks', 'limit'],
      ['/groups/Shop', 'maxPacticipants', { Accept: 'text/csv' }],
      ['/pacticipants/Shop/network', 'maxPacticipants', { Accept: 'text/html' }],
    ];

    it.each(cases)(
      '%s?%s= out of range or not an integer is a 400 naming the parameter',
      async (path, param, headers) => {
        for (const value of bad) {
          const r = await api(
            b.url,
            'GET',
            `${path}?${param}=${encodeURIComponent(value)}`,
            undefined,
            headers,
          );
          if (r.status === 404 && path.startsWith('/webhooks/')) continue; // the webhook is looked up first
          expect(r.status, `${param}=${value}: ${JSON.stringify(r.body)}`).toBe(400);
          expect(Object.keys(r.body.errors)).toEqual([param]);
        }
      },
    );

    it('the matrix limit names itself in the official list of error sentences', async () => {
      for (const value of bad) {
        const r = await api(
          b.url,
          'GET',
          `/matrix?q[][pacticipant]=Shop&latestby=cvp&limit=${encodeURIComponent(value)}`,
        );
        expect(r.status, value).toBe(400);
        expect(r.body.errors[0]).toMatch(/^limit must be an integer/);
      }
    });

    it('a verification number beyond the integer column is a 404, not a database error', async () => {
      const { rows } = await b.broker.db.query<{ sha: string }>('SELECT sha FROM pact_versions LIMIT 1');
      for (const n of ['99999999999999999999', '2147483648', '1e3', '-1']) {
        const r = await api(
          b.url,
          'GET',
          `/pacts/provider/Stock/consumer/Shop/pact-version/${rows[0]!.sha}/verification-results/${n}`,
        );
        expect(r.status, n).toBe(404);
        // The page of the same verification reads the number through the same parser.
        const page = await fetch(
          `${b.url}/ui/pacts/provider/Stock/consumer/Shop/pact-version/${rows[0]!.sha}/verification-results/${n}`,
        );
        expect(page.status, `page ${n}`).toBe(404);
      }
    });
  });

  describe('webhook targets', () => {
    it('IPv6 literals embedding loopback or private IPv4, and numeric IPv4 spellings, are refused at creation', async () => {
      for (const host of [
        '[::127.0.0.1]',
        '[::ffff:0:7f00:1]',
        '[::ffff:127.0.0.1]',
        '[64:ff9b::7f00:1]',
        '[2002:7f00:1::]',
        '[2001:0:7f00:1::]',
        '[::ffff:a9fe:a9fe]',
        '2130706433',
        '0x7f.1',
        '017700000001',
        'localhost.',
      ]) {
        await rejected(
          'POST',
          '/webhooks',
          JSON.stringify({
            events: [{ name: 'contract_published' }],
            request: { method: 'POST', url: `http://${host}/hook` },
          }),
          'request.url',
        );
      }
    });
  });

  describe('free text length limits', () => {
    const long = (n: number) => 'x'.repeat(n);
    const hook = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        events: [{ name: 'contract_published' }],
        request: { method: 'POST', url: 'https://example.com/hook', ...request },
        ...extra,
      });
    const cases: Array<[string, string, string, string, number]> = [
      [
        'POST',
        '/environments',
        JSON.stringify({ name: 'e', production: false, displayName: long(100_000) }),
        'displayName',
        255,
      ],
      ['POST', '/environments', JSON.stringify({ name: long(256), production: false }), 'name', 255],
      [
        'POST',
        '/environments',
        JSON.stringify({ name: 'e', production: false, contacts: [{ name: long(300) }] }),
        'contacts[0].name',
        255,
      ],
      ['POST', '/pacticipants', JSON.stringify({ name: 'P2', displayName: long(256) }), 'displayName', 255],
      [
        'POST',
        '/pacticipants',
        JSON.stringify({ name: 'P2', repositoryUrl: `https://x/${long(2048)}` }),
        'repositoryUrl',
        2048,
      ],
      ['PUT', '/pacticipants/Shop/versions/7', JSON.stringify({ branch: long(256) }), 'branch', 255],
      ['PUT', '/pacticipants/Shop/versions/7', JSON.stringify({ tags: [long(256)] }), 'tags[0]', 255],
      ['PUT', '/pacticipants/Shop/versions/7', JSON.stringify({ buildUrl: long(2049) }), 'buildUrl', 2048],
      ['PUT', `/pacticipants/Shop/versions/${long(256)}`, '{}', 'version', 255],
      ['PUT', `/pacticipants/Shop/labels/${long(256)}`, '{}', 'label', 255],
      ['POST', '/webhooks', hook({}, { description: long(1001) }), 'description', 1000],
      ['POST', '/webhooks', hook({ url: `https://example.com/${long(2048)}` }), 'request.url', 2048],
      ['POST', '/webhooks', hook({ headers: { 'X-A': long(4097) } }), 'request.headers.X-A', 4096],
      ['POST', '/webhooks', hook({ password: long(1025) }), 'request.password', 1024],
      ['POST', '/webhooks', hook({}, { consumer: { label: long(256) } }), 'consumer.label', 255],
    ];

    it.each(cases)(
      '%s %s with an over-long value is a 400 naming %s and its limit',
      async (method, path, body, field, limit) => {
        const r = await rejected(method, path, body, field);
        expect(r.body.errors[field].join(' ')).toContain(String(limit));
      },
    );

    it('a webhook header name or value that HTTP cannot carry is a 400 naming it', async () => {
      await rejected(
        'POST',
        '/webhooks',
        hook({ headers: { 'Bad Header': 'v' } }),
        'request.headers.Bad Header',
      );
      await rejected('POST', '/webhooks', hook({ headers: { 'X-A': 'a€' } }), 'request.headers.X-A');
      await rejected('POST', '/webhooks', hook({ headers: { 'X-A': 'a\nb' } }), 'request.headers.X-A');
    });

    it('a rendered header value outside Latin-1 is a failed test run (200, success false), not a 500', async () => {
      const version = '2.0.0-€';
      const r = await publish(b.url, {
        consumer: 'Shop',
        provider: 'Stock',
        version,
        content: pactDoc('Shop', 'Stock', [getThing('/euro', 1)]),
      });
      expect(r.status).toBe(200);
      const run = await api(
        b.url,
        'POST',
        '/webhooks/execute',
        hook({
          // A public address literal: no DNS, so node:http itself meets the rendered header.
          url: 'https://8.8.8.8/x',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a webhook template placeholder
          headers: { 'X-Version': '${pactbroker.consumerVersionNumber}' },
        }),
      );
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      expect(run.body.success).toBe(false);
      expect(run.body.logs).toMatch(/Invalid character in header/);
    });
  });

  describe('concurrent writes of the same new thing', () => {
    /** Twelve identical writes at once: one creates, the rest answer 2xx or a 4xx naming a field, never a 5xx. */
    async function race(method: string, path: string, body: unknown) {
      const answers = await Promise.all(Array.from({ length: 12 }, () => api(b.url, method, path, body)));
      for (const r of answers) {
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
        if (r.status >= 400) expect(Object.keys(r.body.errors ?? {}).length, JSON.stringify(r.body)).toBe(1);
      }
      return answers.map((r) => r.status);
    }

    it('environments with one name, webhooks with one uuid, pacticipants with one name', async () => {
      const statuses = [
        ...(await race('POST', '/environments', { name: 'raced', production: false })),
        ...(await race('PUT', '/webhooks/raced-webhook-0000001', {
          events: [{ name: 'contract_published' }],
          request: { method: 'POST', url: 'https://example.com/hook' },
        })),
        ...(await race('POST', '/pacticipants', { name: 'Raced' })),
      ];
      expect(statuses.filter((s) => s === 201)).toHaveLength(3);
      const environments = await api(b.url, 'GET', '/environments?name=raced');
      expect(environments.body._embedded.environments).toHaveLength(1);
    });
  });

  describe('writes racing a delete of what they write under', () => {
    it('publishing, tagging, versioning and branching a pacticipant while it (or its branch) is deleted: 2xx or a 4xx naming it, never a 5xx', async () => {
      const statuses = new Set<number>();
      for (let round = 0; round < 10; round++) {
        const consumer = `Doomed${round}`;
        const pact = pactDoc(consumer, 'Stock', [getThing('/a', { x: round })]);
        expect(
          (await publish(b.url, { consumer, provider: 'Stock', version: '1', content: pact })).status,
        ).toBe(200);
        const writes = [
          () => publish(b.url, { consumer, provider: 'Stock', version: '2', content: pact }),
          () => api(b.url, 'PUT', `/pacticipants/${consumer}/versions/1/tags/prod`, {}),
          () => api(b.url, 'PUT', `/pacticipants/${consumer}/versions/3`, { branch: 'main' }),
          () => api(b.url, 'PUT', `/pacticipants/${consumer}/branches/main/versions/1`, {}),
          () => api(b.url, 'PUT', `/pacts/provider/Stock/consumer/${consumer}/version/4`, pact),
          () => api(b.url, 'DELETE', `/pacticipants/${consumer}/branches/main`),
          () => api(b.url, 'DELETE', `/pacticipants/${consumer}`),
        ];
        const answers = await Promise.all([...writes, ...writes].map((write) => write()));
        for (const r of answers) {
          const body = r instanceof Response ? await r.json() : r.body;
          statuses.add(r.status);
          expect(r.status, JSON.stringify(body)).toBeLessThan(500);
          if (r.status >= 400 && r.status !== 404)
            expect(Object.keys(body.errors ?? {}), JSON.stringify(body)).toHaveLength(1);
        }
      }
      expect(statuses.has(204)).toBe(true);
    });
  });

  describe('lists whose every entry costs a query', () => {
    it('more than 100 consumer version selectors is a 400 naming them, answered at once', async () => {
      const started = Date.now();
      const r = await api(b.url, 'POST', '/pacts/provider/Stock/for-verification', {
        consumerVersionSelectors: Array.from({ length: 100_000 }, (_, i) => ({ tag: `t${i}`, latest: true })),
      });
      expect(r.status).toBe(400);
      expect(Object.keys(r.body.errors)).toEqual(['consumerVersionSelectors']);
      // Before the bound, this list took 17 s on PostgreSQL.
      expect(Date.now() - started).toBeLessThan(5000);
      const hundred = await api(b.url, 'POST', '/pacts/provider/Stock/for-verification', {
        consumerVersionSelectors: Array.from({ length: 100 }, (_, i) => ({ tag: `t${i}`, latest: true })),
      });
      expect(hundred.status).toBe(200);
    });
  });
});
