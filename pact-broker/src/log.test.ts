// Unit tests for the broker's log: one JSON line per event with its fields, and the configured level.

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logTo } from './log.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).trim().split('\n'));
      done();
    },
  });
  return { lines, stream };
}

describe('log', () => {
  it('writes one JSON line per event, with the fields as properties', () => {
    const { lines, stream } = capture();
    const log = logTo(createLogger('info', { destination: stream }));
    log('info', 'GET /pacticipants/:pacticipant 404', {
      reqId: 'r1',
      route: '/pacticipants/:pacticipant',
      status: 404,
    });
    log('debug', 'not at info');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: 'info',
      name: 'accord-broker',
      msg: 'GET /pacticipants/:pacticipant 404',
      reqId: 'r1',
      route: '/pacticipants/:pacticipant',
      status: 404,
    });
    expect(Date.parse(line.time)).not.toBeNaN();
  });

  it('honours the levels, from debug to silent', () => {
    const at = (level: Parameters<typeof createLogger>[0]) => {
      const { lines, stream } = capture();
      const log = logTo(createLogger(level, { destination: stream }));
      for (const l of ['debug', 'info', 'warn', 'error'] as const) log(l, l);
      return lines.map((x) => JSON.parse(x).msg);
    };
    expect(at('debug')).toEqual(['debug', 'info', 'warn', 'error']);
    expect(at('warn')).toEqual(['warn', 'error']);
    expect(at('error')).toEqual(['error']);
    expect(at('silent')).toEqual([]);
  });
});
