// The clean command's arguments: each mistake is one line naming it and exit 2, before any database is opened.

import { describe, expect, it } from 'vitest';
import { cleanCommand, cleanUsage } from './command.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await cleanCommand(argv, env, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

describe('accord-broker clean arguments', () => {
  it('prints its usage for --help', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, stdout: cleanUsage, stderr: '' });
  });

  it.each([
    [
      ['--dry-run'],
      {},
      'clean: name the database with --database-url or --data-dir (or PACT_BROKER_DATABASE_URL / PACT_BROKER_DATA_DIR)',
    ],
    [
      ['--data-dir', 'd', '--database-url', 'postgres://h/db'],
      {},
      'clean: give --database-url or --data-dir, not both',
    ],
    [['--data-dir', 'd', '--force'], {}, 'clean: unknown option --force (see accord-broker clean --help)'],
    [['--data-dir', 'd', 'now'], {}, 'clean: unexpected argument "now" (see accord-broker clean --help)'],
    [['--data-dir', 'd', '--limit', '0'], {}, '--limit must be a whole number >= 1, got "0"'],
    [['--data-dir', 'd', '--format', 'yaml'], {}, 'clean: --format must be text or json, got "yaml"'],
    [['--data-dir', 'd', '--keep'], {}, 'clean: --keep needs a value'],
    [
      ['--data-dir', 'd', '--keep', '[{"tag": 1}]'],
      {},
      '--keep[0].tag must be true, false or a non-empty name, got 1',
    ],
    [['--data-dir', 'd', '--dry-run=maybe'], {}, '--dry-run must be true or false, got "maybe"'],
    [
      ['--data-dir', 'd'],
      { PACT_BROKER_DATABASE_CLEAN_DRY_RUN: 'yes' },
      'PACT_BROKER_DATABASE_CLEAN_DRY_RUN must be true or false, got "yes"',
    ],
  ])('%j %j → exit 2', async (argv, env, line) => {
    expect(await run(argv, env)).toEqual({ code: 2, stdout: '', stderr: `accord-broker: ${line}\n` });
  });
});
