// What a command may touch in the outside world, passed in so tests can capture output and fix the clock.
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Working directory commands resolve relative paths against. */
  cwd: string;
  now(): Date;
  /** Environment variables a command may read (the Pact Broker's); absent = none. */
  env?: Readonly<Record<string, string | undefined>>;
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    now: () => new Date(),
    env: process.env,
  };
}
