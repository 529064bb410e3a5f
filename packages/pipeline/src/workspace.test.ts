// Tests service discovery in a workspace (consumers/*, providers/*) and service selection.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineError } from './errors.js';
import {
  consumerPactScript,
  findWorkspaceRoot,
  loadWorkspace,
  providerVerifyScript,
  selectServices,
} from './workspace.js';

let root: string;
const pkg = (dir: string, json: object) => {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), JSON.stringify(json));
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'accord-ws-'));
  writeFileSync(join(root, 'package.json'), '{"workspaces":["consumers/*","providers/*"]}');
  writeFileSync(join(root, 'turbo.json'), '{}');
  pkg('consumers/web', {
    name: '@x/web',
    scripts: { pact: 'vitest run test/x.pact.test.ts', test: 'vitest run' },
  });
  pkg('consumers/legacy', {
    name: '@x/legacy',
    scripts: { test: 'vitest run' },
    accord: { pacticipant: 'Legacy', pactDir: 'out/pacts' },
  });
  pkg('providers/api', { name: '@x/api', scripts: { 'verify:pacts': 'vitest run -c v.ts' } });
  mkdirSync(join(root, 'consumers', 'not-a-package'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadWorkspace', () => {
  it('finds providers then consumers, with pacticipant names and pact folders', async () => {
    const ws = await loadWorkspace(root);
    expect(ws.services.map((s) => [s.pacticipant, s.role, s.relDir, s.packageName])).toEqual([
      ['api', 'provider', 'providers/api', '@x/api'],
      ['Legacy', 'consumer', 'consumers/legacy', '@x/legacy'],
      ['web', 'consumer', 'consumers/web', '@x/web'],
    ]);
    expect(ws.services[1]!.pactDir).toBe(join(root, 'consumers/legacy/out/pacts'));
    expect(consumerPactScript(ws.services[2]!)).toBe('pact');
    expect(consumerPactScript(ws.services[1]!)).toBe('test');
    expect(providerVerifyScript(ws.services[0]!)).toBe('verify:pacts');
  });

  it('finds the root from a nested folder, past a package with its own turbo.json', () => {
    writeFileSync(join(root, 'consumers', 'web', 'turbo.json'), '{"extends":["//"]}');
    expect(findWorkspaceRoot(join(root, 'consumers', 'web'))).toBe(root);
  });

  it('selects by pacticipant, package name or folder and rejects unknown names', async () => {
    const ws = await loadWorkspace(root);
    expect(
      selectServices(ws.services, ['web', '@x/api', 'consumers/legacy']).map((s) => s.pacticipant),
    ).toEqual(['api', 'Legacy', 'web']);
    expect(() => selectServices(ws.services, ['nope'])).toThrow(PipelineError);
  });
});
