// Unit tests for the router: params, literal precedence, HEAD as GET, 404 versus 405, duplicate lines.

import { describe, expect, it } from 'vitest';
import type { BrokerError } from '../errors.js';
import { type Route, Router } from './router.js';

const ok = () => ({ status: 200 });
const line = (method: Route<unknown>['method'], path: string, access: Route<unknown>['access'] = 'read') => ({
  method,
  path,
  handler: ok,
  access,
});

describe('Router', () => {
  const r = new Router<unknown>([
    line('GET', '/pacts/provider/:provider/latest/:tag'),
    line('GET', '/pacts/provider/:provider/branch/latest'),
    line('GET', '/pacts/provider/:provider/branch/:branch'),
    line('POST', '/pacts/provider/:provider/for-verification'),
    line('PUT', '/pacticipants/:name', 'write'),
  ]);

  it('decodes params and prefers literal segments', () => {
    expect(r.match('GET', '/pacts/provider/Pricing%20Service/latest/prod').params).toEqual({
      provider: 'Pricing Service',
      tag: 'prod',
    });
    expect(r.match('GET', '/pacts/provider/P/branch/latest').route.path).toBe(
      '/pacts/provider/:provider/branch/latest',
    );
    expect(r.match('GET', '/pacts/provider/P/branch/feat').params.branch).toBe('feat');
  });

  it('answers HEAD with the GET route and keeps each line’s access', () => {
    expect(r.match('HEAD', '/pacts/provider/P/branch/feat').route.method).toBe('GET');
    expect(r.match('PUT', '/pacticipants/x').route.access).toBe('write');
    expect(r.match('POST', '/pacts/provider/P/for-verification').route.access).toBe('read');
  });

  it('distinguishes unknown paths (404), wrong methods (405 + Allow) and bad encoding (400)', () => {
    const failure = (m: string, p: string) => {
      try {
        r.match(m, p);
        return 'matched';
      } catch (e) {
        const err = e as BrokerError;
        return `${err.code}${err.extra?.allow ? ` ${err.extra.allow}` : ''}`;
      }
    };
    expect(failure('GET', '/nothing')).toBe('not_found');
    expect(failure('DELETE', '/pacticipants/x')).toBe('method_not_allowed PUT');
    expect(failure('PUT', '/pacticipants/%E0%A4%A')).toBe('validation');
  });

  it('refuses a table that declares one method and path twice', () => {
    expect(() => new Router<unknown>([line('GET', '/a'), line('GET', '/a')])).toThrow(/declared twice/);
  });
});
