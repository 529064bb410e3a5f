import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArgsError, commaList, envValue, helpSection, parseFlags, parseFlagsOrExit } from './index.js';

const SPECS = {
  port: { type: 'string' },
  only: { type: 'string', multiple: true },
  environment: { type: 'string', aliases: ['environments'] },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

function misuse(argv: string[], options = {}): ArgsError {
  try {
    parseFlags(argv, SPECS, options);
  } catch (e) {
    if (e instanceof ArgsError) return e;
    throw e;
  }
  throw new Error(`${JSON.stringify(argv)} parsed`);
}

describe('parseFlags', () => {
  it('reads values after the flag or after =, booleans, short spellings and aliases', () => {
    const { flags, help } = parseFlags(
      ['--port', '80', '--json', '-v', '--environments=test,production', '--only=a', '--only', 'b'],
      SPECS,
    );
    expect(help).toBe(false);
    expect(flags).toEqual({
      port: '80',
      json: true,
      verbose: true,
      environment: 'test,production',
      only: ['a', 'b'],
    });
  });

  it('takes the next word as the value even when it starts with a dash, as a flag loop would', () => {
    expect(parseFlags(['--port', '--json'], SPECS).flags).toEqual({ port: '--json' });
  });

  it('answers help for --help or -h before anything after it is read', () => {
    expect(parseFlags(['--json', '--help', '--nope'], SPECS).help).toBe(true);
    expect(parseFlags(['-h'], SPECS).help).toBe(true);
    expect(misuse(['--nope', '--help']).code).toBe('UNKNOWN_OPTION');
  });

  it('names the word at fault, with exit code 2', () => {
    const cases: Array<[string[], string, string]> = [
      [['--nope'], 'UNKNOWN_OPTION', 'unknown option --nope'],
      [['-x'], 'UNKNOWN_OPTION', 'unknown option -x'],
      [['--port'], 'MISSING_VALUE', '--port needs a value'],
      [['--port='], 'MISSING_VALUE', '--port needs a value'],
      [['--json=yes'], 'UNEXPECTED_VALUE', '--json takes no value'],
      [['extra'], 'UNEXPECTED_ARGUMENT', 'unexpected argument "extra"'],
    ];
    for (const [argv, code, message] of cases) {
      const e = misuse(argv);
      expect({ code: e.code, message: e.message, exitCode: e.exitCode }).toEqual({
        code,
        message,
        exitCode: 2,
      });
    }
  });

  it('keeps positionals when asked, also after --', () => {
    const parsed = parseFlags(['a.json', '--json', '--', '--b.json'], SPECS, { positionals: true });
    expect(parsed.positionals).toEqual(['a.json', '--b.json']);
    expect(parsed.flags).toEqual({ json: true });
  });

  it('lets a command define --help itself', () => {
    expect(parseFlags(['--help'], { help: { type: 'boolean' } }).flags).toEqual({ help: true });
  });

  it('keeps the last value of a flag and every value of a repeatable one, in order', () => {
    const value = fc.stringMatching(/^[a-z0-9][a-z0-9.,:/]*$/);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('port', 'only'), value, fc.boolean()), { maxLength: 8 }),
        (given) => {
          const argv = given.flatMap(([name, v, inline]) => (inline ? [`--${name}=${v}`] : [`--${name}`, v]));
          const { flags } = parseFlags(argv, SPECS);
          const ports = given.filter(([n]) => n === 'port').map(([, v]) => v);
          const only = given.filter(([n]) => n === 'only').map(([, v]) => v);
          expect(flags.port).toBe(ports.at(-1));
          expect(flags.only).toEqual(only.length > 0 ? only : undefined);
        },
      ),
    );
  });

  it('rejects every long flag it was not told about', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z-]{0,12}$/), (name) => {
        fc.pre(!['port', 'only', 'environment', 'environments', 'json', 'verbose', 'help'].includes(name));
        expect(misuse([`--${name}`]).message).toBe(`unknown option --${name}`);
      }),
    );
  });
});

describe('envValue', () => {
  it('is the first variable set to more than blanks, trimmed', () => {
    expect(envValue({ A: ' ', B: ' b ', C: 'c' }, 'A', 'B', 'C')).toBe('b');
    expect(envValue({ A: '' }, 'A', 'Z')).toBeUndefined();
  });
});

describe('commaList', () => {
  it('splits, trims and drops empty items, across repeated flags', () => {
    expect(commaList(' a, b,,')).toEqual(['a', 'b']);
    expect(commaList(['a,b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(commaList(undefined)).toEqual([]);
  });
});

describe('helpSection', () => {
  it('lines up the terms in one column', () => {
    expect(
      helpSection('Environment', [
        ['AMQP_URL', 'RabbitMQ URL'],
        ['ORDERS_EXCHANGE', 'topic exchange'],
      ]),
    ).toBe('Environment:\n  AMQP_URL         RabbitMQ URL\n  ORDERS_EXCHANGE  topic exchange');
  });
});

describe('parseFlagsOrExit', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Runs it with process.exit and the output streams captured. */
  function bin(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((t) => out.push(String(t)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((t) => err.push(String(t)) > 0);
    vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    let result: unknown;
    try {
      result = parseFlagsOrExit(
        argv,
        { json: { type: 'boolean' } },
        { name: 'tool', usage: 'Usage: tool\n' },
      );
    } catch (e) {
      result = (e as Error).message;
    }
    return { result, out: out.join(''), err: err.join('') };
  }

  it('returns the flags, prints the usage and exits 0 on --help, exits 2 with the error and usage', () => {
    expect(bin(['--json']).result).toEqual({ flags: { json: true }, positionals: [] });
    expect(bin(['--help'])).toEqual({ result: 'exit 0', out: 'Usage: tool\n', err: '' });
    expect(bin(['--nope'])).toEqual({
      result: 'exit 2',
      out: '',
      err: 'tool: unknown option --nope\n\nUsage: tool\n',
    });
  });
});
