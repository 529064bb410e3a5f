// Test helper: runs the real accord-broker command in a child process (so a test can kill -9 it or send it a
// signal) and waits for the line with its URL.

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../src/bin/accord-broker.ts', import.meta.url));

export interface ChildBroker {
  url: string;
  process: ChildProcess;
  /** Everything the broker printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** kill -9: no shutdown hooks, no relay drain. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
}

/** Starts `accord-broker --port 0 …args` with a clean environment (logs silent unless `env` says otherwise), on V8's baseline tier like the test workers (see vitest.config.ts). */
export function startChildBroker(args: string[], env: Record<string, string> = {}): Promise<ChildBroker> {
  const child = spawn(process.execPath, ['--liftoff-only', '--import', 'tsx', bin, '--port', '0', ...args], {
    cwd: packageDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PACT_BROKER_LOG_LEVEL: 'silent',
      PACT_BROKER_SEED_EXAMPLE_DATA: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`broker did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          process: child,
          output: () => out,
          exited,
          async kill() {
            child.kill('SIGKILL');
            await exited;
          },
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`broker exited with ${code} before starting:\n${out}`));
    });
  });
}
