// `accord-broker clean`: flags over the PACT_BROKER_DATABASE_CLEAN_* variables, one run on the broker's database,
// the official log lines (text) or one JSON document (json). Exit 0 done or skipped, 1 failed, 2 bad arguments.

import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ArgsError, type FlagSpecs, parseFlags } from '@accord/args';
import { DbError, isDbError } from '@accord/db';
import type { MigratableDb } from '../db/db.js';
import { migrate, openStorage } from '../db/index.js';
import { BrokerError } from '../errors.js';
import { type CleanLine, type CleanReport, clean } from './clean.js';
import { orderedJson } from './json.js';
import { parseBranchSelectors, parseKeepSelectors } from './selectors.js';
import { parseCleanSettings, strictBool, wholeNumber } from './settings.js';

export const cleanUsage = `Usage: accord-broker clean [options]

Deletes the oldest versions that no keep selector keeps, with their pacts, verifications, tags, branch
versions, deployments and webhook deliveries; stale branches; orphan pact contents; overwritten data.

  --database-url <url>     PostgreSQL (env PACT_BROKER_DATABASE_URL)
  --data-dir <dir>         PGlite data folder (env PACT_BROKER_DATA_DIR); not while a broker runs on it
  --keep <json>            keep version selectors, a JSON array (env PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS;
                           default [{"tag":true,"latest":true},{"branch":true,"latest":true},{"latest":true},
                           {"deployed":true},{"released":true},{"maxAge":90}])
  --keep-branches <json>   keep branch selectors; [] keeps every branch (env PACT_BROKER_DATABASE_CLEAN_KEEP_BRANCH_SELECTORS;
                           default [{"maxAge":90}])
  --limit <n>              most versions (and branches, and overwritten rows of each kind) to delete in this run
                           (env PACT_BROKER_DATABASE_CLEAN_DELETION_LIMIT; default 500)
  --overwritten-data-max-age <days>
                           age of overwritten verifications and webhook deliveries to delete
                           (env PACT_BROKER_DATABASE_CLEAN_OVERWRITTEN_DATA_MAX_AGE; default 7)
  --dry-run                print what would go, delete nothing (env PACT_BROKER_DATABASE_CLEAN_DRY_RUN=true)
  --format <text|json>     the official log lines (default), or one JSON document on stdout
  --help                   show this text

Exit codes: 0 done (also when another clean was running and this one skipped), 1 failed, 2 bad arguments.
`;

type Env = Record<string, string | undefined>;

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const FLAGS = {
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
  keep: { type: 'string' },
  'keep-branches': { type: 'string' },
  limit: { type: 'string' },
  'overwritten-data-max-age': { type: 'string' },
  format: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const satisfies FlagSpecs;

interface CleanCommand {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  format: 'text' | 'json';
  run: Parameters<typeof clean>[1];
  ignoredKeys: string[];
}

function parse(argv: string[], env: Env): CleanCommand | 'help' {
  // `--dry-run=false` overrides PACT_BROKER_DATABASE_CLEAN_DRY_RUN=true, so the flag also takes an explicit value.
  let dryRun: boolean | undefined;
  const words = argv.filter((arg) => {
    const m = /^--dry-run=([\s\S]*)$/.exec(arg);
    if (m) dryRun = strictBool(m[1], '--dry-run', true);
    else if (arg === '--dry-run') dryRun = true;
    return !m;
  });
  let parsed: ReturnType<typeof parseFlags<typeof FLAGS>>;
  try {
    parsed = parseFlags(words, FLAGS);
  } catch (err) {
    if (!(err instanceof ArgsError)) throw err;
    const hint = err.code === 'MISSING_VALUE' ? '' : ' (see accord-broker clean --help)';
    throw new BrokerError('config', `clean: ${err.message}${hint}`);
  }
  if (parsed.help) return 'help';
  const given = Object.entries(parsed.flags).filter((e): e is [string, string] => typeof e[1] === 'string');
  const flags = new Map<string, string>(given);
  const settings = parseCleanSettings(env);
  const format = flags.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new BrokerError('config', `clean: --format must be text or json, got "${format}"`);
  const keep = flags.has('keep') ? parseKeepSelectors(flags.get('keep')!, '--keep') : undefined;
  if (flags.has('database-url') && flags.has('data-dir'))
    throw new BrokerError('config', 'clean: give --database-url or --data-dir, not both');
  // A flag names the database more surely than the environment: it wins over either variable.
  const databaseUrl =
    flags.get('database-url') ?? (flags.has('data-dir') ? undefined : env.PACT_BROKER_DATABASE_URL);
  const dataDir = flags.get('data-dir') ?? env.PACT_BROKER_DATA_DIR;
  if (!databaseUrl && !dataDir) {
    throw new BrokerError(
      'config',
      'clean: name the database with --database-url or --data-dir (or PACT_BROKER_DATABASE_URL / PACT_BROKER_DATA_DIR)',
    );
  }
  return {
    databaseUrl: databaseUrl || undefined,
    dataDir: databaseUrl ? undefined : dataDir,
    format,
    ignoredKeys: keep ? keep.ignoredKeys : settings.ignoredKeys,
    run: {
      keep: keep ? keep.selectors : settings.keepVersionSelectors,
      keepBranches: flags.has('keep-branches')
        ? parseBranchSelectors(flags.get('keep-branches')!, '--keep-branches')
        : settings.keepBranchSelectors,
      limit: flags.has('limit') ? wholeNumber(flags.get('limit')!, '--limit', 1) : settings.deletionLimit,
      dryRun: dryRun ?? settings.dryRun,
      overwrittenDataMaxAge: flags.has('overwritten-data-max-age')
        ? wholeNumber(flags.get('overwritten-data-max-age')!, '--overwritten-data-max-age', 0)
        : settings.overwrittenDataMaxAge,
    },
  };
}

/** A line of the official task's output: the message, then its payload (results indented on the next lines). */
function textLine(line: CleanLine): string {
  if (line.payload === undefined) return `${line.message}\n`;
  if (Array.isArray(line.payload)) return `${line.message} ${orderedJson(line.payload)}\n`;
  return `${line.message}\n${orderedJson(line.payload, 2)}\n`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/** Opens the broker's database for a clean: never creates one (a typo in a path or URL is an error, not a new database). */
async function open(c: CleanCommand): Promise<MigratableDb> {
  if (c.dataDir !== undefined) {
    const dir = resolve(c.dataDir);
    const found = await stat(join(dir, 'PG_VERSION')).catch(() => undefined);
    if (!found)
      throw new DbError('data_dir_invalid', `cannot use data folder ${dir}: it holds no broker database`);
  }
  let db: MigratableDb;
  try {
    db = await openStorage({ databaseUrl: c.databaseUrl, dataDir: c.dataDir, poolSize: 2 });
  } catch (err) {
    if (isDbError(err, 'data_dir_locked')) {
      throw new DbError(
        'data_dir_locked',
        `${firstLine(err.message)}; stop that broker first, or let it clean on its schedule (PACT_BROKER_DATABASE_CLEAN_ENABLED=true)`,
      );
    }
    throw err;
  }
  try {
    const { rows } = await db.query<{ found: boolean }>(
      "SELECT to_regclass('schema_migrations') IS NOT NULL AS found",
    );
    if (!rows[0]!.found) {
      throw new DbError('invalid_options', 'the database holds no broker data (no schema_migrations table)');
    }
    // As a start of this broker would: the clean's SQL expects this version's schema.
    await migrate(db);
    return db;
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

export async function cleanCommand(argv: string[], env: Env, io: CommandIo = processIo): Promise<number> {
  let command: CleanCommand | 'help';
  try {
    command = parse(argv, env);
  } catch (err) {
    io.stderr(`accord-broker: ${firstLine((err as Error).message)}\n`);
    return 2;
  }
  if (command === 'help') {
    io.stdout(cleanUsage);
    return 0;
  }
  const c = command;
  let stopRequested = false;
  // A signal lets the batch in flight commit (or roll back) and then stops, printing what was done.
  const onSignal = () => {
    if (stopRequested) process.exit(1);
    stopRequested = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let db: MigratableDb | undefined;
  try {
    db = await open(c);
    const notices = c.ignoredKeys.map((key) => `Ignoring ${key}: not a keep selector attribute`);
    if (c.format === 'text') for (const n of notices) io.stdout(`${n}\n`);
    const report: CleanReport = await clean(db, {
      ...c.run,
      shouldStop: () => stopRequested,
      onLine: (line) => {
        if (c.format === 'text') io.stdout(textLine(line));
      },
    });
    if (c.format === 'json') {
      io.stdout(
        `${orderedJson(report.performed ? { ...report, notices: [...notices, ...report.notices] } : report, 2)}\n`,
      );
    }
    if (report.performed && report.stoppedEarly) {
      io.stderr(
        'accord-broker: clean stopped by a signal after the batch in flight; what it deleted is listed above\n',
      );
      return 1;
    }
    return 0;
  } catch (err) {
    // Database errors already name the folder or server and the reason in one sentence.
    const reason =
      err instanceof DbError
        ? firstLine(err.message)
        : `clean failed: ${firstLine((err as Error).message ?? String(err))}`;
    io.stderr(`accord-broker: ${reason}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await db?.close().catch(() => {});
  }
}
