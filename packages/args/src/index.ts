// Command-line flags and environment fallbacks for every bin in the workspace: node:util parseArgs reads the
// words, this module applies one set of rules (long flags, `--flag value` or `--flag=value`, repeatable flags,
// spellings, --help) and reports misuse with one set of messages and exit code 2.
import { parseArgs } from 'node:util';

export interface FlagSpec {
  /** `string` takes a value (`--port 80`, `--port=80`); `boolean` takes none (`--json`). */
  type: 'string' | 'boolean';
  /** A one-letter spelling (`v` for `-v`). */
  short?: string;
  /** Keep every occurrence, in order (`--only a --only b`), instead of the last one. */
  multiple?: boolean;
  /** Other long spellings of the same flag (`environments` for `environment`). */
  aliases?: readonly string[];
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<S extends FlagSpec> = S['type'] extends 'boolean' ? boolean : string;

/** Each flag's value: the last one given, or every one given for `multiple`; absent when not given. */
export type Flags<S extends FlagSpecs> = {
  -readonly [K in keyof S]?: S[K]['multiple'] extends true ? ValueOf<S[K]>[] : ValueOf<S[K]>;
};

export interface Parsed<S extends FlagSpecs> {
  /** `--help` or `-h` came before anything wrong: print the help and exit 0, nothing else was read. */
  help: boolean;
  flags: Flags<S>;
  positionals: string[];
}

export interface ParseOptions {
  /** Accept words that are not flags (default: each one is an error). */
  positionals?: boolean;
}

export type ArgsErrorCode = 'UNKNOWN_OPTION' | 'MISSING_VALUE' | 'UNEXPECTED_VALUE' | 'UNEXPECTED_ARGUMENT';

/** A misused command line. Bins print the message (with their usage) and exit with `exitCode`. */
export class ArgsError extends Error {
  override readonly name = 'ArgsError';
  /** What every bin in the workspace exits with on a usage error. */
  readonly exitCode = 2;
  constructor(
    readonly code: ArgsErrorCode,
    /** The word at fault as typed (`--nope`, `-x`, `extra`). */
    readonly word: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads `argv` against `specs`, in order: the first `--help`/`-h` or the first mistake, whichever comes
 * first, decides. `--help` is always understood unless `specs` defines `help` itself.
 */
export function parseFlags<S extends FlagSpecs>(
  argv: readonly string[],
  specs: S,
  options: ParseOptions = {},
): Parsed<S> {
  const byName = new Map<string, [key: string, spec: FlagSpec]>();
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [key, spec] of Object.entries(specs)) {
    for (const name of [key, ...(spec.aliases ?? [])]) {
      byName.set(name, [key, spec]);
      config[name] = { type: spec.type, ...(name === key && spec.short ? { short: spec.short } : {}) };
    }
  }
  const builtInHelp = !byName.has('help');
  if (builtInHelp) config.help = { type: 'boolean', short: 'h' };

  const { tokens } = parseArgs({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (!options.positionals)
        throw new ArgsError('UNEXPECTED_ARGUMENT', token.value, `unexpected argument "${token.value}"`);
      positionals.push(token.value);
      continue;
    }
    if (builtInHelp && token.name === 'help') return { help: true, flags: {}, positionals: [] };
    const known = byName.get(token.name);
    if (known === undefined)
      throw new ArgsError('UNKNOWN_OPTION', token.rawName, `unknown option ${token.rawName}`);
    const [key, spec] = known;
    let value: string | boolean;
    if (spec.type === 'boolean') {
      if (token.inlineValue)
        throw new ArgsError('UNEXPECTED_VALUE', token.rawName, `${token.rawName} takes no value`);
      value = true;
    } else {
      if (token.value === undefined || token.value === '')
        throw new ArgsError('MISSING_VALUE', token.rawName, `${token.rawName} needs a value`);
      value = token.value;
    }
    flags[key] = spec.multiple ? [...((flags[key] as unknown[] | undefined) ?? []), value] : value;
  }
  return { help: false, flags: flags as Flags<S>, positionals };
}

export interface BinOptions extends ParseOptions {
  /** Prefixes the error line (`contracts: unknown option --x`). */
  name: string;
  /** Printed on stdout for --help, and on stderr after a usage error. */
  usage: string;
}

/**
 * `parseFlags` for a bin's top level: on --help prints `usage` and exits 0, on misuse prints the error and
 * `usage` on stderr and exits 2; otherwise returns the flags and positionals.
 */
export function parseFlagsOrExit<S extends FlagSpecs>(
  argv: readonly string[],
  specs: S,
  options: BinOptions,
): Omit<Parsed<S>, 'help'> {
  let parsed: Parsed<S>;
  try {
    parsed = parseFlags(argv, specs, options);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    process.stderr.write(`${options.name}: ${error.message}\n\n${options.usage.trimEnd()}\n`);
    process.exit(error.exitCode);
  }
  if (parsed.help) {
    process.stdout.write(`${options.usage.trimEnd()}\n`);
    process.exit(0);
  }
  return { flags: parsed.flags, positionals: parsed.positionals };
}

/** The first of `names` set to something other than blanks, trimmed; `undefined` when none is. */
export function envValue(
  env: Readonly<Record<string, string | undefined>>,
  ...names: readonly string[]
): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** A comma-separated flag or variable as its non-empty items (`"a, b,"` → `["a", "b"]`). */
export function commaList(value: string | readonly string[] | undefined): string[] {
  return [value ?? []]
    .flat()
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One help section: rows of a term (`--port <n>`, `AMQP_URL`) and what it does, the terms in one column. */
export function helpSection(
  title: string,
  rows: ReadonlyArray<readonly [term: string, text: string]>,
): string {
  const width = Math.max(0, ...rows.map(([term]) => term.length));
  return [`${title}:`, ...rows.map(([term, text]) => `  ${term.padEnd(width)}  ${text}`.trimEnd())].join(
    '\n',
  );
}

export { findWorkspaceRoot } from './workspace.js';
