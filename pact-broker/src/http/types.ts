// The HTTP layer's shared types (responses, links, access levels, identities), free of imports so no module cycles.

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Link {
  href: string;
  title?: string;
  name?: string;
  templated?: boolean;
}

/**
 * Who may call a route: `read` = read-only users and public read may call it, `write` = write credentials,
 * `public` = no credentials, `heartbeat` = public unless PACT_BROKER_PUBLIC_HEARTBEAT=false, then read.
 */
export type Access = 'read' | 'write' | 'public' | 'heartbeat';

export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'user' | 'token'; name: string; scope: 'read' | 'write' };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Writes one log event; `fields` become properties of the JSON line (e.g. `reqId`). */
export type Log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/** What the server reports about each answered request (one log line, the request metrics). */
export interface RequestRecord {
  reqId: string;
  method: string;
  /** The matched route's pattern (`/pacticipants/:pacticipant`), or `unmatched`: never the raw path. */
  route: string;
  status: number;
  durationMs: number;
}
