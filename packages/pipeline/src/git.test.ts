// Tests version and branch resolution from git: clean, dirty (content-addressed), overrides, no git.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveGitVersion } from './git.js';

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'accord-git-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@accord.dev');
  git('config', 'user.name', 'ci');
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  git('add', 'a.txt');
  git('commit', '-q', '-m', 'first');
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('resolveGitVersion', () => {
  it('uses the commit sha and branch of a clean tree', async () => {
    const v = await resolveGitVersion(repo, {});
    expect(v).toEqual({
      version: git('rev-parse', 'HEAD'),
      branch: 'main',
      commit: git('rev-parse', 'HEAD'),
      dirty: false,
      source: 'git',
    });
  });

  it('adds a suffix derived from the uncommitted changes, stable for the same state', async () => {
    writeFileSync(join(repo, 'a.txt'), 'two\n');
    const first = await resolveGitVersion(repo, {});
    const again = await resolveGitVersion(repo, {});
    expect(first.dirty).toBe(true);
    expect(first.version).toMatch(new RegExp(`^${git('rev-parse', 'HEAD')}-dirty-[0-9a-f]{12}$`));
    expect(again.version).toBe(first.version);
    writeFileSync(join(repo, 'b.txt'), 'untracked\n');
    const withUntracked = await resolveGitVersion(repo, {});
    expect(withUntracked.version).not.toBe(first.version);
    writeFileSync(join(repo, 'b.txt'), 'untracked, edited\n');
    expect((await resolveGitVersion(repo, {})).version).not.toBe(withUntracked.version);
    git('checkout', '-q', '--', 'a.txt');
    rmSync(join(repo, 'b.txt'));
    expect((await resolveGitVersion(repo, {})).dirty).toBe(false);
  });

  it('takes the branch from CI variables, the pull request head first', async () => {
    expect(
      (await resolveGitVersion(repo, { GITHUB_HEAD_REF: 'feature/x', GITHUB_REF_NAME: '12/merge' })).branch,
    ).toBe('feature/x');
    expect((await resolveGitVersion(repo, { GITHUB_REF_NAME: 'main' })).branch).toBe('main');
  });

  it('lets ACCORD_VERSION and ACCORD_BRANCH override git', async () => {
    const v = await resolveGitVersion(repo, { ACCORD_VERSION: '1.2.3', ACCORD_BRANCH: 'release' });
    expect(v).toMatchObject({ version: '1.2.3', branch: 'release', source: 'env' });
  });

  it('names a detached HEAD "detached"', async () => {
    git('checkout', '-q', '--detach');
    try {
      expect((await resolveGitVersion(repo, {})).branch).toBe('detached');
    } finally {
      git('checkout', '-q', 'main');
    }
  });

  it('falls back to 0.0.0-local outside a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-nogit-'));
    try {
      expect(await resolveGitVersion(dir, {})).toMatchObject({
        version: '0.0.0-local',
        branch: 'local',
        source: 'fallback',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
