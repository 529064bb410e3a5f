// Unit tests for the request id: the client's X-Request-Id, else the W3C traceparent's trace id, else a new one.

import { describe, expect, it } from 'vitest';
import { requestId } from './server.js';

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
