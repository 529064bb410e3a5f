// Tests accord-pipeline's argument and environment parsing.
import { describe, expect, it } from 'vitest';
import { parseArgs, stepsFor } from './config.js';
import { PipelineError } from './errors.js';

const parse = (argv: string[], env: Record<string, string> = {}) => {
  const c = parseArgs(argv, env, '/repo');
  if (c === 'help') throw new Error('unexpected help');
  return c;
};

describe('parseArgs', () => {
  it('reads the broker, environments and main branch from the environment', () => {
    const c = parse(['run'], {
      PACT_BROKER_BASE_URL: 'http://broker',
      ACCORD_ENVIRONMENTS: 'staging, production',
      ACCORD_MAIN_BRANCH: 'trunk',
      ACCORD_EXIT_AFTER_PIPELINE: '1',
    });
    expect(c).toMatchObject({
      command: 'run',
      brokerUrl: 'http://broker',
      environments: ['staging', 'production'],
      mainBranch: 'trunk',
      exitAfterPipeline: true,
      useTurbo: true,
    });
  });

  it('lets flags override the environment', () => {
    const c = parse(
      [
        'start',
        '--broker-url=http://other',
        '--only',
        'a,b',
        '--only',
        'c',
        '--environment',
        'test',
        '--exit',
        '--port',
        '0',
        '--no-turbo',
      ],
      { PACT_BROKER_BASE_URL: 'http://broker' },
    );
    expect(c).toMatchObject({
      brokerUrl: 'http://other',
      only: ['a', 'b', 'c'],
      environments: ['test'],
      exitAfterPipeline: true,
      port: 0,
      useTurbo: false,
    });
  });

  it('builds the build URL from the GitHub Actions run', () => {
    const c = parse(['publish'], {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_RUN_ID: '42',
    });
    expect(c.buildUrl).toBe('https://github.com/o/r/actions/runs/42');
  });

  it('parses can-i-deploy polling', () => {
    expect(parse(['can-i-deploy', '--retry-while-unknown', '5', '--retry-interval', '2'])).toMatchObject({
      retryWhileUnknown: 5,
      retryInterval: 2,
    });
  });

  it('answers help', () => {
    expect(parseArgs([], {}, '/')).toBe('help');
    expect(parseArgs(['run', '--help'], {}, '/')).toBe('help');
  });

  it.each([
    [['deploy-all']],
    [['run', '--nope']],
    [['run', 'extra']],
    [['run', '--only']],
    [['run', '--port', '70000']],
    [['services', '--role', 'both']],
    [['can-i-deploy', '--retry-while-unknown', '-1']],
  ])('rejects %j as a usage error (exit 2)', (argv) => {
    try {
      parseArgs(argv, {}, '/');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PipelineError);
      expect((e as PipelineError).code).toBe('USAGE');
      expect((e as PipelineError).exitCode).toBe(2);
    }
  });
});

describe('stepsFor', () => {
  it('runs every step for run and start, one for the step commands', () => {
    expect(stepsFor('start')).toEqual([
      'contracts',
      'consumer-tests',
      'publish',
      'verify',
      'deploy',
      'report',
    ]);
    expect(stepsFor('publish')).toEqual(['publish']);
    expect(stepsFor('can-i-deploy')).toEqual(['deploy']);
    expect(stepsFor('record-deployment')).toEqual(['deploy']);
    expect(stepsFor('version')).toEqual([]);
  });
});
