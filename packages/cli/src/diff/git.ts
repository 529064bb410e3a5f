// The few git queries base mode needs, run with execFile (no shell) against one repository.
import { execFileSync } from 'node:child_process';
import { CliError } from '../errors.js';

export interface Git {
  top: string;
  /** Contents of `path` (relative to the top level) at `ref`, or undefined when it does not exist there. */
  show(ref: string, path: string): string | undefined;
  /** Files under `dir` at `ref` (paths relative to the top level). */
  listFiles(ref: string, dir: string): string[];
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Opens the repository containing `cwd` and checks that `ref` names a commit. */
export function openGit(cwd: string, ref: string): Git {
  let top: string;
  try {
    top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new CliError('GIT', `${cwd} is not inside a git repository (--base needs one)`);
  }
  try {
    git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new CliError(
      'GIT',
      `unknown git ref "${ref}" (in CI, fetch the base branch: actions/checkout with fetch-depth: 0)`,
    );
  }
  return {
    top,
    show(r, path) {
      try {
        return git(top, ['show', `${r}:${path}`]);
      } catch {
        return undefined;
      }
    },
    listFiles(r, dir) {
      const out = git(top, ['ls-tree', '-r', '--name-only', r, '--', dir]);
      return out.split('\n').filter((l) => l !== '');
    },
  };
}
