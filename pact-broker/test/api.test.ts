// End-to-end over HTTP: publishing rules, reading pacts, pacticipants/versions/branches/tags, verifications, errors.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, getThing, pactDoc, publish } from './support/clients.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

describe('broker HTTP API', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startBroker({ config: { bodyLimit: 64 * 1024 } });
  });
  afterAll(async () => {
    await b?.close();
  });

  describe('publishing', () => {
    it('stores content once per distinct content, whatever the key order or interaction order', async () => {
      const i1 = getThing('/a', { x: 1 });
      const i2 = getThing('/b', { y: 2 });
      const doc = pactDoc('Shop', 'Stock', [i1, i2]);
      const reordered = {
        provider: doc.provider,
        metadata: doc.metadata,
        interactions: [i2, i1],
        consumer: doc.consumer,
      };
      for (const [v, content] of [
        ['1', doc],
        ['2', reordered],
        ['3', doc],
      ] as const) {
        const r = await publish(b.url, {
          consumer: 'Shop',
          provider: 'Stock',
          version: v,
          branch: 'main',
          content,
        });
        expect(r.status).toBe(200);
      }
      const { rows } = await b.broker.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id WHERE c.name = 'Shop'",
      );
      expect(rows[0]!.n).toBe(1);
      const shas = await Promise.all(
        ['1', '2', '3'].map(
          async (v) => (await api(b.url, 'GET', `/pacts/provider/Stock/consumer/Shop/version/${v}`)).body,
        ),
      );
      expect(new Set(shas.map((p) => p._links['pb:pact-version'].name)).size).toBe(1);
    });

    it('names the events each publication raised, the first pact of an integration as such', async () => {
      const publishEvents = async (version: string, path: string) => {
        const r = await api(b.url, 'POST', '/contracts/publish', {
          pacticipantName: 'Told',
          pacticipantVersionNumber: version,
          branch: 'main',
          contracts: [
            {
              consumerName: 'Told',
              providerName: 'Teller',
              specification: 'pact',
              contentType: 'application/json',
              content: Buffer.from(JSON.stringify(pactDoc('Told', 'Teller', [getThing(path, {})]))).toString(
                'base64',
              ),
            },
          ],
        });
        expect(r.status).toBe(200);
        return (r.body.notices as Array<{ text: string }>)
          .map((n) => n.text)
          .filter((t) => t.includes('Events detected'));
      };
      // A new version and a new integration: the set-based path.
      expect(await publishEvents('1', '/a')).toEqual([
        '  Events detected: contract_published, contract_content_changed (first time a pact was published for this integration)',
      ]);
      // The same content again on a new version: published, content unchanged.
      expect(await publishEvents('2', '/a')).toEqual(['  Events detected: contract_published']);
      expect(await publishEvents('3', '/b')).toEqual([
        '  Events detected: contract_published, contract_content_changed',
      ]);
      // The version's pact published again as it was: the one-by-one path.
      expect(await publishEvents('3', '/b')).toEqual(['  Events detected: contract_published']);
    });

    it('publishes several pacts, branch, tags and build URL in one request', async () => {
      const r = await api(b.url, 'POST', '/contracts/publish', {
        pacticipantName: 'App',
        pacticipantVersionNumber: 'a1',
        branch: 'feat/x',
        tags: ['dev', 'qa'],
        buildUrl: 'https://ci.example/1',
        contracts: ['P1', 'P2'].map((p) => ({
          consumerName: 'App',
          providerName: p,
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(JSON.stringify(pactDoc('App', p, [getThing('/x', {})]))).toString('base64'),
        })),
      });
      expect(r.status).toBe(200);
      expect(r.body._links['pb:contracts']).toHaveLength(2);
      expect(r.body._links['pb:pacticipant-version-tags'].map((t: { name: string }) => t.name)).toEqual([
        'dev',
        'qa',
      ]);
      expect(r.body.notices.map((n: { type: string }) => n.type)).toContain('success');
      expect(r.body.logs.length).toBeGreaterThan(0);
      const v = await api(b.url, 'GET', '/pacticipants/App/versions/a1');
      expect(v.body.buildUrl).toBe('https://ci.example/1');
      expect(v.body._embedded.branchVersions[0].name).toBe('feat/x');
      expect(v.body._links['pb:pact-versions']).toHaveLength(2);
    });

    it('rolls the whole publish back when one contract conflicts (409 with notices)', async () => {
      const base = (content: unknown, provider: string) => ({
        consumerName: 'Roll',
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(content)).toString('base64'),
      });
      await publish(b.url, {
        consumer: 'Roll',
        provider: 'B',
        version: '1',
        content: pactDoc('Roll', 'B', [getThing('/b', 1)]),
      });
      const r = await api(b.url, 'POST', '/contracts/publish', {
        pacticipantName: 'Roll',
        pacticipantVersionNumber: '1',
        tags: ['should-not-exist'],
        contracts: [
          base(pactDoc('Roll', 'A', [getThing('/a', 1)]), 'A'),
          base(pactDoc('Roll', 'B', [getThing('/b', 2)]), 'B'),
        ],
      });
      expect(r.status).toBe(409);
      expect(r.body.errors.contracts[0]).toContain(
        'Cannot change the content of the pact for Roll version 1',
      );
      expect(r.body.notices[1].text).toContain('-');
      expect((await api(b.url, 'GET', '/pacts/provider/A/consumer/Roll/latest')).status).toBe(404);
      expect((await api(b.url, 'GET', '/pacticipants/Roll/versions/1/tags/should-not-exist')).status).toBe(
        404,
      );
    });

    it('merges with onConflict=merge and via PATCH', async () => {
      const r = await api(b.url, 'POST', '/contracts/publish', {
        pacticipantName: 'Roll',
        pacticipantVersionNumber: '1',
        contracts: [
          {
            consumerName: 'Roll',
            providerName: 'B',
            specification: 'pact',
            contentType: 'application/json',
            onConflict: 'merge',
            content: Buffer.from(JSON.stringify(pactDoc('Roll', 'B', [getThing('/c', 3)]))).toString(
              'base64',
            ),
          },
        ],
      });
      expect(r.status).toBe(200);
      const patched = await api(
        b.url,
        'PATCH',
        '/pacts/provider/B/consumer/Roll/version/1',
        pactDoc('Roll', 'B', [getThing('/d', 4)]),
      );
      expect(patched.status).toBe(200);
      expect(
        patched.body.interactions.map((i: { request: { path: string } }) => i.request.path).sort(),
      ).toEqual(['/b', '/c', '/d']);
    });

    it('accepts PUT of a raw pact (201 then 200) and checks names against the path', async () => {
      const doc = pactDoc('Legacy', 'Old', [getThing('/old', {})]);
      const first = await api(b.url, 'PUT', '/pacts/provider/Old/consumer/Legacy/version/1.0', doc);
      expect(first.status).toBe(201);
      expect(first.headers.get('x-pact-consumer-version')).toBe('1.0');
      expect((await api(b.url, 'PUT', '/pacts/provider/Old/consumer/Legacy/version/1.0', doc)).status).toBe(
        200,
      );
      const wrong = await api(b.url, 'PUT', '/pacts/provider/Old/consumer/Other/version/1.0', doc);
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors['consumer.name'][0]).toContain(
        "does not match consumer name in path ('Other')",
      );
    });

    it('stores specification v3 message pacts and v4 mixed pacts', async () => {
      const v3 = {
        consumer: { name: 'Events' },
        provider: { name: 'Bus' },
        messages: [
          {
            description: 'an order created event',
            contents: { id: 1 },
            metaData: { contentType: 'application/json' },
          },
        ],
        metadata: { pactSpecification: { version: '3.0.0' } },
      };
      const v4 = {
        consumer: { name: 'Events' },
        provider: { name: 'Api' },
        interactions: [
          {
            type: 'Synchronous/HTTP',
            description: 'get',
            request: { method: 'GET', path: '/' },
            response: { status: 200 },
          },
          { type: 'Asynchronous/Messages', description: 'msg', contents: { content: { a: 1 } } },
        ],
        metadata: { pactSpecification: { version: '4.0' } },
      };
      expect(
        (await publish(b.url, { consumer: 'Events', provider: 'Bus', version: 'e1', content: v3 })).status,
      ).toBe(200);
      expect(
        (await publish(b.url, { consumer: 'Events', provider: 'Api', version: 'e1', content: v4 })).status,
      ).toBe(200);
      const m = await api(b.url, 'GET', '/pacts/provider/Bus/consumer/Events/latest');
      expect(m.body.messages[0]._id).toMatch(/^[0-9a-f]{40}$/);
      const { rows } = await b.broker.db.query<{ interactions_count: number; messages_count: number }>(
        "SELECT interactions_count, messages_count FROM pact_versions pv JOIN pacticipants p ON p.id = pv.provider_id WHERE p.name = 'Api'",
      );
      expect(rows[0]).toEqual({ interactions_count: 1, messages_count: 1 });
    });
  });

  describe('reading pacts', () => {
    beforeAll(async () => {
      await publish(b.url, {
        consumer: 'R',
        provider: 'S',
        version: '1',
        branch: 'main',
        tags: ['prod'],
        content: pactDoc('R', 'S', [getThing('/v', 1)]),
      });
      await publish(b.url, {
        consumer: 'R',
        provider: 'S',
        version: '2',
        branch: 'main',
        content: pactDoc('R', 'S', [getThing('/v', 1)]),
      });
      await publish(b.url, {
        consumer: 'R',
        provider: 'S',
        version: '3',
        branch: 'feat',
        content: pactDoc('R', 'S', [getThing('/v', 2)]),
      });
      await api(b.url, 'PATCH', '/pacticipants/R', { mainBranch: 'main' });
    });
    const version = async (p: string) =>
      (await api(b.url, 'GET', p)).body?._links?.['pb:consumer-version']?.name;

    it('by version, latest, latest for tag, latest untagged, latest for branch and main branch', async () => {
      expect(await version('/pacts/provider/S/consumer/R/version/2')).toBe('2');
      expect(await version('/pacts/provider/S/consumer/R/latest')).toBe('3');
      expect(await version('/pacts/provider/S/consumer/R/latest/prod')).toBe('1');
      expect(await version('/pacts/provider/S/consumer/R/latest-untagged')).toBe('3');
      expect(await version('/pacts/provider/S/consumer/R/branch/main/latest')).toBe('2');
      const mainHead = await api(b.url, 'GET', '/pacts/provider/S/consumer/R/branch/latest/versions');
      expect(mainHead.body._links['pb:pact-versions']).toHaveLength(1);
      expect(mainHead.body._links['pb:pact-versions'][0].href).toMatch(/version\/2$/);
      // As upstream, `branch/latest` names a branch called "latest".
      const latestBranch = await api(b.url, 'GET', '/pacts/provider/S/consumer/R/branch/latest');
      expect(latestBranch.body._links['pb:pact-versions']).toEqual([]);
      expect((await api(b.url, 'GET', '/pacts/provider/S/consumer/R/latest/nope')).status).toBe(404);
    });

    it('by pact-version sha (with and without metadata) and the provider lists', async () => {
      const p = await api(b.url, 'GET', '/pacts/provider/S/consumer/R/version/1');
      const sha = p.body._links['pb:pact-version'].name;
      const bySha = await api(b.url, 'GET', `/pacts/provider/S/consumer/R/pact-version/${sha}`);
      expect(bySha.body._links['pb:consumer-version'].name).toBe('2');
      const meta = Buffer.from(JSON.stringify({ w: true })).toString('base64url');
      const withMeta = await api(
        b.url,
        'GET',
        `/pacts/provider/S/consumer/R/pact-version/${sha}/metadata/${meta}`,
      );
      expect(withMeta.body._links['pb:publish-verification-results'].href).toContain(
        `/metadata/${meta}/verification-results`,
      );
      const latest = await api(b.url, 'GET', '/pacts/provider/S/latest');
      expect(latest.body._links['pb:pacts']).toHaveLength(1);
      expect(latest.body._links.pacts[0].href).toMatch(/version\/3$/);
      const prod = await api(b.url, 'GET', '/pacts/provider/S/latest/prod');
      expect(prod.body._links['pb:pacts'][0].href).toMatch(/version\/1$/);
      const all = await api(b.url, 'GET', '/pacts/latest');
      expect(all.body.pacts.some((x: any) => x._embedded.consumer.name === 'R')).toBe(true);
      const versions = await api(b.url, 'GET', '/pacts/provider/S/consumer/R/versions');
      expect(versions.body._links['pb:pact-versions']).toHaveLength(3);
    });

    it('diffs with the previous distinct version', async () => {
      const d = await api(b.url, 'GET', '/pacts/provider/S/consumer/R/version/3/diff/previous-distinct');
      expect(d.status).toBe(200);
      expect(d.body).toContain('versions 2 and 3');
      expect(d.body).toMatch(/- .*1/);
      expect(d.body).toMatch(/\+ .*2/);
      const prev = await api(b.url, 'GET', '/pacts/provider/S/consumer/R/version/3/previous-distinct');
      expect(prev.body._links['pb:consumer-version'].name).toBe('2');
    });
  });

  describe('pacticipants, versions, branches and tags', () => {
    it('creates, reads, patches, replaces and deletes a pacticipant', async () => {
      const c = await api(b.url, 'POST', '/pacticipants', {
        name: 'Crud',
        mainBranch: 'main',
        displayName: 'CRUD app',
      });
      expect(c.status).toBe(201);
      expect(c.headers.get('location')).toMatch(/\/pacticipants\/Crud$/);
      expect((await api(b.url, 'POST', '/pacticipants', { name: 'Crud' })).status).toBe(409);
      const p = await api(b.url, 'PATCH', '/pacticipants/Crud', { repositoryUrl: 'https://git/crud' });
      expect(p.body).toMatchObject({
        mainBranch: 'main',
        displayName: 'CRUD app',
        repositoryUrl: 'https://git/crud',
      });
      const put = await api(b.url, 'PUT', '/pacticipants/Crud', { mainBranch: 'trunk' });
      expect(put.body).toMatchObject({ mainBranch: 'trunk', repositoryUrl: null });
      expect((await api(b.url, 'DELETE', '/pacticipants/Crud')).status).toBe(204);
      expect((await api(b.url, 'GET', '/pacticipants/Crud')).status).toBe(404);
    });

    it('versions, latest versions, branch versions and tags', async () => {
      expect(
        (await api(b.url, 'PUT', '/pacticipants/Tv/versions/1', { buildUrl: 'http://b/1' })).status,
      ).toBe(201);
      expect(
        (await api(b.url, 'PUT', '/pacticipants/Tv/versions/1', { buildUrl: 'http://b/1' })).status,
      ).toBe(200);
      expect((await api(b.url, 'PUT', '/pacticipants/Tv/branches/main/versions/1', {})).status).toBe(201);
      expect((await api(b.url, 'PUT', '/pacticipants/Tv/branches/main/versions/1', {})).status).toBe(200);
      expect((await api(b.url, 'PUT', '/pacticipants/Tv/branches/main/versions/2', {})).status).toBe(201);
      expect((await api(b.url, 'PUT', '/pacticipants/Tv/versions/1/tags/prod', {})).status).toBe(201);
      expect((await api(b.url, 'PUT', '/pacticipants/Tv/versions/1/tags/prod', {})).status).toBe(200);
      expect((await api(b.url, 'GET', '/pacticipants/Tv/latest-version')).body.number).toBe('2');
      expect((await api(b.url, 'GET', '/pacticipants/Tv/latest-version/prod')).body.number).toBe('1');
      expect((await api(b.url, 'GET', '/pacticipants/Tv/branches/main/latest-version')).body.number).toBe(
        '2',
      );
      const branches = await api(b.url, 'GET', '/pacticipants/Tv/branches');
      expect(branches.body._embedded.branches.map((x: { name: string }) => x.name)).toEqual(['main']);
      const versions = await api(b.url, 'GET', '/pacticipants/Tv/branches/main/versions');
      expect(versions.body._embedded.versions.map((x: { number: string }) => x.number)).toEqual(['2', '1']);
      expect((await api(b.url, 'DELETE', '/pacticipants/Tv/versions/1/tags/prod')).status).toBe(204);
      expect((await api(b.url, 'GET', '/pacticipants/Tv/latest-version/prod')).status).toBe(404);
      expect((await api(b.url, 'DELETE', '/pacticipants/Tv/branches/main/versions/2')).status).toBe(204);
      expect((await api(b.url, 'DELETE', '/pacticipants/Tv/branches/main')).status).toBe(204);
      expect((await api(b.url, 'GET', '/pacticipants/Tv/branches/main')).status).toBe(404);
      expect((await api(b.url, 'DELETE', '/pacticipants/Tv/versions/2')).status).toBe(204);
      const pacticipant = await api(b.url, 'GET', '/pacticipants/Tv');
      expect(pacticipant.body._links['pb:branch-version'].href).toContain(
        '/branches/{branch}/versions/{version}',
      );
      expect(pacticipant.body._links['pb:version-tag'].templated).toBe(true);
    });
  });

  describe('verification results', () => {
    let sha: string;
    beforeAll(async () => {
      await publish(b.url, {
        consumer: 'VC',
        provider: 'VP',
        version: '1',
        content: pactDoc('VC', 'VP', [getThing('/v', 1)]),
      });
      sha = (await api(b.url, 'GET', '/pacts/provider/VP/consumer/VC/latest')).body._links['pb:pact-version']
        .name;
    });

    it('publishes (201 + Location), creates the provider version, reads by number and latest', async () => {
      const url = `/pacts/provider/VP/consumer/VC/pact-version/${sha}/verification-results`;
      const r = await api(b.url, 'POST', url, {
        success: true,
        providerApplicationVersion: 'p1',
        buildUrl: 'http://ci/1',
        testResults: [{ interactionId: 'x', success: true }],
        verifiedBy: { implementation: 'Pact-Rust', version: '1.0' },
      });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toMatch(/verification-results\/1$/);
      expect(r.body).toMatchObject({
        success: true,
        providerApplicationVersion: 'p1',
        verifiedBy: { implementation: 'Pact-Rust' },
      });
      await api(b.url, 'POST', url, {
        success: false,
        providerApplicationVersion: 'p2',
        providerVersionBranch: 'main',
      });
      expect((await api(b.url, 'GET', '/pacticipants/VP/branches/main/versions/p2')).status).toBe(200);
      expect((await api(b.url, 'GET', `${url}/1`)).body.providerApplicationVersion).toBe('p1');
      expect((await api(b.url, 'GET', `${url}/latest`)).body).toMatchObject({
        success: false,
        providerApplicationVersion: 'p2',
      });
      expect(
        (await api(b.url, 'GET', '/pacts/provider/VP/consumer/VC/latest/verification-results/latest')).body
          .success,
      ).toBe(false);
      expect((await api(b.url, 'GET', '/pacticipants/VP/versions/p1')).status).toBe(200);
      const summary = await api(b.url, 'GET', '/verification-results/consumer/VC/version/1/latest');
      expect(summary.body.providerSummary.failed).toEqual(['VP']);
    });

    it('rejects invalid results with field errors and unknown pacts with 404', async () => {
      const url = `/pacts/provider/VP/consumer/VC/pact-version/${sha}/verification-results`;
      const bad = await api(b.url, 'POST', url, { success: 'yes' });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['providerApplicationVersion', 'success']);
      const missing = await api(
        b.url,
        'POST',
        '/pacts/provider/VP/consumer/VC/pact-version/0000/verification-results',
        {
          success: true,
          providerApplicationVersion: '1',
        },
      );
      expect(missing.status).toBe(404);
    });
  });

  describe('errors', () => {
    it('400 with field errors for invalid publish bodies', async () => {
      const r = await api(b.url, 'POST', '/contracts/publish', {
        pacticipantName: '',
        contracts: [{ consumerName: 'X', providerName: 'Y', specification: 'pact', content: 'not base64!!' }],
      });
      expect(r.status).toBe(400);
      expect(r.body.errors).toMatchObject({
        pacticipantName: ['cannot be blank'],
        pacticipantVersionNumber: ['is missing'],
        'contracts[0].content': ['is not valid base64'],
      });
      const notPact = await api(b.url, 'POST', '/contracts/publish', {
        pacticipantName: 'X',
        pacticipantVersionNumber: '1',
        contracts: [
          {
            consumerName: 'X',
            providerName: 'Y',
            specification: 'pact',
            content: Buffer.from('[1]').toString('base64'),
          },
        ],
      });
      expect(notPact.body.errors['contracts[0].content']).toEqual(['must be a JSON object']);
      const mismatch = await publish(b.url, {
        consumer: 'X',
        provider: 'Y',
        version: '1',
        content: pactDoc('Z', 'Y', []),
      });
      expect(mismatch.status).toBe(400);
    });

    it('400 for malformed JSON, bad names and non-object bodies; never 500', async () => {
      const junk = [
        '{',
        '[]',
        '"str"',
        'null',
        '{"pacticipantName": {"a": 1}}',
        '{"contracts": "x"}',
        '\u0000',
      ];
      for (const body of junk) {
        const r = await api(b.url, 'POST', '/contracts/publish', body);
        expect(r.status).toBe(400);
      }
      expect((await api(b.url, 'PUT', '/pacticipants/bad%00name/versions/1', {})).status).toBe(400);
      expect((await api(b.url, 'PUT', '/pacticipants/%E0%A4%A/versions/1', {})).status).toBe(400);
      expect((await api(b.url, 'POST', '/pacticipants', { name: 'x'.repeat(300) })).status).toBe(400);
      expect(
        (
          await api(b.url, 'POST', '/pacts/provider/Stock/for-verification', {
            consumerVersionSelectors: [{}],
          })
        ).status,
      ).toBe(400);
      expect(
        (await api(b.url, 'POST', '/pacts/provider/Stock/for-verification', { includeWipPactsSince: 'soon' }))
          .status,
      ).toBe(400);
    });

    it('404 for unknown resources, 405 for unsupported methods, 413 for oversized bodies', async () => {
      expect((await api(b.url, 'GET', '/pacticipants/Nobody')).status).toBe(404);
      expect((await api(b.url, 'GET', '/pacts/provider/Nobody/consumer/Nada/latest')).status).toBe(404);
      expect((await api(b.url, 'POST', '/pacts/provider/Nobody/for-verification', {})).status).toBe(404);
      expect((await api(b.url, 'DELETE', '/contracts/publish')).status).toBe(405);
      const big = await api(b.url, 'POST', '/contracts/publish', { pad: 'x'.repeat(70 * 1024) });
      expect(big.status).toBe(413);
    });
  });
});
