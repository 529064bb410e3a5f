// Test helpers: run the real `pact-broker` CLI, build pact documents, and call the broker API directly.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const pactBrokerCli = fileURLToPath(
  new URL('../../../node_modules/.bin/pact-broker', import.meta.url),
);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the Rust pact-broker CLI with a clean environment (no PACT_* variables leak in from the shell). */
export function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NO_COLOR: '1',
  };
  return new Promise((resolve) => {
    execFile(pactBrokerCli, args, { env: { ...base, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export interface Interaction {
  description: string;
  providerState?: string;
  request: { method: string; path: string; query?: string; headers?: Record<string, string> };
  response: { status: number; headers?: Record<string, string>; body?: unknown };
}

export function pactDoc(consumer: string, provider: string, interactions: Interaction[], spec = '2.0.0') {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions,
    metadata: { pactSpecification: { version: spec } },
  };
}

export function getThing(path: string, body: unknown, description = `a request for ${path}`): Interaction {
  return {
    description,
    request: { method: 'GET', path },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body },
  };
}

export interface PublishOptions {
  consumer: string;
  provider: string;
  version: string;
  branch?: string;
  tags?: string[];
  content: unknown;
  auth?: string;
}

export async function publish(baseUrl: string, o: PublishOptions): Promise<Response> {
  return fetch(`${baseUrl}/contracts/publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(o.auth ? { Authorization: o.auth } : {}) },
    body: JSON.stringify({
      pacticipantName: o.consumer,
      pacticipantVersionNumber: o.version,
      ...(o.branch ? { branch: o.branch } : {}),
      ...(o.tags ? { tags: o.tags } : {}),
      contracts: [
        {
          consumerName: o.consumer,
          providerName: o.provider,
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(JSON.stringify(o.content)).toString('base64'),
        },
      ],
    }),
  });
}

export async function json<T = Record<string, unknown>>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

export async function api(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      Accept: 'application/hal+json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Plain-text responses (diffs) stay strings.
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
