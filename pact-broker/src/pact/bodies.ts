// Request bodies of the pact routes: the publish-contracts body and a pact document.

import type { RequestLimits } from '../config.js';
import type { BrokerDeps } from '../deps.js';
import { BrokerError } from '../errors.js';
import { objectBody } from '../http/context.js';
import { turns } from '../http/turns.js';
import type { Body } from '../route.js';
import { jsonProblem } from '../validation/json.js';
import { checkPact, type PactDoc } from './content.js';
import { parseKeepingNumbers } from './numbers.js';
import type { ConflictMode } from './publish.js';

/** 413 when a pact carries more interactions (and messages) than PACT_BROKER_MAX_INTERACTIONS_PER_PACT. */
function checkInteractionCount(doc: unknown, where: string, limits: RequestLimits): void {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return;
  const { interactions, messages } = doc as { interactions?: unknown; messages?: unknown };
  for (const [key, list] of [
    ['interactions', interactions],
    ['messages', messages],
  ] as const) {
    if (Array.isArray(list) && list.length > limits.maxInteractionsPerPact) {
      const field = where ? `${where}.${key}` : key;
      throw new BrokerError('payload_too_large', `Too many ${key} in one pact`, {
        errors: {
          [field]: [
            `has ${list.length} ${key}; at most ${limits.maxInteractionsPerPact} are accepted in one pact (PACT_BROKER_MAX_INTERACTIONS_PER_PACT)`,
          ],
        },
      });
    }
  }
}

export interface ParsedContract {
  consumerName: string;
  providerName: string;
  content: PactDoc;
  mode: ConflictMode;
}

/**
 * POST /contracts/publish: the consumer version (branch, tags, build URL) and its contracts, each a base64 pact
 * whose names must agree with the body; `onConflict: overwrite` only applies where the operator allows it.
 */
export const publishBody = objectBody(async (body, c, _ctx, deps: BrokerDeps) => {
  const allowOverwrite = deps.config.allowDangerousContractModification;
  const { limits } = deps.config;
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
  } else if (body.contracts.length > limits.maxContractsPerPublish) {
    throw new BrokerError('payload_too_large', 'Too many contracts in one publish', {
      errors: {
        contracts: [
          `has ${body.contracts.length} contracts; at most ${limits.maxContractsPerPublish} may be published at once (PACT_BROKER_MAX_CONTRACTS_PER_PUBLISH)`,
        ],
      },
    });
  } else {
    // Thousands of contracts take a while to decode: other requests get a turn every few milliseconds.
    const checkpoint = turns();
    for (const [i, raw] of (body.contracts as unknown[]).entries()) {
      await checkpoint();
      checkContract(i, raw);
    }
  }
  function checkContract(i: number, raw: unknown): void {
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
    const problem = jsonProblem(parsed, f('content'));
    if (problem) {
      c.add(problem.field, problem.message);
      return;
    }
    checkInteractionCount(parsed, f('content'), limits);
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
      contracts.push({
        consumerName,
        providerName,
        content: parseKeepingNumbers(text, parsed) as PactDoc,
        mode,
      });
    }
  }
  return {
    pacticipantName: pacticipantName!,
    versionNumber: versionNumber!,
    branch,
    tags,
    buildUrl,
    contracts,
  };
});

/** PUT/PATCH of a consumer version's pact: a valid pact whose names are the ones in the URL. */
export const pactBody: Body<PactDoc> = (json, c, ctx, deps) => {
  const consumerName = ctx.param('consumer');
  const providerName = ctx.param('provider');
  checkInteractionCount(json, '', deps.config.limits);
  const check = checkPact(json);
  for (const e of check.errors)
    c.add(e.includes('consumer') ? 'consumer.name' : e.includes('provider') ? 'provider.name' : 'body', e);
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
  return (check.errors.length === 0 ? parseKeepingNumbers(ctx.bodyText(), json) : json) as PactDoc;
};
