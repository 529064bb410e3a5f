// Unit tests of the server: the request id (X-Request-Id, else the traceparent's trace id, else a new one), and
// answers after a commit, and the 4xx answers to what node's HTTP parser or the database refuse.

import { type AddressInfo, connect } from 'node:net';
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

describe('requests the HTTP parser or the database refuse', () => {
  /** A server whose one route fails with `dbError`, as a query would. */
  async function serve(dbError: unknown) {
    const router = new Router<object>([
      {
        method: 'POST',
        path: '/write',
        access: 'write',
        handler: async () => {
          throw dbError;
        },
      },
    ]);
    const server = createBrokerServer({
      router,
      deps: {},
      auth: defaultConfig().auth,
      bodyLimit: 1024,
      baseUrls: [],
      securityHeaders: false,
      version: 'test',
      log: () => {},
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { port, close: () => new Promise((r) => server.close(r)) };
  }

  /** Raw bytes to the server and everything it answers before closing (a reset rejects). */
  function raw(port: number, bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (c) => {
        text += c.toString();
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.end(bytes);
    });
  }

  const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

  it('an over-long URL is a JSON 431 naming the headers, read to the end rather than reset', async () => {
    const s = await serve(undefined);
    try {
      for (const length of [20_000, 2_000_000]) {
        const answer = await raw(s.port, `GET /${'x'.repeat(length)} HTTP/1.1\r\nHost: x\r\n\r\n`);
        expect(answer, String(length)).toMatch(/^HTTP\/1\.1 431 /);
        expect(Object.keys(bodyOf(answer).errors)).toEqual(['headers']);
      }
    } finally {
      await s.close();
    }
  });

  it('malformed HTTP is a JSON 400 naming the request', async () => {
    const s = await serve(undefined);
    try {
      for (const bytes of [
        'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
        'GET /\u0001 HTTP/1.1\r\n\r\n',
        'NOT HTTP AT ALL\r\n\r\n',
      ]) {
        const answer = await raw(s.port, bytes);
        expect(answer, JSON.stringify(bytes)).toMatch(/^HTTP\/1\.1 400 /);
        expect(Object.keys(bodyOf(answer).errors)).toEqual(['request']);
      }
    } finally {
      await s.close();
    }
  });

  it('CONNECT is a JSON 405 and an Expect other than 100-continue a JSON 417, not a dropped connection', async () => {
    const s = await serve(undefined);
    try {
      const connectAnswer = await raw(s.port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(connectAnswer).toMatch(/^HTTP\/1\.1 405 /);
      expect(Object.keys(bodyOf(connectAnswer).errors)).toEqual(['method']);
      const expectAnswer = await raw(
        s.port,
        'POST /write HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      );
      expect(expectAnswer).toMatch(/^HTTP\/1\.1 417 /);
      expect(Object.keys(bodyOf(expectAnswer).errors)).toEqual(['Expect']);
    } finally {
      await s.close();
    }
  });

  it('a body cut off by the client is its fault (a 4xx, no error logged), not a 500', async () => {
    const logged: string[] = [];
    const statuses: number[] = [];
    const router = new Router<object>([
      { method: 'POST', path: '/write', access: 'write', handler: async () => ({ status: 204 }) },
    ]);
    const server = createBrokerServer({
      router,
      deps: {},
      auth: defaultConfig().auth,
      bodyLimit: 1024,
      baseUrls: [],
      securityHeaders: false,
      version: 'test',
      log: (level) => {
        logged.push(level);
      },
      onRequest: (r) => statuses.push(r.status),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write('POST /write HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"na');
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      await expect.poll(() => statuses).toEqual([400]);
      expect(logged).not.toContain('error');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a unique key a concurrent request took first, a row it deleted, or a deadlock, is a 409 naming it', async () => {
    const cases: Array<[unknown, string]> = [
      [
        Object.assign(new Error('duplicate key value violates unique constraint "environments_name_key"'), {
          code: '23505',
          detail: 'Key (name)=(prod) already exists.',
        }),
        'name',
      ],
      [
        Object.assign(new Error('insert or update on table "versions" violates foreign key constraint'), {
          code: '23503',
          detail: 'Key (pacticipant_id)=(7) is not present in table "pacticipants".',
        }),
        'pacticipant',
      ],
      [Object.assign(new Error('deadlock detected'), { code: '40P01' }), 'request'],
    ];
    for (const [dbError, field] of cases) {
      const s = await serve(dbError);
      try {
        const r = await fetch(`http://127.0.0.1:${s.port}/write`, { method: 'POST' });
        expect(r.status).toBe(409);
        expect(Object.keys((await r.json()).errors)).toEqual([field]);
      } finally {
        await s.close();
      }
    }
    // Any other database error stays the broker's fault.
    const s = await serve(Object.assign(new Error('relation does not exist'), { code: '42P01' }));
    try {
      expect((await fetch(`http://127.0.0.1:${s.port}/write`, { method: 'POST' })).status).toBe(500);
    } finally {
      await s.close();
    }
  });
});
