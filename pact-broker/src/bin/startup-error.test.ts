import { DbError } from '@accord/db';
import { describe, expect, it } from 'vitest';
import { BrokerError } from '../errors.js';
import { startupErrorLine } from './startup-error.js';

const config = { host: '127.0.0.1', port: 9292 };

function listenError(code: string, address = '127.0.0.1', port = 9292): NodeJS.ErrnoException {
  return Object.assign(new Error(`listen ${code} ${address}:${port}`), {
    code,
    syscall: 'listen',
    address,
    port,
  });
}

describe('startupErrorLine', () => {
  it('says why the port cannot be used', () => {
    expect(startupErrorLine(listenError('EADDRINUSE'), config)).toBe(
      'cannot listen on 127.0.0.1:9292: the port is already in use (choose another with --port, or --port 0 for any free one)',
    );
    expect(startupErrorLine(listenError('EACCES', '0.0.0.0', 80), config)).toBe(
      'cannot listen on 0.0.0.0:80: permission denied (ports below 1024 need privileges)',
    );
    expect(startupErrorLine(listenError('EADDRNOTAVAIL', '10.9.9.9'), config)).toBe(
      'cannot listen on 10.9.9.9:9292: that address is not on this machine (see --host)',
    );
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND brokerhost'), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      hostname: 'brokerhost',
    });
    expect(startupErrorLine(dns, { host: 'brokerhost', port: 9292 })).toBe(
      'cannot listen on brokerhost:9292: host brokerhost not found (see --host)',
    );
  });

  it('keeps the one sentence of a storage or broker error', () => {
    const locked = new DbError('data_dir_locked', 'data folder /d is in use by accord-broker (pid 7)');
    expect(startupErrorLine(locked, config)).toBe('data folder /d is in use by accord-broker (pid 7)');
    expect(startupErrorLine(new BrokerError('config', 'webhooks: bad setting\nmore'), config)).toBe(
      'webhooks: bad setting',
    );
  });

  it('falls back to the first line of anything else, never a stack', () => {
    const err = new Error('something odd\n    at frame (file.js:1:1)');
    expect(startupErrorLine(err, config)).toBe('failed to start: something odd');
    expect(startupErrorLine('a string', config)).toBe('failed to start: a string');
  });
});
