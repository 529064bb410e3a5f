// `npm start` end to end in a fresh copy of the workspace: embedded broker, every pipeline step against the
// real services and the official pact-broker CLI, deployments recorded, summary printed, broker kept open
// until SIGINT; and the same run against an external broker (PACT_BROKER_BASE_URL) with --exit.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../src/broker.js';
import { canIDeploy } from '../src/pact-cli.js';
import { findWorkspaceRoot } from '../src/workspace.js';
import { cleanEnv } from './support/env.js';
import { copyWorkspace, type WorkspaceCopy } from './support/workspace-copy.js';

const SERVICES = ['orders-service', 'checkout-web', 'shipping-service', 'analytics-service'];
let copy: WorkspaceCopy;
let sha: string;

beforeAll(() => {
  copy = copyWorkspace(findWorkspaceRoot(import.meta.dirname), 'accord-start-');
  sha = copy.git('rev-parse', 'HEAD');
});

afterAll(() => copy?.remove());

interface Running {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

function startScript(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, ['scripts/start.mjs', ...args], {
    cwd: copy.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = out.match(pattern);
      if (m) return m;
      if (child.exitCode !== null || Date.now() > until) {
        throw new Error(`did not see ${pattern} (exit ${child.exitCode}); output:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  return { child, output: () => out, exit, waitFor };
}

function expectAllStepsPassed(out: string): void {
  for (const title of [
    'check contract artifacts',
    'consumer pact tests',
    'publish pacts',
    'provider verification',
    'can-i-deploy + record-deployment → test',
    'can-i-deploy + record-deployment → production',
    'can-i-deploy table and schema-diff verdict',
  ]) {
    expect(out).toMatch(new RegExp(`✔ \\[\\d/7\\] ${title.replace(/[+]/g, '\\+')} ok \\(`));
  }
  expect(out).not.toContain('✖');
}

describe('npm start', () => {
  it('runs the whole pipeline on the embedded broker, keeps it open, and stops cleanly on SIGINT', async () => {
    const run = startScript(['--port', '0'], cleanEnv());
    try {
      const [, url] = await run.waitFor(/broker page: (http:\/\/127\.0\.0\.1:\d+)\//, 280_000);
      const out = run.output();
      expect(out).toContain(`accord pipeline · version ${sha} · branch main`);
      expectAllStepsPassed(out);
      // The can-i-deploy table: every service, yes and deployed in both environments.
      for (const service of SERVICES) {
        expect(out).toMatch(
          new RegExp(
            `^${service}\\s+(consumer|provider)\\s+${sha.slice(0, 12)}\\s+yes \\(deployed\\)\\s+yes \\(deployed\\)$`,
            'm',
          ),
        );
      }
      // The schema-diff verdict: OrderPlaced v1 → v2 is additive; no uncommitted contract change.
      expect(out).toMatch(/^OrderPlaced\s+v1 → v2\s+full\s+compatible/m);
      expect(out).toContain('accord diff --base HEAD\nResult: compatible');
      expect(out.match(/Result: compatible/g)).toHaveLength(1);
      // The broker is still up and answers the official CLI as the pipeline left it.
      const answer = await canIDeploy(
        copy.root,
        { url: url!, env: cleanEnv() },
        'checkout-web',
        sha,
        'production',
      );
      expect(answer.deployable).toBe(true);
      expect(answer.rows).toContainEqual(
        expect.objectContaining({
          consumer: 'checkout-web',
          provider: 'orders-service',
          providerVersion: sha,
          success: true,
        }),
      );
      const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
      await expect(fetch(`${url}/diagnostic/status/heartbeat`)).rejects.toThrow();
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 300_000);

  it('uses the broker PACT_BROKER_BASE_URL names and exits after the pipeline with --exit', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accord-ext-broker-'));
    const broker = await startEmbeddedBroker({ root: copy.root, dataDir, port: 0 });
    try {
      // Two services keep this second full run short; the first test covers all of them.
      const run = startScript(
        ['--exit', '--only', 'orders-service,checkout-web'],
        cleanEnv({ PACT_BROKER_BASE_URL: broker.url }),
      );
      const code = await run.exit;
      expect(code, run.output()).toBe(0);
      expect(run.output()).toContain(`using the broker at ${broker.url}`);
      expectAllStepsPassed(run.output());
      for (const service of ['orders-service', 'checkout-web']) {
        const a = await canIDeploy(
          copy.root,
          { url: broker.url, env: cleanEnv() },
          service,
          sha,
          'production',
        );
        expect(a.deployable, `${service}: ${a.reason}`).toBe(true);
      }
      // The broker we started is still ours to stop: the pipeline did not touch it.
      expect((await fetch(`${broker.url}/diagnostic/status/heartbeat`)).status).toBe(200);
    } finally {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
