// The `accord` dispatcher: picks the command module from argv[0] and maps errors to exit codes.
import { diffCommand } from './commands/diff.js';
import { newConsumerCommand } from './commands/new-consumer.js';
import type { Command } from './commands/types.js';
import { usageCommand } from './commands/usage.js';
import { CliError } from './errors.js';
import type { Io } from './io.js';

/** Registered commands. Add a module under src/commands/ and list it here. */
export const commands: Record<string, Command> = {
  diff: diffCommand,
  new: newConsumerCommand,
  usage: usageCommand,
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: accord <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`accord <command> --help\` for the options of a command.\n`;
}

/** Runs the CLI and returns the process exit code (0 ok, 1 failed check, 2 bad input or usage). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    io.stderr(`accord: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`accord ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
