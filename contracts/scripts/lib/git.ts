// The git queries the contract checks need: the work tree prefix, refs, and the base that decides
// which contract versions count as published.
import { execFileSync } from 'node:child_process';

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  });
}

export function refExists(cwd: string, ref: string): boolean {
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** The path of `root` inside its git work tree ("contracts/"), or undefined outside one. */
export function workTreePrefix(root: string): string | undefined {
  try {
    if (git(root, ['rev-parse', '--is-inside-work-tree']).trim() !== 'true') return undefined;
    return git(root, ['rev-parse', '--show-prefix']).trim();
  } catch {
    return undefined;
  }
}

export interface BaseRef {
  /** What git is given. */
  ref: string;
  /** What reports show: the ref, or "main@1a2b3c4d5e6f" for the merge-base with main. */
  label: string;
}

/**
 * The commit whose contract versions count as published when no base is given: where this branch
 * forked from the main branch (`origin/<main>`, else `<main>`; main is $ACCORD_MAIN_BRANCH or "main").
 * On the main branch that is HEAD itself; a version committed only on a feature branch is not
 * published yet. Without a main branch, HEAD; without any commit, undefined (nothing is published).
 */
export function defaultBase(
  root: string,
  env: Record<string, string | undefined> = process.env,
): BaseRef | undefined {
  if (!refExists(root, 'HEAD')) return undefined;
  const main = env.ACCORD_MAIN_BRANCH || 'main';
  for (const candidate of [`origin/${main}`, main]) {
    if (!refExists(root, candidate)) continue;
    try {
      const ref = git(root, ['merge-base', 'HEAD', candidate]).trim();
      return { ref, label: `${candidate}@${ref.slice(0, 12)}` };
    } catch {
      // Unrelated histories: try the next candidate.
    }
  }
  return { ref: 'HEAD', label: 'HEAD' };
}
