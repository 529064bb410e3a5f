// The node:http server: body limit, auth, routing, error → status mapping in one place, and request logging.

import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  maxHeaderSize,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { AuthConfig } from '../config.js';
import { BrokerError, statusForCode } from '../errors.js';
import { accessForMethod, authEnabled, authorize, effectiveAccess, identify } from './auth.js';
import type { CommitState } from './commits.js';
import { RequestContext } from './context.js';
import { HAL_CONTENT_TYPE } from './hal.js';
import { headerValue } from './headers.js';
import type { Router } from './router.js';
import type { HttpResponse, Log, RequestRecord } from './types.js';

export interface ServerOptions<D> {
  router: Router<D>;
  /** The services every handler receives next to its request context. */
  deps: D;
  auth: AuthConfig;
  bodyLimit: number;
  /** Configured base URLs (none: each request's own). */
  baseUrls: string[];
  /** Rack::Protection's headers on every response (PACT_BROKER_USE_RACK_PROTECTION). */
  securityHeaders: boolean;
  version: string;
  log: Log;
  /**
   * The services one write request's handler gets, with `state.committed` set once a write of it is durable; an
   * error after that is answered as the stored success it is (see `afterCommit`). Reads get `deps` as they are.
   */
  trackCommits?: (deps: D, state: CommitState) => D;
  /** Called once per answered request (after the response is written). */
  onRequest?: (record: RequestRecord) => void;
  /** Replaces an error's JSON answer for some paths (the HTML pages answer errors with an HTML page). */
  errorPage?: (rawPath: string, error: HttpResponse) => HttpResponse | undefined;
}

/** 413 naming the body and the setting that bounds it. */
function bodyTooLarge(limit: number, size?: number): BrokerError {
  const what = size === undefined ? `is larger than ${limit} bytes` : `is ${size} bytes`;
  return new BrokerError('payload_too_large', `Request body exceeds ${limit} bytes`, {
    errors: {
      body: [`${what}; the limit is ${limit} bytes (PACT_BROKER_BODY_LIMIT or --body-limit)`],
    },
  });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(bodyTooLarge(limit, declared));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(bodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    // The client closed the connection before the body ended: nobody is left to answer, and it is not our fault.
    req.on('error', () =>
      reject(BrokerError.validation({ body: ['ended before the length the request declared'] })),
    );
  });
}

function requestBaseUrl(req: IncomingMessage, forwarded: boolean): string {
  const first = (v: unknown) => String(v).split(',')[0]!.trim();
  const proto =
    forwarded && req.headers['x-forwarded-proto'] ? first(req.headers['x-forwarded-proto']) : 'http';
  const host =
    forwarded && req.headers['x-forwarded-host']
      ? first(req.headers['x-forwarded-host'])
      : first(req.headers.host ?? 'localhost');
  return `${proto}://${host}`;
}

/**
 * The base of absolute links: the request's own (forwarded headers first) when none is configured, the configured
 * one when there is one; with several, the one matching the request (with, then without forwarded headers), else
 * the first (the official set_base_url rule).
 */
function baseUrlFor(req: IncomingMessage, configured: string[]): string {
  if (configured.length === 1) return configured[0]!;
  const own = requestBaseUrl(req, true);
  if (configured.length === 0) return own;
  return (
    configured.find((u) => u === own) ??
    configured.find((u) => u === requestBaseUrl(req, false)) ??
    configured[0]!
  );
}

/** `.csv`, `.svg`, `.json` and `.yaml` at the end of a path stand for an Accept header, as upstream. */
const EXTENSION_TYPES: Record<string, string> = {
  csv: 'text/csv',
  svg: 'image/svg+xml',
  json: 'application/hal+json',
  yaml: 'application/yaml',
};

function extensionToAccept(req: IncomingMessage, rawPath: string): string {
  const m = /\.(csv|svg|json|yaml)$/.exec(rawPath);
  if (!m) return rawPath;
  req.headers.accept = EXTENSION_TYPES[m[1]!]!;
  return rawPath.slice(0, -m[0].length);
}

/**
 * The answer when a handler fails after its write committed: the write is stored, so the client is told so (200
 * with a warning notice, the shape publish answers use) and must not retry as if it had failed.
 */
function afterCommit(err: unknown, log: Log, reqId: string): HttpResponse {
  log('error', `after the request's write committed: ${(err as Error)?.stack ?? String(err)}`, { reqId });
  const text = 'The change was stored, but the broker could not build the rest of its response.';
  return {
    status: 200,
    body: { notices: [{ type: 'warning', text }] },
    headers: { 'Content-Type': HAL_CONTENT_TYPE },
  };
}

/** PostgreSQL error codes the request itself causes (SQLSTATE classes 22, 23, 40 and 54). */
const INPUT_CODES = new Set(['22021', '22P05', '54000', '22001']);
const CONFLICT_CODES = new Set(['23503', '23505', '40001', '40P01']);

const camelCase = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** `pact_versions` → `pactVersion`, `branches` → `branch`: a table's row as the API names it. */
const rowName = (table: string) => camelCase(table.replace(/(ch|sh|x)es$/, '$1').replace(/s$/, ''));

/**
 * A database error the request caused, as the 4xx it is: a value PostgreSQL cannot store (a NUL byte, an over-long
 * value) is a 400; a write that lost a race with a concurrent one (a unique key the other inserted first, a row it
 * needs that the other deleted, a serialization failure or a deadlock) is a 409 naming the key or the row. Anything
 * else is the broker's fault.
 */
function databaseClientError(err: unknown): BrokerError | undefined {
  const { code, detail } = (err ?? {}) as { code?: unknown; detail?: unknown };
  if (typeof code !== 'string') return undefined;
  if (INPUT_CODES.has(code)) {
    return BrokerError.validation({
      body: [`contains a value the database cannot store: ${(err as Error).message}`],
    });
  }
  if (!CONFLICT_CODES.has(code)) return undefined;
  const text = typeof detail === 'string' ? detail : '';
  // 23505: `Key (pacticipant_id, number)=(1, 2) already exists.`; 23503: `Key (version_id)=(7) is not present in
  // table "versions".` for an insert, `… is still referenced from table "tags".` for a delete.
  const table = /table "(\w+)"/.exec(text)?.[1];
  const column = /^Key \(([^)]+)\)=/.exec(text)?.[1]?.split(', ').at(-1);
  if (code === '23503' && table) {
    const what = /still referenced/.test(text) ? 'was just added by' : 'was deleted by';
    return BrokerError.concurrentWrite(rowName(table), `${what} a concurrent request`);
  }
  if (code === '23505' && column) {
    return BrokerError.concurrentWrite(camelCase(column), 'was just taken by a concurrent request');
  }
  return BrokerError.concurrentWrite('request', 'conflicted with a concurrent request');
}

function errorResponse(err: unknown, log: Log, reqId?: string): HttpResponse {
  if (err instanceof BrokerError) {
    const status = statusForCode[err.code];
    const headers: Record<string, string> = { 'Content-Type': 'application/hal+json;charset=utf-8' };
    const extra = { ...(err.extra ?? {}) };
    if (typeof extra.wwwAuthenticate === 'string') headers['WWW-Authenticate'] = extra.wwwAuthenticate;
    if (typeof extra.allow === 'string') headers.Allow = extra.allow;
    delete extra.wwwAuthenticate;
    delete extra.allow;
    const body =
      err.errors !== undefined
        ? { ...extra, errors: err.errors }
        : { ...extra, error: { code: err.code, message: err.message } };
    if (status >= 500) log('error', err.stack ?? err.message, { reqId });
    return { status, body, headers };
  }
  const clientFault = databaseClientError(err);
  if (clientFault) return errorResponse(clientFault, log, reqId);
  log('error', (err as Error)?.stack ?? String(err), { reqId });
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Internal server error' } },
    headers: { 'Content-Type': HAL_CONTENT_TYPE },
  };
}

/**
 * The request id: the client's `X-Request-Id` (if it is a short printable token), else the trace id of a W3C
 * `traceparent`, else a new UUID. It is echoed as `X-Request-Id` and carried by every log line of the request.
 */
export function requestId(headers: IncomingMessage['headers']): string {
  const given = headers['x-request-id'];
  const id = Array.isArray(given) ? given[0] : given;
  if (id && /^[\x21-\x7e]{1,200}$/.test(id)) return id;
  const trace = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/.exec(
    String(headers.traceparent ?? '').trim(),
  );
  if (trace && !/^0+$/.test(trace[1]!)) return trace[1]!;
  return randomUUID();
}

const SECURITY_HEADERS = {
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Content-Type-Options': 'nosniff',
  'X-XSS-Protection': '1; mode=block',
};

/** What node's HTTP parser refused, as the status and the named part of the request a client can fix. */
function clientErrorAnswer(
  err: NodeJS.ErrnoException,
  headerLimit: number,
): { status: number; reason: string; errors: Record<string, string[]> } {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        errors: { headers: [`the request line and headers are larger than ${headerLimit} bytes`] },
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', errors: { request: ['was not received in time'] } };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        errors: { request: [`is not valid HTTP/1.1 (${err.code ?? 'parse error'})`] },
      };
  }
}

/**
 * A JSON 4xx written straight to a socket no `ServerResponse` owns, then closed after reading and discarding what
 * the client still sends: closing with unread input makes the kernel reset the connection, and the client would
 * lose the answer (node's default handlers do that).
 */
function answerOnSocket(
  socket: Duplex,
  status: number,
  reason: string,
  errors: Record<string, string[]>,
): void {
  const body = JSON.stringify({ errors });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json;charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.on('data', () => {});
  socket.on('error', () => {});
  // A client that never stops sending is cut off.
  setTimeout(() => socket.destroy(), CLIENT_ERROR_DRAIN_MS).unref();
}

/** Answers a request node's parser refused (an over-long URL or header, malformed HTTP). */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, headerLimit: number): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, reason, errors } = clientErrorAnswer(err, headerLimit);
  answerOnSocket(socket, status, reason, errors);
}

const CLIENT_ERROR_DRAIN_MS = 5000;

export function createBrokerServer<D>(options: ServerOptions<D>): Server {
  const { router, deps, auth, bodyLimit, log } = options;

  async function handle(
    req: IncomingMessage,
    matched: { route: string },
    reqId: string,
  ): Promise<HttpResponse> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = extensionToAccept(req, q < 0 ? url : url.slice(0, q));
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    if (method === 'OPTIONS') return answerOptions(req, rawPath);
    let found: ReturnType<Router<D>['match']>;
    try {
      found = router.match(method, rawPath);
    } catch (err) {
      // With auth on, a caller without credentials for this method learns nothing about which paths exist.
      if (authEnabled(auth))
        authorize(auth, identify(auth, req.headers.authorization), accessForMethod(method));
      throw err;
    }
    const { route, params } = found;
    matched.route = route.path;
    // With no credentials configured the broker is open and ignores any Authorization header clients send.
    const identity =
      effectiveAccess(auth, route.access) === 'public' || !authEnabled(auth)
        ? { kind: 'anonymous' as const }
        : identify(auth, req.headers.authorization);
    authorize(auth, identity, route.access);
    const body = await readBody(req, bodyLimit);
    const ctx = new RequestContext(
      method,
      rawPath,
      rawQuery,
      params,
      req.headers,
      identity,
      baseUrlFor(req, options.baseUrls),
      body,
    );
    const commits: CommitState = { committed: false };
    const handlerDeps =
      options.trackCommits && route.method !== 'GET' ? options.trackCommits(deps, commits) : deps;
    if (route.body) ctx.expectBody(route.body, handlerDeps);
    let response: HttpResponse;
    try {
      response = await route.handler(ctx, handlerDeps);
    } catch (err) {
      if (!commits.committed) throw err;
      return afterCommit(err, log, reqId);
    }
    if (ctx.bodyUnread)
      log('error', `${route.method} ${route.path}: the handler never read its checked body`, { reqId });
    return response;
  }

  /** OPTIONS names the methods of the resource (the official resources' answer), for read credentials. */
  function answerOptions(req: IncomingMessage, rawPath: string): HttpResponse {
    if (authEnabled(auth)) authorize(auth, identify(auth, req.headers.authorization), 'read');
    let allow: string;
    try {
      router.match('OPTIONS', rawPath);
      allow = '';
    } catch (err) {
      if (!(err instanceof BrokerError) || err.code !== 'method_not_allowed') throw err;
      allow = String(err.extra?.allow ?? '');
    }
    return { status: 200, headers: { 'Access-Control-Allow-Methods': `${allow}, OPTIONS` } };
  }

  function send(req: IncomingMessage, res: ServerResponse, r: HttpResponse, reqId: string): void {
    const headers: Record<string, string> = {
      'X-Pact-Broker-Version': options.version,
      'X-Request-Id': reqId,
      ...(options.securityHeaders ? SECURITY_HEADERS : {}),
      ...(r.headers ?? {}),
    };
    let payload: string | Buffer | undefined;
    if (r.body !== undefined && r.status !== 204) {
      payload = typeof r.body === 'string' || Buffer.isBuffer(r.body) ? r.body : JSON.stringify(r.body);
      headers['Content-Type'] ??= 'application/json;charset=utf-8';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    for (const [name, value] of Object.entries(headers)) headers[name] = headerValue(value);
    res.writeHead(r.status, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
  }

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const reqId = requestId(req.headers);
    const matched = { route: 'unmatched' };
    handle(req, matched, reqId)
      .catch((err: unknown) => {
        // Drain an unread body so keep-alive connections stay usable after an early error.
        req.resume();
        const r = errorResponse(err, log, reqId);
        return options.errorPage?.((req.url ?? '/').split('?')[0]!, r) ?? r;
      })
      .then((r) => {
        send(req, res, r, reqId);
        options.onRequest?.({
          reqId,
          method: req.method ?? 'GET',
          route: matched.route,
          status: r.status,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e3) / 1e3,
        });
      })
      .catch((err: unknown) => {
        log('error', `failed to send response: ${String(err)}`, { reqId });
        res.destroy();
      });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(err, socket, maxHeaderSize),
  );
  // node hands CONNECT to its own event and, without a listener, drops the connection.
  server.on('connect', (req: IncomingMessage, socket: Duplex) =>
    answerOnSocket(socket, 405, 'Method Not Allowed', {
      method: [`${req.method} is not supported; the broker is not a proxy`],
    }),
  );
  // An Expect other than 100-continue: node's own 417 has no body.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const body = JSON.stringify({ errors: { Expect: ['only 100-continue is supported'] } });
    res.writeHead(417, {
      'Content-Type': 'application/json;charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  });
  return server;
}
