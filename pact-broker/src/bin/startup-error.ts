// Turns a start-up failure into the one line accord-broker prints before it exits 1: what failed and why, no stack.

import { DbError } from '@accord/db';
import type { BrokerConfig } from '../config.js';
import { BrokerError } from '../errors.js';

interface ListenError extends NodeJS.ErrnoException {
  address?: string;
  hostname?: string;
  port?: number;
}

function listenLine(err: ListenError, config: Pick<BrokerConfig, 'host' | 'port'>): string | undefined {
  if (err.syscall !== 'listen' && err.syscall !== 'getaddrinfo') return undefined;
  const where = `${err.address ?? err.hostname ?? config.host}:${err.port ?? config.port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is already in use (choose another with --port, or --port 0 for any free one)`;
    case 'EACCES':
    case 'EPERM':
      return `cannot listen on ${where}: permission denied (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: that address is not on this machine (see --host)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${where}: host ${config.host} not found (see --host)`;
    default:
      return undefined;
  }
}

/** The line (without the "accord-broker: " prefix and newline) for an error thrown while starting. */
export function startupErrorLine(err: unknown, config: Pick<BrokerConfig, 'host' | 'port'>): string {
  // DbError messages already name the folder, server or migration and the reason in one sentence.
  if (err instanceof DbError || err instanceof BrokerError) return firstLine(err.message);
  const listen = listenLine(err as ListenError, config);
  if (listen !== undefined) return listen;
  return `failed to start: ${firstLine(err instanceof Error ? err.message : String(err))}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
