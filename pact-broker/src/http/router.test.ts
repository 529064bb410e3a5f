// Unit tests for the router: params, literal precedence, 404 versus 405, default access.

import { describe, expect, it } from 'vitest';
import type { BrokerError } from '../errors.js';
import { Router } from './router.js';

const ok = () => ({ status: 200 });

describe('Router', () => {
  const r = new Router()
    .get('/pacts/provider/:provider/latest/:tag', ok)
    .get('/pacts/provider/:provider/branch/latest', ok)
    .get('/pacts/provider/:provider/branch/:branch', ok)
    .post('/pacts/provider/:provider/for-verification', ok, { access: 'read' })
    .put('/pacticipants/:name', ok);

  it('decodes params and prefers literal segments', () => {
    expect(r.match('GET', '/pacts/provider/Pricing%20Service/latest/prod').params).toEqual({
      provider: 'Pricing Service',
      tag: 'prod',
    });
    expect(r.match('GET', '/pacts/provider/P/branch/latest').pattern).toBe(
      '/pacts/provider/:provider/branch/latest',
    );
    expect(r.match('GET', '/pacts/provider/P/branch/feat').params.branch).toBe('feat');
    expect(r.match('HEAD', '/pacts/provider/P/branch/feat').access).toBe('read');
  });

  it('derives access from the method unless declared', () => {
    expect(r.match('PUT', '/pacticipants/x').access).toBe('write');
    expect(r.match('POST', '/pacts/provider/P/for-verification').access).toBe('read');
  });

  it('distinguishes unknown paths (404), wrong methods (405) and bad encoding (400)', () => {
    const code = (m: string, p: string) => {
      try {
        r.match(m, p);
        return 'matched';
      } catch (e) {
        return (e as BrokerError).code;
      }
    };
    expect(code('GET', '/nothing')).toBe('not_found');
    expect(code('DELETE', '/pacticipants/x')).toBe('method_not_allowed');
    expect(code('PUT', '/pacticipants/%E0%A4%A')).toBe('validation');
  });
});
