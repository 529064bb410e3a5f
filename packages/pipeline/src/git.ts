// Application versions from git: the commit sha and branch, with a content-addressed suffix when the tree is dirty.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exec } from './exec.js';

export interface GitVersion {
  /** The pacticipant version number published to the broker. */
  version: string;
  /** The branch the version is published with. */
  branch: string;
  /** The commit sha (empty when not in a git repository). */
  commit: string;
  /** True when the working tree had uncommitted changes. */
  dirty: boolean;
  /** Where the values came from: `env` overrides, `git`, or `fallback` when git is unavailable. */
  source: 'env' | 'git' | 'fallback';
}

type Env = Record<string, string | undefined>;

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const r = await exec('git', args, { cwd });
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The branch CI says it built (GitHub Actions names it differently for pull requests). */
function branchFromEnv(env: Env): string | undefined {
  return env.ACCORD_BRANCH || env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || undefined;
}

/**
 * Resolves version and branch.
 * - `ACCORD_VERSION` / `ACCORD_BRANCH` override everything (CI may set them from its own context).
 * - Clean tree: the full commit sha.
 * - Dirty tree: `<sha>-dirty-<12 hex>` (no `+`: it would need escaping in the matrix query), the hex being a hash of `git diff HEAD` plus untracked file names and
 *   contents, so two different uncommitted states never publish different pacts under one version (the broker
 *   would answer 409) while re-running on the same state reuses the same version.
 * - No git at all: `0.0.0-local` on branch `local`.
 */
export async function resolveGitVersion(cwd: string, env: Env = process.env): Promise<GitVersion> {
  const commit = (await git(cwd, ['rev-parse', 'HEAD'])) ?? '';
  let branch = branchFromEnv(env);
  if (branch === undefined && commit) {
    const head = await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
    branch = head && head !== 'HEAD' ? head : undefined;
  }
  if (env.ACCORD_VERSION) {
    return { version: env.ACCORD_VERSION, branch: branch ?? 'local', commit, dirty: false, source: 'env' };
  }
  if (!commit) {
    return { version: '0.0.0-local', branch: branch ?? 'local', commit, dirty: false, source: 'fallback' };
  }
  const status = (await git(cwd, ['status', '--porcelain', '--untracked-files=all'])) ?? '';
  const dirty = status.length > 0;
  let version = commit;
  if (dirty) {
    const hash = createHash('sha256');
    hash.update((await git(cwd, ['diff', 'HEAD', '--binary'])) ?? '');
    const untracked = (await git(cwd, ['ls-files', '--others', '--exclude-standard', '-z'])) ?? '';
    const root = (await git(cwd, ['rev-parse', '--show-toplevel'])) ?? cwd;
    for (const file of untracked.split('\0').filter(Boolean).sort()) {
      hash.update(`\0${file}\0`);
      hash.update(await readFile(join(root, file)).catch(() => Buffer.alloc(0)));
    }
    version = `${commit}-dirty-${hash.digest('hex').slice(0, 12)}`;
  }
  return { version, branch: branch ?? 'detached', commit, dirty, source: 'git' };
}
