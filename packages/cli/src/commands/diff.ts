// `accord diff`: compare two schema files, or every contract against a git base ref; waivers; text/markdown/json.

import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseFlags } from '@accord/args';
import {
  bundleSchema,
  DIALECTS,
  type Dialect,
  type DirectionOption,
  diffSchemas,
  isDialect,
  SchemaDiffError,
} from '@accord/schema-diff';
import { defaultWaiverFile, runBase } from '../diff/base.js';
import { readJsonFile } from '../diff/files.js';
import { openGit } from '../diff/git.js';
import { type Comparison, makeReport, type Problem, type Report, type Waiver } from '../diff/report.js';
import { applyWaivers, loadWaivers } from '../diff/waivers.js';
import { CliError } from '../errors.js';
import { formatJson } from '../format/json.js';
import { formatMarkdown, formatMarkdownError } from '../format/markdown.js';
import { formatText } from '../format/text.js';
import {
  diffWithImpact,
  IMPACT_HELP,
  IMPACT_OPTIONS,
  type ImpactArgs,
  parseImpactArgs,
} from '../impact/options.js';
import type { Io } from '../io.js';
import type { Command } from './types.js';

const HELP = `Usage:
  accord diff OLD.json NEW.json [--direction backward|forward|full] [options]
  accord diff --base <git-ref> [--contracts DIR] [options]

Compares JSON Schemas and says whether readers and writers on either version still understand each other.
  backward  readers on NEW read data written with OLD
  forward   readers on OLD read data written with NEW
  full      both (default for two files)
With --base, every contract in <DIR>/catalog.json is checked against the ref: new versions against earlier
ones in the contract's compatibility mode, published versions must be unchanged and still present.

Options:
  --format text|markdown|json   output format (default text)
  --strict-readers              judge readers as written (default: tolerant readers ignore unknown properties)
  --default-dialect DIALECT     dialect of a schema without "$schema": draft-04, draft-06, draft-07 (default), 2019-09, 2020-12
  --waivers FILE                waiver file (JSON or YAML); with --base, <DIR>/schema-waivers.json is read if present
  --contracts DIR               contracts folder relative to the repository top level (default contracts)
  -h, --help                    this help

Every breaking direction comes with a witness: a document the writer's schema accepts and the reader's rejects
(checked against both schemas with JSON Schema validation, as ajv judges them).

${IMPACT_HELP}
Exit codes: 0 compatible, 1 breaking change / edited or removed published version / expired waiver, 2 bad input.
With --fail-on impact: 1 only for a consumer hit in a counted place (or a published-version problem), 2 when the
impact cannot be judged.
`;

const FORMATS = { text: formatText, markdown: formatMarkdown, json: formatJson } as const;
type Format = keyof typeof FORMATS;

export interface DiffArgs extends ImpactArgs {
  files: string[];
  base?: string;
  direction?: DirectionOption;
  format: Format;
  strictReaders: boolean;
  defaultDialect?: Dialect;
  waivers?: string;
  contracts: string;
  help: boolean;
}

export function parseDiffArgs(args: readonly string[]): DiffArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    throw new CliError('USAGE', `${(e as Error).message}\n\n${HELP}`);
  }
  const v = parsed.values;
  const format = (v.format ?? 'text') as string;
  if (!(format in FORMATS))
    throw new CliError('USAGE', `--format must be text, markdown or json (got "${format}")`);
  const direction = v.direction as string | undefined;
  if (direction !== undefined && !['backward', 'forward', 'full'].includes(direction)) {
    throw new CliError('USAGE', `--direction must be backward, forward or full (got "${direction}")`);
  }
  const dialect = v['default-dialect'] as string | undefined;
  if (dialect !== undefined && !isDialect(dialect)) {
    throw new CliError('USAGE', `--default-dialect must be one of ${DIALECTS.join(', ')} (got "${dialect}")`);
  }
  const out: DiffArgs = {
    files: parsed.positionals,
    format: format as Format,
    strictReaders: v['strict-readers'] === true,
    contracts: (v.contracts as string | undefined) ?? 'contracts',
    help: v.help === true,
    ...parseImpactArgs(v),
  };
  if (direction !== undefined) out.direction = direction as DirectionOption;
  if (dialect !== undefined) out.defaultDialect = dialect;
  if (typeof v.base === 'string') out.base = v.base;
  if (typeof v.waivers === 'string') out.waivers = v.waivers;
  if (out.help) return out;
  if (out.base !== undefined) {
    if (out.files.length > 0)
      throw new CliError('USAGE', '--base compares the repository; do not pass files as well');
    if (out.direction !== undefined) {
      throw new CliError(
        'USAGE',
        "--direction applies to two files; with --base each contract's catalog mode decides",
      );
    }
  } else if (out.files.length !== 2) {
    throw new CliError('USAGE', `expected OLD.json and NEW.json (or --base <ref>)\n\n${HELP}`);
  }
  return out;
}

/** The command's flags (`--help` is built in); any misuse is an ArgsError the caller reports as USAGE. */
function parse(args: readonly string[]) {
  const { help, flags, positionals } = parseFlags(
    args,
    {
      base: { type: 'string' },
      direction: { type: 'string' },
      format: { type: 'string' },
      'strict-readers': { type: 'boolean' },
      'default-dialect': { type: 'string' },
      waivers: { type: 'string' },
      contracts: { type: 'string' },
      ...IMPACT_OPTIONS,
    },
    { positionals: true },
  );
  return { values: { ...flags, help }, positionals };
}

/** A schema file with the files its `$ref`s reach (beside it, by relative path) bundled in. */
function readBundled(file: string, label: string, dialect: Dialect | undefined): unknown {
  const path = resolve(file);
  return bundleSchema(readJsonFile(path, label), {
    base: pathToFileURL(path).href,
    name: label,
    ...(dialect === undefined ? {} : { defaultDialect: dialect }),
    load: (uri) => {
      if (!uri.startsWith('file:')) return undefined;
      const at = fileURLToPath(uri);
      return existsSync(at) ? readJsonFile(at, relative(dirname(path), at) || at) : undefined;
    },
  }).schema;
}

function compareFiles(args: DiffArgs, io: Io): Comparison {
  const [oldFile, newFile] = args.files as [string, string];
  try {
    const oldSchema = readBundled(resolve(io.cwd, oldFile), oldFile, args.defaultDialect);
    const newSchema = readBundled(resolve(io.cwd, newFile), newFile, args.defaultDialect);
    const result = diffSchemas(oldSchema, newSchema, {
      oldName: oldFile,
      newName: newFile,
      direction: args.direction ?? 'full',
      strictReaders: args.strictReaders,
      ...(args.defaultDialect === undefined ? {} : { defaultDialect: args.defaultDialect }),
    });
    return {
      oldLabel: oldFile,
      newLabel: newFile,
      direction: result.direction,
      compatible: result.compatible,
      changes: result.changes,
    };
  } catch (e) {
    if (e instanceof SchemaDiffError) throw new CliError('BAD_INPUT', e.message);
    throw e;
  }
}

export async function runDiff(args: DiffArgs, io: Io): Promise<Report> {
  let comparisons: Comparison[];
  let problems: Problem[] = [];
  let waiverFile = args.waivers === undefined ? undefined : resolve(io.cwd, args.waivers);
  if (args.base !== undefined) {
    const git = openGit(io.cwd, args.base);
    ({ comparisons, problems } = runBase({
      git,
      ref: args.base,
      contractsDir: args.contracts,
      strictReaders: args.strictReaders,
    }));
    waiverFile ??= defaultWaiverFile(git.top, args.contracts);
  } else {
    comparisons = [compareFiles(args, io)];
  }
  const waivers: Waiver[] = waiverFile === undefined ? [] : loadWaivers(waiverFile);
  const applied = applyWaivers(comparisons, waivers, io.now());
  return makeReport(comparisons, [...problems, ...applied.problems], applied.unused, args.strictReaders);
}

export const diffCommand: Command = {
  summary: 'compare JSON Schema versions (two files, or every contract against a git ref)',
  async run(argv, io) {
    const args = parseDiffArgs(argv);
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    let report: Report;
    try {
      report = await runDiff(args, io);
    } catch (e) {
      // The PR comment must say why the check could not run, not go stale.
      if (e instanceof CliError && args.format === 'markdown') io.stdout(formatMarkdownError(e.message));
      throw e;
    }
    const { output, exitCode } = await diffWithImpact(args, report, FORMATS[args.format](report), io);
    io.stdout(output);
    return exitCode;
  },
};
