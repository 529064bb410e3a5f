// The provider states a provider declares for new consumers: for each route and status (and each event),
// the state its verification knows and the request that produces the response. A provider points at the
// file from its package.json (`"accord": { "providerStates": "…json" }`); its verification test checks
// that every state named there has a handler.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CliError } from '../errors.js';
import { type Route, routeName } from './new-consumer-routes.js';

export interface ProviderState {
  state: string;
  params?: Record<string, string>;
}

export interface HttpExample {
  /** `GET /orders/{id}` */
  route: string;
  status: number;
  given?: ProviderState;
  /** Path parameter values; a parameter missing here is taken from `given.params`. */
  path?: Record<string, string>;
  query?: Record<string, string>;
  /** The request body to send; default: the first valid fixture of the route's request contract. */
  body?: unknown;
  /** Example values for the response (a partial body) that take precedence over the fixtures'. */
  example?: Record<string, unknown>;
}

export interface EventExample {
  event: string;
  given?: ProviderState;
}

export interface ProviderStates {
  /** Relative to the workspace root, for messages. */
  file: string;
  http: HttpExample[];
  events: EventExample[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function stringRecord(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string'))
    throw new CliError('BAD_INPUT', `${where} must be an object of strings`);
  return v as Record<string, string>;
}

function given(v: unknown, where: string): ProviderState | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || typeof v.state !== 'string' || v.state === '')
    throw new CliError('BAD_INPUT', `${where}.given needs a "state" name`);
  const params = stringRecord(v.params, `${where}.given.params`);
  return params ? { state: v.state, params } : { state: v.state };
}

/** Reads and checks the declaration; undefined when the provider declares none. */
export function readProviderStates(root: string, provider: string): ProviderStates | undefined {
  const pkgFile = join(root, 'providers', provider, 'package.json');
  if (!existsSync(pkgFile)) return undefined;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { accord?: { providerStates?: unknown } };
  const declared = pkg.accord?.providerStates;
  if (declared === undefined) return undefined;
  if (typeof declared !== 'string')
    throw new CliError(
      'BAD_INPUT',
      `${relative(root, pkgFile)}: "accord.providerStates" must be a file path`,
    );
  const abs = join(root, 'providers', provider, declared);
  const file = relative(root, abs);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (e) {
    throw new CliError('BAD_INPUT', `${file}: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw new CliError('BAD_INPUT', `${file}: expected { "http": [...], "events": [...] }`);
  const http = (Array.isArray(doc.http) ? doc.http : []).map((raw: unknown, i: number): HttpExample => {
    const where = `${file}: http[${i}]`;
    if (!isObject(raw) || typeof raw.route !== 'string' || !/^[A-Z]+ \/\S*$/.test(raw.route))
      throw new CliError('BAD_INPUT', `${where} needs "route": "METHOD /path"`);
    if (!Number.isInteger(raw.status)) throw new CliError('BAD_INPUT', `${where} needs an integer "status"`);
    if (raw.example !== undefined && !isObject(raw.example))
      throw new CliError('BAD_INPUT', `${where}.example must be an object`);
    const out: HttpExample = { route: raw.route, status: raw.status as number };
    const g = given(raw.given, where);
    if (g) out.given = g;
    const path = stringRecord(raw.path, `${where}.path`);
    if (path) out.path = path;
    const query = stringRecord(raw.query, `${where}.query`);
    if (query) out.query = query;
    if ('body' in raw) out.body = raw.body;
    if (raw.example !== undefined) out.example = raw.example as Record<string, unknown>;
    return out;
  });
  const events = (Array.isArray(doc.events) ? doc.events : []).map(
    (raw: unknown, i: number): EventExample => {
      const where = `${file}: events[${i}]`;
      if (!isObject(raw) || typeof raw.event !== 'string')
        throw new CliError('BAD_INPUT', `${where} needs "event"`);
      const g = given(raw.given, where);
      return g ? { event: raw.event, given: g } : { event: raw.event };
    },
  );
  return { file, http, events };
}

/** The declared example for a route and status, if any. */
export function httpExample(states: ProviderStates | undefined, route: Route): HttpExample | undefined {
  return states?.http.find((h) => h.route === routeName(route) && h.status === route.status);
}

export function eventExample(states: ProviderStates | undefined, event: string): EventExample | undefined {
  return states?.events.find((e) => e.event === event);
}
