// Unit tests for command-line and environment parsing.

import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import { BrokerError } from './errors.js';

describe('parseConfig', () => {
  it('reads flags before env and env before defaults', () => {
    const c = parseConfig(['--port', '0', '--data-dir=/tmp/x'], {
      PACT_BROKER_PORT: '1234',
      PACT_BROKER_BASE_URL: 'https://b.example/',
    });
    expect(c).toMatchObject({ port: 0, dataDir: '/tmp/x', baseUrl: 'https://b.example', host: '127.0.0.1' });
  });

  it('reads auth settings', () => {
    const c = parseConfig([], {
      PACT_BROKER_BASIC_AUTH_USERNAME: 'u',
      PACT_BROKER_BASIC_AUTH_PASSWORD: 'p',
      PACT_BROKER_WRITE_TOKENS: 'a, b',
      PACT_BROKER_ALLOW_PUBLIC_READ: 'true',
    });
    if (c === 'help') throw new Error('unexpected');
    expect(c.auth).toMatchObject({
      writeUser: { username: 'u', password: 'p' },
      writeTokens: ['a', 'b'],
      allowPublicRead: true,
    });
  });

  it('rejects unknown flags, bad numbers and half-configured users', () => {
    expect(() => parseConfig(['--nope', '1'], {})).toThrow(BrokerError);
    expect(() => parseConfig(['--port', 'x'], {})).toThrow(/--port/);
    expect(() => parseConfig([], { PACT_BROKER_BASIC_AUTH_USERNAME: 'u' })).toThrow(/both/);
    expect(parseConfig(['--help'], {})).toBe('help');
  });
});
