// Request body of the webhook routes: scope, events, the request to send (checked against the SSRF policy).

import type { BrokerDeps } from '../deps.js';
import { objectBody } from '../http/context.js';
import { findPacticipant } from '../pacticipants/queries.js';
import { MAX_ENTRIES, MAX_LENGTH } from '../validation/index.js';
import { EVENT_NAMES } from './events.js';
import type { WebhookFields } from './queries.js';
import { checkTarget, targetPolicy } from './ssrf.js';
import type { WebhookRequest } from './template.js';

/** A webhook's consumer or provider: a pacticipant by name, or a label; none means every pacticipant. */
type Party = { name: string } | { label: string } | undefined;

/**
 * Create, replace or test-run a webhook. On the scoped routes (`/webhooks/provider/{p}/consumer/{c}` …) the
 * pacticipants in the path are the scope and the body's are ignored.
 */
export const webhookBody = objectBody(async (body, c, ctx, deps: BrokerDeps): Promise<WebhookFields> => {
  const party = (field: 'consumer' | 'provider'): Party => {
    const fromPath = ctx.params[field];
    if (fromPath !== undefined) return { name: fromPath };
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      c.add(field, 'must be an object with a name');
      return undefined;
    }
    const v = value as Record<string, unknown>;
    if (v.label !== undefined && v.name === undefined) {
      if (typeof v.label !== 'string' || v.label === '') {
        c.add(`${field}.label`, 'must be a non-empty string');
        return undefined;
      }
      const label = c.name(`${field}.label`, v.label);
      return label === undefined ? undefined : { label };
    }
    if (typeof v.name !== 'string' || v.name === '') {
      c.add(`${field}.name`, 'is missing');
      return undefined;
    }
    const name = c.name(`${field}.name`, v.name);
    return name === undefined ? undefined : { name };
  };
  // An unknown pacticipant is reported with the other problems of the body, as a 400 on `consumer.name` …
  const resolve = async (field: 'consumer' | 'provider', p: Party): Promise<number | null> => {
    if (!p || !('name' in p)) return null;
    const id = (await findPacticipant(deps.db, p.name))?.id;
    if (id === undefined) c.add(`${field}.name`, `No pacticipant with name '${p.name}' found`);
    return id ?? null;
  };
  const label = (p: Party) => (p && 'label' in p ? p.label : null);
  const consumer = party('consumer');
  const consumerId = await resolve('consumer', consumer);
  const provider = party('provider');
  const providerId = await resolve('provider', provider);

  let events: string[] = ['contract_content_changed'];
  if (body.events !== undefined) {
    if (!Array.isArray(body.events) || body.events.length === 0) c.add('events', 'must be a non-empty array');
    else {
      events = [];
      body.events.forEach((e, i) => {
        const name = e && typeof e === 'object' ? (e as Record<string, unknown>).name : undefined;
        if (typeof name !== 'string' || !(EVENT_NAMES as readonly string[]).includes(name))
          c.add(`events[${i}].name`, `must be one of ${EVENT_NAMES.join(', ')}`);
        else if (!events.includes(name)) events.push(name);
      });
    }
  }

  const request: WebhookRequest = { method: 'POST', url: '' };
  const r = body.request;
  if (r === undefined || r === null || typeof r !== 'object' || Array.isArray(r))
    c.add('request', 'is missing');
  else {
    const req = r as Record<string, unknown>;
    if (typeof req.method !== 'string' || req.method === '') c.add('request.method', 'is missing');
    else request.method = req.method.toUpperCase();
    if (typeof req.url !== 'string' || req.url === '') c.add('request.url', 'is missing');
    else if (req.url.length > MAX_LENGTH.url)
      c.add('request.url', `cannot be longer than ${MAX_LENGTH.url} characters`);
    else request.url = req.url;
    if (typeof req.method === 'string' && request.url !== '') {
      const problem = checkTarget(targetPolicy(deps.config), req.method, request.url);
      if (problem) c.add(problem.startsWith('method') ? 'request.method' : 'request.url', problem);
    }
    if (req.headers !== undefined && req.headers !== null) {
      if (typeof req.headers !== 'object' || Array.isArray(req.headers))
        c.add('request.headers', 'must be an object');
      else {
        const headers: Record<string, string> = {};
        const entries = Object.entries(req.headers);
        if (entries.length > MAX_ENTRIES)
          c.add('request.headers', `cannot have more than ${MAX_ENTRIES} entries`);
        for (const [k, v] of entries.slice(0, MAX_ENTRIES)) {
          const field = `request.headers.${k.slice(0, MAX_LENGTH.headerName)}`;
          // A header name is an HTTP token; anything else could not be sent.
          if (!/^[!#$%&'*+.^_`|~\w-]+$/.test(k) || k.length > MAX_LENGTH.headerName)
            c.add(field, `must be a header name (letters, digits, -, at most ${MAX_LENGTH.headerName})`);
          else if (typeof v !== 'string' && typeof v !== 'number') c.add(field, 'must be a string');
          else if (String(v).length > MAX_LENGTH.headerValue)
            c.add(field, `cannot be longer than ${MAX_LENGTH.headerValue} characters`);
          // What node:http can send: Latin-1 text without control characters (a tab aside).
          else if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(String(v)))
            c.add(field, 'must be Latin-1 text without control characters (HTTP cannot carry the rest)');
          else headers[k] = String(v);
        }
        request.headers = headers;
      }
    }
    if (req.body !== undefined) request.body = req.body;
    for (const f of ['username', 'password'] as const) {
      if (req[f] === undefined || req[f] === null) continue;
      if (typeof req[f] !== 'string') c.add(`request.${f}`, 'must be a string');
      else if ((req[f] as string).length > MAX_LENGTH.credential)
        c.add(`request.${f}`, `cannot be longer than ${MAX_LENGTH.credential} characters`);
      else request[f] = req[f] as string;
    }
  }
  c.optionalString('description', body.description, MAX_LENGTH.description);
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean')
    c.add('enabled', 'must be one of: true, false');
  return {
    description: (body.description as string | undefined) ?? null,
    consumerId,
    providerId,
    consumerLabel: label(consumer),
    providerLabel: label(provider),
    events,
    request,
    enabled: (body.enabled as boolean | undefined) ?? true,
  };
});
