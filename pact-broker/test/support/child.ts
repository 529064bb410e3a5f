// Starts the real accord-broker command in a child process (so a test can kill -9 it) and waits for its URL.

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildBroker {
  url: string;
  process: ChildProcess;
  /** kill -9: no shutdown hooks, no relay drain. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildBroker(args: string[], env: Record<string, string>): Promise<ChildBroker> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/bin/accord-broker.ts', '--port', '0', ...args],
    {
      cwd: packageDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        PACT_BROKER_LOG_LEVEL: 'silent',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child broker did not start: ${stderr}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child broker exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    process: child,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
