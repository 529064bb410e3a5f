// The broker's log: pino, one JSON line per event on stdout (errors on stderr), human-readable on a terminal.

import pino, { type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import type { BrokerConfig } from './config.js';
import type { Log } from './deps.js';

export interface LogOptions {
  /** Where JSON lines go; by default stdout, and stderr for errors. */
  destination?: DestinationStream;
  /** Human-readable lines instead of JSON; by default when stdout is a terminal. */
  pretty?: boolean;
}

/** A pino logger at the configured level (`silent` writes nothing). */
export function createLogger(level: BrokerConfig['logLevel'], options: LogOptions = {}): pino.Logger {
  // Levels as words ("level":"info"): what log pipelines filter on without a lookup table.
  const base = {
    level,
    base: { name: 'accord-broker', pid: process.pid },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty ?? process.stdout.isTTY) {
    // A stream in this thread (no worker transport), flushed as it writes.
    return pino(base, pretty({ colorize: true, sync: true, singleLine: true, ignore: 'pid,hostname,name' }));
  }
  return pino(
    base,
    pino.multistream(
      [
        { level: 'debug', stream: pino.destination({ dest: 1, sync: true }) },
        { level: 'error', stream: pino.destination({ dest: 2, sync: true }) },
      ],
      { dedupe: true },
    ),
  );
}

/** The `log` function handlers and the relay use, writing to a pino logger. */
export function logTo(logger: pino.Logger): Log {
  return (level, message, fields) => {
    if (fields) logger[level](fields, message);
    else logger[level](message);
  };
}
