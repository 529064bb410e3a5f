// The workspace root is the folder whose package.json declares workspaces, not a package's folder with its own
// turbo.json.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from './workspace.js';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'accord-args-root-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'w', workspaces: ['packages/*'] }));
  writeFileSync(join(root, 'turbo.json'), '{}');
  const pkg = join(root, 'packages', 'a');
  mkdirSync(join(pkg, 'src'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'a' }));
  writeFileSync(join(pkg, 'turbo.json'), JSON.stringify({ extends: ['//'] }));
  return root;
}

describe('findWorkspaceRoot', () => {
  it('walks past a package folder that has its own turbo.json to the root that declares workspaces', () => {
    const root = tree();
    expect(findWorkspaceRoot(join(root, 'packages', 'a', 'src'))).toBe(root);
    expect(findWorkspaceRoot(root)).toBe(root);
  });

  it('answers undefined outside any workspace', () => {
    expect(findWorkspaceRoot(mkdtempSync(join(tmpdir(), 'accord-args-none-')))).toBeUndefined();
  });
});
