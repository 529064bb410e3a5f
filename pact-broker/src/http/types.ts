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
