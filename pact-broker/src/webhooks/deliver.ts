// Sends one rendered webhook request to an allow-listed address with a timeout, and writes the execution log.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { WebhookConfig } from './config.js';
import { type Lookup, resolveTarget, type TargetPolicy } from './ssrf.js';
import { type RenderedRequest, redactHeaders } from './template.js';

export interface ExecutionResult {
  success: boolean;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  error: string | null;
  logs: string;
  durationMs: number;
}

const MAX_LOGGED_BODY = 4096;

/** How a delivery is sent and judged (the official webhook settings); absent fields take the official defaults. */
export interface DeliveryOptions {
  successCodes?: number[];
  userAgent?: string;
  tls?: { rejectUnauthorized: boolean; ca?: string[] | undefined };
  /** Redact Authorization/token headers in the execution log (default true). */
  redact?: boolean;
}

/** TLS options for HTTPS targets: the system CAs plus PACT_BROKER_WEBHOOK_CERTIFICATES, or no verification. */
function tlsOptions(
  config: Pick<WebhookConfig, 'disableSslVerification' | 'certificates'>,
): NonNullable<DeliveryOptions['tls']> {
  return {
    rejectUnauthorized: !config.disableSslVerification,
    ca: config.certificates.length ? [...rootCertificates, ...config.certificates] : undefined,
  };
}

/** The options the configuration sets (used by the relay and by test runs). */
export function deliveryOptions(config: WebhookConfig): DeliveryOptions {
  return {
    successCodes: config.successCodes,
    userAgent: config.userAgent,
    tls: tlsOptions(config),
    redact: config.redactSensitiveData,
  };
}

const OFFICIAL_SUCCESS = [200, 201, 202, 203, 204, 205, 206];

export async function executeRequest(
  policy: TargetPolicy,
  req: RenderedRequest,
  timeoutMs: number,
  resolve?: Lookup,
  options: DeliveryOptions = {},
): Promise<ExecutionResult> {
  const started = Date.now();
  const lines: string[] = [];
  const log = (level: string, text: string) => lines.push(`[${new Date().toISOString()}] ${level}: ${text}`);
  // Response bodies reach the API only for explicitly allow-listed hosts (as the official broker does).
  const showBody = policy.hosts.length > 0;
  const done = (r: Omit<ExecutionResult, 'logs' | 'durationMs'>): ExecutionResult => ({
    ...r,
    logs: `${lines.join('\n')}\n`,
    durationMs: Date.now() - started,
  });
  log('INFO', `${req.method} ${req.url}`);
  const shown = options.redact === false ? req.headers : redactHeaders(req.headers);
  for (const [k, v] of Object.entries(shown)) log('DEBUG', `${k}: ${v}`);
  if (req.body !== null) log('DEBUG', req.body.slice(0, MAX_LOGGED_BODY));
  let target: { address: string; family: 4 | 6 };
  try {
    target = await resolveTarget(policy, req.method, req.url, resolve);
  } catch (err) {
    const message = (err as Error).message;
    log('ERROR', message);
    return done({ success: false, status: null, responseHeaders: {}, responseBody: null, error: message });
  }
  const url = new URL(req.url);
  // Connect to the address that passed the check, not whatever a second DNS answer says.
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target]);
    else cb(null, target.address, target.family);
  };
  return new Promise<ExecutionResult>((resolvePromise) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = {
      'User-Agent': options.userAgent ?? 'Pact Broker (accord-broker)',
      ...req.headers,
    };
    if (req.body !== null) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const tls = url.protocol === 'https:' ? (options.tls ?? {}) : {};
    const r = send(
      url,
      { method: req.method, headers, lookup: pinned, timeout: timeoutMs, ...tls },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 1_048_576) chunks.push(c);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks).toString('utf8');
          const success = (options.successCodes ?? OFFICIAL_SUCCESS).includes(status);
          log(
            success ? 'INFO' : 'ERROR',
            `HTTP/${res.httpVersion} ${status} ${res.statusMessage ?? ''}`.trim(),
          );
          log(
            'DEBUG',
            showBody
              ? body.slice(0, MAX_LOGGED_BODY)
              : '(response body hidden: the host is not in the webhook host allow-list)',
          );
          const responseHeaders = Object.fromEntries(
            Object.entries(res.headers).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.join(', ') : String(v ?? ''),
            ]),
          );
          resolvePromise(
            done({
              success,
              status,
              responseHeaders,
              responseBody: showBody ? body.slice(0, MAX_LOGGED_BODY) : null,
              error: success ? null : `HTTP ${status}`,
            }),
          );
        });
        res.on('error', (err) => {
          log('ERROR', err.message);
          resolvePromise(
            done({
              success: false,
              status: null,
              responseHeaders: {},
              responseBody: null,
              error: err.message,
            }),
          );
        });
      },
    );
    r.on('timeout', () => r.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    r.on('error', (err) => {
      log('ERROR', err.message);
      resolvePromise(
        done({ success: false, status: null, responseHeaders: {}, responseBody: null, error: err.message }),
      );
    });
    r.end(req.body ?? undefined);
  }).catch((err: unknown) => {
    // node:http refuses some requests before sending (a rendered header value outside Latin-1): a failed delivery.
    const message = (err as Error).message;
    log('ERROR', message);
    return done({ success: false, status: null, responseHeaders: {}, responseBody: null, error: message });
  });
}
