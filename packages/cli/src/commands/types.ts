// The shape every command module exports.
import type { Io } from '../io.js';

export interface Command {
  /** One line for `accord --help`. */
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: Io): Promise<number>;
}
