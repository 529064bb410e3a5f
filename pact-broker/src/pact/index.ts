// Pact routes (folder named `pact` because the root .gitignore ignores `pacts/`): POST /contracts/publish, PUT/PATCH/GET/DELETE of a consumer version's pact, latest/tag/branch reads, diffs.

import type { BrokerDeps } from '../deps.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, noContent, path } from '../http/hal.js';
import type { HttpResponse } from '../http/router.js';
import type { BrokerModule } from '../module.js';
import { requirePacticipant } from '../pacticipants/index.js';
import { findOrCreatePacticipant, type PacticipantRow } from '../pacticipants/queries.js';
import { Checker, checkName } from '../validation/index.js';
import {
  addTag,
  addVersionToBranch,
  findOrCreateVersion,
  findVersion,
  setBuildUrl,
} from '../versions/queries.js';
import { checkPact, diffPacts, type PactDoc } from './content.js';
import { decoratePact, pactLink, pactTitle } from './decorate.js';
import { type ConflictMode, type PublishPactResult, publishPact } from './publish.js';
import {
  deletePublication,
  findPactVersion,
  type LatestFilter,
  latestPact,
  latestPactForSha,
  latestPactsAll,
  latestPactsForProvider,
  type PactRow,
  pactForConsumerVersion,
  pactsForProvider,
  pactsOfIntegration,
  previousDistinctPact,
} from './queries.js';
import { pactPath } from './urls.js';

interface Notice {
  type: 'success' | 'info' | 'debug' | 'warning' | 'error' | 'prompt';
  text: string;
}

interface ParsedContract {
  consumerName: string;
  providerName: string;
  content: PactDoc;
  mode: ConflictMode;
}

function parsePublishBody(body: Record<string, unknown>, allowOverwrite: boolean) {
  const c = new Checker();
  const pacticipantName = c.name('pacticipantName', body.pacticipantName);
  const versionNumber = c.name('pacticipantVersionNumber', body.pacticipantVersionNumber);
  const branch = c.name('branch', body.branch, { required: false });
  const tags = c.stringList('tags', body.tags) ?? [];
  const buildUrl = c.optionalString('buildUrl', body.buildUrl);
  const contracts: ParsedContract[] = [];
  if (!Array.isArray(body.contracts)) {
    c.add('contracts', body.contracts === undefined ? 'is missing' : 'must be an array');
  } else if (body.contracts.length === 0) {
    c.add('contracts', 'must contain at least one contract');
  } else {
    body.contracts.forEach((raw: unknown, i) => {
      const f = (k: string) => `contracts[${i}].${k}`;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        c.add(`contracts[${i}]`, 'must be an object');
        return;
      }
      const item = raw as Record<string, unknown>;
      const consumerName = c.name(f('consumerName'), item.consumerName);
      const providerName = c.name(f('providerName'), item.providerName);
      if (item.specification !== 'pact') c.add(f('specification'), "must be 'pact'");
      if (item.contentType !== undefined && item.contentType !== 'application/json') {
        c.add(f('contentType'), "must be 'application/json'");
      }
      if (item.onConflict !== undefined && item.onConflict !== 'merge' && item.onConflict !== 'overwrite') {
        c.add(f('onConflict'), "must be 'merge' or 'overwrite'");
      }
      if (consumerName && pacticipantName && consumerName !== pacticipantName) {
        c.add(f('consumerName'), `must match the pacticipantName ('${pacticipantName}')`);
      }
      if (typeof item.content !== 'string' || item.content === '') {
        c.add(f('content'), 'is missing (base64 encoded pact JSON)');
        return;
      }
      const buf = Buffer.from(item.content, 'base64');
      if (
        buf.length === 0 ||
        buf.toString('base64').replace(/=+$/, '') !== item.content.replace(/\s/g, '').replace(/=+$/, '')
      ) {
        c.add(f('content'), 'is not valid base64');
        return;
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
      } catch {
        c.add(f('content'), 'is not valid UTF-8');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        c.add(f('content'), `is not valid JSON: ${(err as Error).message}`);
        return;
      }
      const check = checkPact(parsed);
      for (const e of check.errors) c.add(f('content'), e);
      if (check.consumerName && consumerName && check.consumerName !== consumerName) {
        c.add(
          f('consumerName'),
          `in pact ('${check.consumerName}') does not match consumerName ('${consumerName}')`,
        );
      }
      if (check.providerName && providerName && check.providerName !== providerName) {
        c.add(
          f('providerName'),
          `in pact ('${check.providerName}') does not match providerName ('${providerName}')`,
        );
      }
      if (consumerName && providerName && check.errors.length === 0) {
        // `overwrite` only takes effect where the operator allows changing published content.
        const mode: ConflictMode =
          item.onConflict === 'merge' ? 'merge' : allowOverwrite ? 'overwrite' : 'reject';
        contracts.push({ consumerName, providerName, content: parsed as PactDoc, mode });
      }
    });
  }
  c.throwIfAny();
  return {
    pacticipantName: pacticipantName!,
    versionNumber: versionNumber!,
    branch,
    tags,
    buildUrl,
    contracts,
  };
}

function publicationNotice(
  r: PublishPactResult,
  consumer: string,
  version: string,
  provider: string,
): Notice {
  switch (r.outcome) {
    case 'created':
      return {
        type: 'success',
        text: `Pact successfully published for ${consumer} version ${version} and provider ${provider}.`,
      };
    case 'same':
      return {
        type: 'success',
        text: `Pact with the same content published for ${consumer} version ${version} and provider ${provider}.`,
      };
    case 'merged':
      return {
        type: 'success',
        text: `Pact merged into the pact for ${consumer} version ${version} and provider ${provider}.`,
      };
    case 'overwritten':
      return {
        type: 'warning',
        text: `Pact with changed content published over existing content for ${consumer} version ${version} and provider ${provider}. This is not recommended in normal circumstances and may indicate that you have not configured your Pact pipeline correctly.`,
      };
  }
}

function lookupFilter(ctx: RequestContext): LatestFilter {
  const tag = ctx.params.tag;
  const branch = ctx.params.branch;
  if (tag !== undefined) return { kind: 'tag', tag };
  if (branch !== undefined) return { kind: 'branch', branch };
  return { kind: 'any' };
}

/** A pact response; X-Pact-Consumer-Version names the consumer version it belongs to (as upstream). */
function pactResponse(ctx: RequestContext, pact: PactRow, status = 200, metadata?: string): HttpResponse {
  return halResponse(decoratePact(ctx.links, pact, metadata ? { metadata } : {}), status, {
    'X-Pact-Consumer-Version': pact.consumer_version_number,
  });
}

export const pactsModule: BrokerModule = {
  name: 'pacts',
  register(router, deps: BrokerDeps) {
    const { db, events, config } = deps;

    async function integration(
      ctx: RequestContext,
    ): Promise<{ provider: PacticipantRow; consumer: PacticipantRow }> {
      const provider = await requirePacticipant(db, ctx.param('provider'));
      const consumer = await requirePacticipant(db, ctx.param('consumer'));
      return { provider, consumer };
    }

    function notFoundPact(ctx: RequestContext): BrokerError {
      return BrokerError.notFound(
        `No pact found between ${ctx.params.consumer ?? '?'} and ${ctx.params.provider ?? '?'} for this selection`,
      );
    }

    async function pactAt(ctx: RequestContext): Promise<PactRow> {
      const { provider, consumer } = await integration(ctx);
      const pact = await pactForConsumerVersion(db, provider.id, consumer.id, ctx.param('version'));
      if (!pact) throw notFoundPact(ctx);
      return pact;
    }

    // --- publishing ---
    router.post('/contracts/publish', async (ctx) => {
      const input = parsePublishBody(ctx.jsonObject(), config.allowDangerousContractModification);
      const { pacticipantName, versionNumber, branch, tags, buildUrl, contracts } = input;
      const result = await db.transaction(async (tx) => {
        const consumer = (await findOrCreatePacticipant(tx, pacticipantName)).row;
        const existed = await findVersion(tx, consumer.id, versionNumber);
        const { row: created } = await findOrCreateVersion(tx, consumer.id, versionNumber);
        if (buildUrl !== undefined) await setBuildUrl(tx, created.id, buildUrl);
        if (branch) await addVersionToBranch(tx, consumer.id, branch, created);
        for (const t of tags) await addTag(tx, created, t);
        const version = (await findVersion(tx, consumer.id, versionNumber))!;
        // Providers in name order, so concurrent multi-provider publishes lock rows in the same order.
        const ordered = [...contracts].sort((a, b) =>
          a.providerName < b.providerName ? -1 : a.providerName > b.providerName ? 1 : 0,
        );
        const published: Array<{ contract: ParsedContract; result: PublishPactResult }> = [];
        for (const contract of ordered) {
          const provider = (await findOrCreatePacticipant(tx, contract.providerName)).row;
          const r = await publishPact(tx, events, {
            consumer,
            provider,
            version,
            content: contract.content,
            mode: contract.mode,
          });
          published.push({ contract, result: r });
        }
        return { consumer, version, existed: Boolean(existed), published };
      });
      const l = ctx.links;
      const { consumer, version, published } = result;
      const versionSelf = path`/pacticipants/${consumer.name}/versions/${version.number}`;
      const what = [
        branch ? `branch ${branch}` : undefined,
        tags.length ? `tags ${tags.join(', ')}` : undefined,
      ].filter(Boolean);
      const notices: Notice[] = [
        {
          type: 'debug',
          text: `${result.existed ? 'Updated' : 'Created'} ${consumer.name} version ${version.number}${what.length ? ` with ${what.join(' and ')}` : ''}`,
        },
      ];
      if (!branch)
        notices.push({
          type: 'prompt',
          text: '  Next steps:\n    Configure the version branch to be the value of your repository branch.',
        });
      for (const { contract, result: r } of published) {
        notices.push(publicationNotice(r, consumer.name, version.number, contract.providerName));
        notices.push({
          type: 'debug',
          text: `  View the published pact at ${l.url(pactPath(contract.providerName, consumer.name, version.number))}`,
        });
        if (r.events.length)
          notices.push({ type: 'debug', text: `  Events detected: ${r.events.join(', ')}` });
      }
      const levelOf = (t: Notice['type']) =>
        t === 'success' || t === 'prompt' ? 'info' : t === 'warning' ? 'warn' : t;
      return halResponse({
        notices,
        // The Rust CLI deserialises `deprecationWarning` as a string, so it is sent as one.
        logs: notices.map((n) => ({ level: levelOf(n.type), message: n.text, deprecationWarning: 'false' })),
        _embedded: {
          pacticipant: {
            name: consumer.name,
            _links: {
              self: l.link(path`/pacticipants/${consumer.name}`, {
                title: 'Pacticipant',
                name: consumer.name,
              }),
            },
          },
          version: {
            number: version.number,
            buildUrl: version.build_url,
            _links: { self: l.link(versionSelf, { title: 'Version', name: version.number }) },
          },
        },
        _links: {
          'pb:pacticipant': l.link(path`/pacticipants/${consumer.name}`, {
            title: 'Pacticipant',
            name: consumer.name,
          }),
          'pb:pacticipant-version': l.link(versionSelf, {
            title: 'Pacticipant version',
            name: version.number,
          }),
          'pb:pacticipant-version-tags': tags.map((t) =>
            l.link(`${versionSelf}/tags/${encodeURIComponent(t)}`, { title: 'Tag', name: t }),
          ),
          'pb:contracts': published.map(({ result: r }) => pactLink(l, r.pact)),
        },
      });
    });

    const putPact = (mode: ConflictMode) => async (ctx: RequestContext) => {
      const providerName = checkName('provider', ctx.param('provider'));
      const consumerName = checkName('consumer', ctx.param('consumer'));
      const number = checkName('version', ctx.param('version'));
      const body = ctx.json();
      const check = checkPact(body);
      const c = new Checker();
      for (const e of check.errors)
        c.add(
          e.includes('consumer') ? 'consumer.name' : e.includes('provider') ? 'provider.name' : 'body',
          e,
        );
      if (check.consumerName && check.consumerName !== consumerName) {
        c.add(
          'consumer.name',
          `in pact ('${check.consumerName}') does not match consumer name in path ('${consumerName}').`,
        );
      }
      if (check.providerName && check.providerName !== providerName) {
        c.add(
          'provider.name',
          `in pact ('${check.providerName}') does not match provider name in path ('${providerName}').`,
        );
      }
      c.throwIfAny();
      const r = await db.transaction(async (tx) => {
        const consumer = (await findOrCreatePacticipant(tx, consumerName)).row;
        const provider = (await findOrCreatePacticipant(tx, providerName)).row;
        const version = (await findOrCreateVersion(tx, consumer.id, number)).row;
        return publishPact(tx, events, { consumer, provider, version, content: body as PactDoc, mode });
      });
      return pactResponse(ctx, r.pact, r.outcome === 'created' ? 201 : 200);
    };
    const pactRoute = '/pacts/provider/:provider/consumer/:consumer/version/:version';
    router.put(pactRoute, putPact(config.allowDangerousContractModification ? 'overwrite' : 'reject'));
    router.patch(pactRoute, putPact('merge'));
    router.get(pactRoute, async (ctx) => pactResponse(ctx, await pactAt(ctx)));
    router.delete(pactRoute, async (ctx) => {
      const pact = await pactAt(ctx);
      await deletePublication(db, pact.publication_id);
      return noContent();
    });

    router.get(`${pactRoute}/previous-distinct`, async (ctx) => {
      const prev = await previousDistinctPact(db, await pactAt(ctx));
      if (!prev) throw BrokerError.notFound('No previous distinct version of this pact');
      return pactResponse(ctx, prev);
    });

    router.get(`${pactRoute}/diff/previous-distinct`, async (ctx) => {
      const pact = await pactAt(ctx);
      const prev = await previousDistinctPact(db, pact);
      const header = prev
        ? `# Diff between versions ${prev.consumer_version_number} and ${pact.consumer_version_number} of the pact between ${pact.consumer_name} and ${pact.provider_name}\n\n`
        : '';
      const text = prev
        ? header + diffPacts(JSON.parse(prev.content) as PactDoc, JSON.parse(pact.content) as PactDoc)
        : 'No previous distinct version was found for this pact.';
      return { status: 200, body: `${text}\n`, headers: { 'Content-Type': 'text/plain;charset=utf-8' } };
    });

    // --- by content sha ---
    const showBySha = async (ctx: RequestContext) => {
      const { provider, consumer } = await integration(ctx);
      const pact = await latestPactForSha(db, provider.id, consumer.id, ctx.param('sha'));
      if (!pact) throw notFoundPact(ctx);
      return pactResponse(ctx, pact, 200, ctx.params.metadata);
    };
    const shaRoute = '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha';
    router.get(shaRoute, showBySha);
    router.get(`${shaRoute}/metadata/:metadata`, showBySha);
    router.get(`${shaRoute}/diff/pact-version/:other`, async (ctx) => {
      const { provider, consumer } = await integration(ctx);
      const a = await findPactVersion(db, consumer.id, provider.id, ctx.param('other'));
      const b = await findPactVersion(db, consumer.id, provider.id, ctx.param('sha'));
      if (!a || !b) throw notFoundPact(ctx);
      const text = diffPacts(JSON.parse(a.content) as PactDoc, JSON.parse(b.content) as PactDoc);
      return { status: 200, body: `${text}\n`, headers: { 'Content-Type': 'text/plain;charset=utf-8' } };
    });

    // --- latest for an integration ---
    const showLatest = (filter: (ctx: RequestContext) => LatestFilter) => async (ctx: RequestContext) => {
      const { provider, consumer } = await integration(ctx);
      const pact = await latestPact(db, provider.id, consumer.id, filter(ctx));
      if (!pact) throw notFoundPact(ctx);
      return pactResponse(ctx, pact);
    };
    const integ = '/pacts/provider/:provider/consumer/:consumer';
    router.get(
      `${integ}/latest`,
      showLatest(() => ({ kind: 'any' })),
    );
    router.get(
      `${integ}/latest-untagged`,
      showLatest(() => ({ kind: 'untagged' })),
    );
    router.get(`${integ}/latest/:tag`, showLatest(lookupFilter));
    router.get(`${integ}/branch/:branch/latest`, showLatest(lookupFilter));
    router.get(
      `${integ}/branch/latest`,
      showLatest(() => ({ kind: 'mainBranch' })),
    );

    // --- lists of pact versions for an integration ---
    const listIntegration =
      (filter: (ctx: RequestContext) => LatestFilter, title: string) => async (ctx: RequestContext) => {
        const { provider, consumer } = await integration(ctx);
        const pacts = await pactsOfIntegration(db, provider.id, consumer.id, filter(ctx));
        return halResponse({
          _embedded: {
            pacts: pacts.map((p) => ({
              createdAt: p.created_at.toISOString(),
              _embedded: { consumerVersion: { number: p.consumer_version_number } },
              _links: { self: pactLink(ctx.links, p) },
            })),
          },
          _links: {
            self: ctx.links.link(ctx.path, { title }),
            'pb:consumer': ctx.links.link(path`/pacticipants/${consumer.name}`, {
              title: 'Consumer',
              name: consumer.name,
            }),
            'pb:provider': ctx.links.link(path`/pacticipants/${provider.name}`, {
              title: 'Provider',
              name: provider.name,
            }),
            'pb:pact-versions': pacts.map((p) => pactLink(ctx.links, p)),
          },
        });
      };
    router.get(
      `${integ}/versions`,
      listIntegration(() => ({ kind: 'any' }), 'All versions of the pact'),
    );
    router.get(`${integ}/tag/:tag`, listIntegration(lookupFilter, 'Pact versions with consumer version tag'));
    router.get(
      `${integ}/branch/:branch`,
      listIntegration(lookupFilter, 'Pact versions for consumer version branch'),
    );
    router.get(
      `${integ}/branch`,
      listIntegration(() => ({ kind: 'mainBranch' }), 'Pact versions for the consumer main branch'),
    );
    router.get(
      integ,
      listIntegration(() => ({ kind: 'any' }), 'All versions of the pact'),
    );

    // --- provider-wide lists ---
    const providerList =
      (latest: boolean, filter: (ctx: RequestContext) => LatestFilter, title: string) =>
      async (ctx: RequestContext) => {
        const provider = await requirePacticipant(db, ctx.param('provider'));
        const pacts = latest
          ? await latestPactsForProvider(db, provider.id, filter(ctx))
          : await pactsForProvider(db, provider.id, filter(ctx));
        const links = pacts.map((p) =>
          ctx.links.link(pactPath(p.provider_name, p.consumer_name, p.consumer_version_number), {
            title: pactTitle(p),
            name: p.consumer_name,
          }),
        );
        const providerLink = ctx.links.link(path`/pacticipants/${provider.name}`, {
          title: provider.name,
          name: provider.name,
        });
        return halResponse({
          _links: {
            self: ctx.links.link(ctx.path, { title }),
            'pb:provider': providerLink,
            'pb:pacts': links,
            // Deprecated names still read by the Rust verifier's non-selector broker source.
            provider: providerLink,
            pacts: links,
          },
        });
      };
    router.get(
      '/pacts/provider/:provider/latest',
      providerList(true, () => ({ kind: 'any' }), 'Latest pact versions for the provider'),
    );
    router.get(
      '/pacts/provider/:provider/latest/:tag',
      providerList(true, lookupFilter, 'Latest pact versions for the provider with the tag'),
    );
    router.get(
      '/pacts/provider/:provider',
      providerList(false, () => ({ kind: 'any' }), 'All pact versions for the provider'),
    );
    router.get(
      '/pacts/provider/:provider/tag/:tag',
      providerList(false, lookupFilter, 'All pact versions for the provider with the consumer version tag'),
    );
    router.get(
      '/pacts/provider/:provider/branch',
      providerList(
        false,
        () => ({ kind: 'mainBranch' }),
        'Pact versions for the provider from the consumers main branches',
      ),
    );
    router.get(
      '/pacts/provider/:provider/branch/latest',
      providerList(
        true,
        () => ({ kind: 'mainBranch' }),
        'Latest pact versions for the provider from the consumers main branches',
      ),
    );
    router.get(
      '/pacts/provider/:provider/branch/:branch',
      providerList(false, lookupFilter, 'Pact versions for the provider from the consumer branch'),
    );
    router.get(
      '/pacts/provider/:provider/branch/:branch/latest',
      providerList(true, lookupFilter, 'Latest pact versions for the provider from the consumer branch'),
    );

    router.get('/pacts/latest', async (ctx) => {
      const pacts = await latestPactsAll(db);
      const l = ctx.links;
      return halResponse({
        _links: { self: l.link('/pacts/latest') },
        pacts: pacts.map((p) => ({
          createdAt: p.created_at.toISOString(),
          _embedded: {
            consumer: {
              name: p.consumer_name,
              _links: { self: l.link(path`/pacticipants/${p.consumer_name}`) },
              _embedded: { version: { number: p.consumer_version_number } },
            },
            provider: {
              name: p.provider_name,
              _links: { self: l.link(path`/pacticipants/${p.provider_name}`) },
            },
          },
          _links: {
            self: [
              l.link(path`/pacts/provider/${p.provider_name}/consumer/${p.consumer_name}/latest`, {
                title: 'Latest version of the pact',
              }),
              l.link(pactPath(p.provider_name, p.consumer_name, p.consumer_version_number), {
                title: pactTitle(p),
              }),
            ],
          },
        })),
      });
    });
  },
};
