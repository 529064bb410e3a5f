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

  it('reads the request limits and the worker count, and refuses workers without PostgreSQL', () => {
    expect(parseConfig([], {})).toMatchObject({
      workers: 1,
      limits: { maxContractsPerPublish: 5000, maxInteractionsPerPact: 10000 },
    });
    const c = parseConfig(['--workers', '3'], {
      PACT_BROKER_DATABASE_URL: 'postgres://u@db/b',
      PACT_BROKER_MAX_CONTRACTS_PER_PUBLISH: '10',
      PACT_BROKER_MAX_INTERACTIONS_PER_PACT: '20',
    });
    expect(c).toMatchObject({
      workers: 3,
      limits: { maxContractsPerPublish: 10, maxInteractionsPerPact: 20 },
    });
    expect(() => parseConfig(['--workers', '2'], {})).toThrow(/needs PostgreSQL/);
    expect(() => parseConfig([], { PACT_BROKER_MAX_CONTRACTS_PER_PUBLISH: '0' })).toThrow(
      /PACT_BROKER_MAX_CONTRACTS_PER_PUBLISH must be an integer >= 1/,
    );
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

  it('takes the official defaults for every behaviour setting', () => {
    const c = parseConfig([], {});
    if (c === 'help') throw new Error('unexpected');
    expect(c.auth).toMatchObject({ publicHeartbeat: false, publicBadges: true, allowPublicRead: false });
    expect(c.settings).toMatchObject({
      autoDetectMainBranch: true,
      mainBranchCandidates: ['develop', 'main', 'master'],
      useFirstTagAsBranch: true,
      useFirstTagAsBranchTimeLimit: 10,
      createDeployedVersionsForTags: true,
      checkForPotentialDuplicatePacticipantNames: true,
      seedExampleData: true,
      badges: { providerMode: 'redirect', shieldsIoBaseUrl: 'https://img.shields.io' },
      wip: { dynamicWindow: false, maxLookbackDays: 14, verifiedByOtherBranchLookbackDays: 30 },
    });
    expect(c.webhooks).toMatchObject({ methods: ['POST'], schemes: ['https'], maxAttempts: 7 });
    expect(c.webhooks.successCodes).toEqual([200, 201, 202, 203, 204, 205, 206]);
    expect(c.allowDangerousContractModification).toBe(false);
  });

  it('reads official names, words and lists; builds the database URL from its parts', () => {
    const c = parseConfig([], {
      PACT_BROKER_MAIN_BRANCH_CANDIDATES: 'trunk, main',
      PACT_BROKER_USE_FIRST_TAG_AS_BRANCH: 'f',
      PACT_BROKER_PUBLIC_HEARTBEAT: 'yes',
      PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: 'post get',
      PACT_BROKER_SHIELDS_IO_BASE_URL: 'nil',
      PACT_BROKER_BASE_URL: 'https://a.example https://b.example/',
      PACT_BROKER_DATABASE_HOST: 'db',
      PACT_BROKER_DATABASE_NAME: 'broker',
      PACT_BROKER_DATABASE_USERNAME: 'u',
      PACT_BROKER_DATABASE_PASSWORD: 'p@ss',
      PACT_BROKER_LOG_LEVEL: 'FATAL',
    });
    if (c === 'help') throw new Error('unexpected');
    expect(c.settings.mainBranchCandidates).toEqual(['trunk', 'main']);
    expect(c.settings.useFirstTagAsBranch).toBe(false);
    expect(c.settings.badges.shieldsIoBaseUrl).toBeNull();
    expect(c.auth.publicHeartbeat).toBe(true);
    expect(c.webhooks.methods).toEqual(['POST', 'GET']);
    expect(c).toMatchObject({
      baseUrl: 'https://a.example',
      baseUrls: ['https://a.example', 'https://b.example'],
      databaseUrl: 'postgres://u:p%40ss@db/broker',
      logLevel: 'error',
    });
  });

  it('stops on values it cannot honour, naming the variable', () => {
    expect(() => parseConfig([], { PACT_BROKER_ORDER_VERSIONS_BY_DATE: 'false' })).toThrow(
      /PACT_BROKER_ORDER_VERSIONS_BY_DATE=false is not supported/,
    );
    expect(() => parseConfig([], { PACT_BROKER_AUTO_DETECT_MAIN_BRANCH: 'maybe' })).toThrow(
      /PACT_BROKER_AUTO_DETECT_MAIN_BRANCH must be true or false/,
    );
    expect(() => parseConfig([], { PACT_BROKER_BADGE_PROVIDER_MODE: 'inline' })).toThrow(/redirect or proxy/);
    const c = parseConfig([], { PACT_BROKER_USE_HAL_BROWSER: 'true' });
    if (c === 'help') throw new Error('unexpected');
    expect(c.settings.noEffect).toEqual([
      'PACT_BROKER_USE_HAL_BROWSER has no effect in accord-broker: the HAL browser is not shipped',
    ]);
  });
});
