// The one error class of @accord/cli: a problem that stops a command, mapped to an exit code at the edge.
export type CliErrorCode =
  | 'USAGE' // unknown command / flag / missing argument
  | 'BAD_INPUT' // unreadable or invalid file, invalid schema, unresolvable $ref
  | 'GIT' // not a git repository, unknown ref
  | 'BAD_WAIVERS' // waiver file unreadable or malformed
  | 'BROKER'; // the Pact Broker is unreachable, refuses the credentials or answers with an error

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
  }
  /** Every CliError is "bad input" for the process: exit code 2. */
  get exitCode(): number {
    return 2;
  }
}
