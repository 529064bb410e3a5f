// Unit tests of the server: the request id (X-Request-Id, else the traceparent's trace id, else a new one), and
// answers after a commit.

import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config.js';
import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import { trackCommits } from './commits.js';
import { Router } from './router.js';
import { createBrokerServer, requestId } from './server.js';

describe('requestId', () => {
  it('honours X-Request-Id, then traceparent, then generates one', () => {
    expect(
      requestId({ 'x-request-id': 'abc-123', traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` }),
    ).toBe('abc-123');
    expect(requestId({ traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01` })).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(requestId({})).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ignores ids it should not log: blank, too long, control characters, an all-zero trace id', () => {
    for (const bad of ['', 'x'.repeat(201), 'a\u0000b', 'two words']) {
      expect(requestId({ 'x-request-id': bad })).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestId({ traceparent: `00-${'0'.repeat(32)}-${'b'.repeat(16)}-01` })).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect(requestId({ traceparent: 'garbage' })).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('answers after a commit', () => {
  /** A server over a fake database whose transactions always commit, with routes that fail at chosen points. */
  async function serve() {
    const db = {
      query: async () => ({ rows: [] }),
      exec: async () => {},
      transaction: async <T>(fn: (tx: Db) => Promise<T>) => fn(db as Db),
    };
    const fail = () => {
      throw new Error('the response could not be built');
    };
    const router = new Router<{ db: Db }>([
      {
        method: 'POST',
        path: '/after',
        access: 'write',
        handler: async (_ctx, deps) => {
          await deps.db.transaction(async () => 1);
          return fail();
        },
      },
      {
        method: 'POST',
        path: '/inside',
        access: 'write',
        handler: async (_ctx, deps) => deps.db.transaction(async () => fail()),
      },
      {
        method: 'POST',
        path: '/refused',
        access: 'write',
        handler: async (_ctx, deps) => {
          await deps.db.transaction(async () => 1);
          throw BrokerError.validation({ field: ['is wrong'] });
        },
      },
    ]);
    const server = createBrokerServer({
      router,
      deps: { db: db as Db },
      auth: defaultConfig().auth,
      bodyLimit: 1024,
      baseUrls: [],
      securityHeaders: false,
      version: 'test',
      log: () => {},
      trackCommits: (d, state) => ({ ...d, db: trackCommits(d.db, state) }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
  }

  it('a failure after the transaction committed is answered as the stored success it is, never an error', async () => {
    const s = await serve();
    try {
      for (const path of ['/after', '/refused']) {
        const r = await fetch(`${s.url}${path}`, { method: 'POST' });
        expect(r.status, path).toBe(200);
        expect((await r.json()).notices[0].type).toBe('warning');
      }
      // Inside the transaction nothing is stored: the error is the answer.
      expect((await fetch(`${s.url}/inside`, { method: 'POST' })).status).toBe(500);
    } finally {
      await s.close();
    }
  });
});
