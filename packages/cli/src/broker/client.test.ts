import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { BrokerClient, expand, type FetchLike } from './client.js';
import { brokerConfig } from './config.js';

describe('brokerConfig', () => {
  it('takes --broker over PACT_BROKER_BASE_URL; empty values (a missing secret) count as unset', () => {
    expect(brokerConfig(undefined, {})).toBeUndefined();
    expect(brokerConfig(undefined, { PACT_BROKER_BASE_URL: ' ' })).toBeUndefined();
    expect(brokerConfig(undefined, { PACT_BROKER_BASE_URL: 'http://b/' })?.url).toBe('http://b');
    expect(brokerConfig('http://flag', { PACT_BROKER_BASE_URL: 'http://env' })?.url).toBe('http://flag');
  });

  it('a token wins over username/password, as in the pact-broker CLI', () => {
    const env = { PACT_BROKER_BASE_URL: 'http://b', PACT_BROKER_USERNAME: 'u', PACT_BROKER_PASSWORD: 'p' };
    expect(brokerConfig(undefined, env)?.auth).toEqual({ kind: 'basic', username: 'u', password: 'p' });
    expect(brokerConfig(undefined, { ...env, PACT_BROKER_TOKEN: 't' })?.auth).toEqual({
      kind: 'bearer',
      token: 't',
    });
  });
});

describe('BrokerClient', () => {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const answer =
    (status: number, body: string): FetchLike =>
    async (url, init) => {
      calls.push({ url, headers: init.headers });
      return new Response(body, { status });
    };
  const client = (f: FetchLike, token = 't') =>
    new BrokerClient({ url: 'http://broker', auth: { kind: 'bearer', token }, timeoutMs: 1000 }, f);

  it('sends the credentials and HAL accept header; 404 is "not there", not an error', async () => {
    expect(await client(answer(200, '{"a":1}')).get('/x')).toEqual({ a: 1 });
    expect(calls.at(-1)).toEqual({
      url: 'http://broker/x',
      headers: { accept: 'application/hal+json, application/json', authorization: 'Bearer t' },
    });
    expect(await client(answer(404, '')).get('/missing')).toBeUndefined();
  });

  it('refused credentials, server errors, bodies that are not JSON and network errors are BROKER errors naming the request', async () => {
    const fails = async (f: FetchLike) => {
      const e = await client(f)
        .get('/pacts')
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).code).toBe('BROKER');
      return (e as CliError).message;
    };
    expect(await fails(answer(401, ''))).toContain(
      'refused GET http://broker/pacts (401): set PACT_BROKER_TOKEN',
    );
    expect(await fails(answer(500, 'boom'))).toBe(
      'the Pact Broker answered 500 to GET http://broker/pacts: boom',
    );
    expect(await fails(answer(200, '<html>'))).toContain('with a body that is not JSON');
    expect(
      await fails(async () => {
        throw new TypeError('fetch failed');
      }),
    ).toBe('the Pact Broker at http://broker is not reachable (GET http://broker/pacts): fetch failed');
  });

  it('expands index relations, falling back to the documented route', async () => {
    const index = JSON.stringify({
      _links: { 'pb:pacticipant': { href: 'http://broker/pacticipants/{pacticipant}' } },
    });
    const c = client(answer(200, index));
    expect(await c.relation('pb:pacticipant', { pacticipant: 'a b' }, '/unused')).toBe(
      'http://broker/pacticipants/a%20b',
    );
    expect(await c.relation('pb:environments', {}, '/environments')).toBe('/environments');
    expect(expand('/p/{provider}/c/{consumer}', { provider: 'x/y' })).toBe('/p/x%2Fy/c/{consumer}');
  });
});
