// Adding a consumer takes one command: `accord new consumer` in a fresh copy of the workspace, and the next
// `npm start` discovers it (no registration anywhere), runs its pact test, publishes it, has orders-service
// verify it for real, and deploys it to test and production.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from '../src/workspace.js';
import { cleanEnv } from './support/env.js';
import { copyWorkspace, type WorkspaceCopy } from './support/workspace-copy.js';

let copy: WorkspaceCopy;

beforeAll(() => {
  copy = copyWorkspace(findWorkspaceRoot(import.meta.dirname), 'accord-new-consumer-');
});

afterAll(() => copy?.remove());

function node(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: copy.root,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('accord new consumer, then npm start', () => {
  it('scaffolds audit-log on OrderPlaced and takes it through the whole pipeline', async () => {
    const created = await node([
      'packages/cli/dist/bin/accord.js',
      'new',
      'consumer',
      'audit-log',
      '--provider',
      'orders-service',
      '--event',
      'OrderPlaced',
    ]);
    expect(created.code, created.out).toBe(0);
    copy.git('add', '-A');
    copy.git('commit', '-q', '-m', 'audit-log: new consumer of OrderPlaced');
    const sha = copy.git('rev-parse', 'HEAD');

    // The workflows' job matrix comes from this list.
    const services = spawnSync(
      process.execPath,
      ['packages/pipeline/dist/bin/accord-pipeline.js', 'services', '--role', 'consumer', '--json'],
      { cwd: copy.root, encoding: 'utf8', env: cleanEnv() },
    );
    expect(JSON.parse(services.stdout)).toContainEqual({
      pacticipant: 'audit-log',
      package: '@accord/audit-log',
      role: 'consumer',
      dir: 'consumers/audit-log',
    });

    const run = await node([
      'scripts/start.mjs',
      '--exit',
      '--port',
      '0',
      '--only',
      'audit-log,orders-service',
    ]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('audit-log: audit-log-orders-service.json');
    expect(run.out).toContain('✔ [4/7] provider verification ok');
    expect(run.out).toMatch(
      new RegExp(
        `^audit-log\\s+consumer\\s+${sha.slice(0, 12)}\\s+yes \\(deployed\\)\\s+yes \\(deployed\\)$`,
        'm',
      ),
    );
  }, 240_000);
});
