// Starts the embedded accord-broker as a child process, or checks that an external broker answers.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { PipelineError } from './errors.js';

export interface RunningBroker {
  url: string;
  /** True when we started it (and so must stop it). */
  embedded: boolean;
  /** Stops the embedded broker (SIGTERM, SIGKILL after a grace period); no-op for an external one. */
  stop(): Promise<void>;
  /** Resolves when the embedded broker exits on its own (never for an external broker). */
  exited: Promise<number | null>;
}

export interface EmbeddedBrokerOptions {
  root: string;
  /** PGlite data folder (absolute). */
  dataDir: string;
  /** Preferred port; when taken (or 0) a free one is used. */
  port: number;
  /** Extra environment for the broker (e.g. webhook host allow-list). */
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

/** Path of the accord-broker executable in the workspace. */
function brokerBin(root: string): string {
  const candidates = [
    join(root, 'node_modules', '@accord', 'pact-broker', 'dist', 'bin', 'accord-broker.js'),
    join(root, 'pact-broker', 'dist', 'bin', 'accord-broker.js'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new PipelineError(
      'BROKER_START',
      'accord-broker is not built (pact-broker/dist/bin/accord-broker.js missing); run `npx turbo run build --filter=@accord/pact-broker`',
    );
  }
  return found;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess, exited: Promise<number | null>, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  return exited.then(() => clearTimeout(timer));
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<RunningBroker> {
  const bin = brokerBin(options.root);
  // A concrete port even when any will do: the broker builds the links in webhook payloads
  // (`${pactbroker.pactUrl}`) from its configured port, which must not be 0.
  const port = options.port !== 0 && (await portIsFree(options.port)) ? options.port : await freePort();
  // The broker reads PACT_BROKER_BASE_URL as its link base: an inherited value would point links elsewhere.
  // No example data: the pipeline's broker holds only the workspace's contracts.
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_BROKER_SEED_EXAMPLE_DATA: 'false', ...options.env };
  delete env.PACT_BROKER_BASE_URL;
  const child = spawn(
    process.execPath,
    [bin, '--port', String(port), '--host', '127.0.0.1', '--data-dir', options.dataDir],
    { cwd: options.root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new PipelineError(
          'BROKER_START',
          `accord-broker did not report ready within ${options.startTimeoutMs ?? 60_000} ms`,
          log,
        ),
      );
    }, options.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const m = /listening on (https?:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/+$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        new PipelineError('BROKER_START', `accord-broker exited with code ${code} before it was ready`, log),
      );
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new PipelineError('BROKER_START', `cannot start accord-broker: ${err.message}`, log));
    });
  }).catch(async (err) => {
    await stopChild(child, exited, 2000);
    throw err;
  });
  // Keep draining its output so the pipe never fills up and blocks the broker.
  child.stdout.resume();
  child.stderr.resume();
  return { url, embedded: true, stop: () => stopChild(child, exited), exited };
}

/** Checks an external broker's heartbeat (or index) so the pipeline fails early with a clear message. */
export async function connectBroker(
  url: string,
  headers: Record<string, string> = {},
): Promise<RunningBroker> {
  const base = url.replace(/\/+$/, '');
  try {
    const res = await fetch(`${base}/diagnostic/status/heartbeat`, { headers });
    if (!res.ok && res.status !== 401) {
      throw new Error(`heartbeat answered ${res.status}`);
    }
  } catch (err) {
    throw new PipelineError('BROKER_START', `broker at ${base} is not reachable: ${(err as Error).message}`);
  }
  return { url: base, embedded: false, stop: async () => {}, exited: new Promise(() => {}) };
}
