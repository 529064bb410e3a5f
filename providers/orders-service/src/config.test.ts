import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_CONFIG } from './config.js';

describe('configFromEnv', () => {
  it('uses the defaults for an empty environment: PGlite in memory, embedded transport', () => {
    expect(configFromEnv({})).toEqual({
      ...DEFAULT_CONFIG,
      databaseUrl: undefined,
      dataDir: undefined,
      amqpUrl: undefined,
    });
  });

  it('reads every variable', () => {
    const config = configFromEnv({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      ORDERS_DB_SCHEMA: 'orders_blue',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      ORDERS_EXCHANGE: 'x.events',
      OUTBOX_POLL_MS: '100',
      OUTBOX_BATCH_SIZE: '10',
      ORDERS_VALIDATE_RESPONSES: 'true',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      dbSchema: 'orders_blue',
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      exchange: 'x.events',
      relayIntervalMs: 100,
      relayBatchSize: 10,
      validateResponses: true,
    });
  });

  it.each([
    [{ PORT: 'http' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ AMQP_URL: 'not a url' }, 'AMQP_URL'],
    [{ ORDERS_DB_SCHEMA: 'Robert"); DROP' }, 'ORDERS_DB_SCHEMA'],
    [{ ORDERS_VALIDATE_RESPONSES: 'maybe' }, 'ORDERS_VALIDATE_RESPONSES'],
  ])('rejects %o naming the variable', (env, name) => {
    expect(() => configFromEnv(env)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(name) }),
    );
  });
});
