// Where a bin runs: the Accord workspace around a folder. Package folders carry a package.json and a turbo.json
// (`"extends": ["//"]`) too, so the root is the folder whose package.json declares workspaces.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Walks up from `start` to the folder with a turbo.json and a package.json that declares workspaces. */
export function findWorkspaceRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'turbo.json')) && declaresWorkspaces(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function declaresWorkspaces(pkg: string): boolean {
  if (!existsSync(pkg)) return false;
  try {
    return 'workspaces' in (JSON.parse(readFileSync(pkg, 'utf8')) as object);
  } catch {
    return false;
  }
}
