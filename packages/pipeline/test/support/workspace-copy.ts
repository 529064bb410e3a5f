// Makes a throw-away copy of the workspace as a fresh git repository, so end-to-end tests can run the pipeline,
// edit services and commit without touching the checkout: sources + built dist/ with node_modules linked to the
// real install (@accord/* pointing into the copy), or, with `install`, sources only and a real `npm ci`.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

export interface WorkspaceCopy {
  root: string;
  git(...args: string[]): string;
  remove(): void;
}

const WORKSPACE_FOLDERS = ['contracts', 'pact-broker', 'packages', 'providers', 'consumers'];

function workspaceDirs(root: string): string[] {
  const dirs: string[] = [];
  for (const top of WORKSPACE_FOLDERS) {
    const abs = join(root, top);
    if (!existsSync(abs)) continue;
    if (existsSync(join(abs, 'package.json'))) dirs.push(top);
    else
      for (const d of readdirSync(abs)) if (existsSync(join(abs, d, 'package.json'))) dirs.push(join(top, d));
  }
  return dirs;
}

/** Links `from/node_modules` entries into `to/node_modules`, except the ones `skip` names. */
function linkEntries(from: string, to: string, skip: (name: string) => boolean): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (skip(name)) continue;
    symlinkSync(realpathSync(join(from, name)), join(to, name));
  }
}

export interface CopyOptions {
  /**
   * Install for real (`npm ci --prefer-offline`, about 10 s from a warm npm cache) instead of linking the
   * checkout's node_modules, so `npm install` and every npm command work in the copy as in a fresh clone.
   * Nothing is built: `npm start` / `npm run build` restore dist/ from the checkout's turbo cache.
   */
  install?: { env: NodeJS.ProcessEnv };
}

export function copyWorkspace(
  source: string,
  prefix = 'accord-ws-',
  options: CopyOptions = {},
): WorkspaceCopy {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: source,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter((f) => f && existsSync(join(source, f)));
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    cpSync(join(source, f), join(root, f));
  }
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();
  const copy = { root, git, remove: () => rmSync(root, { recursive: true, force: true }) };
  const commit = () => {
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'pipeline-test@accord.dev');
    git('config', 'user.name', 'pipeline test');
    git('add', '-A');
    git('commit', '-q', '-m', 'workspace copy');
  };
  if (options.install) {
    commit();
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: root,
      env: options.install.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return copy;
  }
  const packages = workspaceDirs(source);
  for (const dir of packages) {
    if (existsSync(join(source, dir, 'dist')))
      cpSync(join(source, dir, 'dist'), join(root, dir, 'dist'), { recursive: true });
    // Nested installs (a package's own node_modules) are shared with the real checkout.
    if (existsSync(join(source, dir, 'node_modules'))) {
      linkEntries(join(source, dir, 'node_modules'), join(root, dir, 'node_modules'), () => false);
    }
  }
  const nm = join(source, 'node_modules');
  linkEntries(
    nm,
    join(root, 'node_modules'),
    (name) => name === '@accord' || name === '.bin' || name === '.cache',
  );
  // @accord/* resolve to the copy, so edits made in the copy are what runs.
  mkdirSync(join(root, 'node_modules', '@accord'));
  for (const name of readdirSync(join(nm, '@accord'))) {
    const inCopy = join(root, relative(source, realpathSync(join(nm, '@accord', name))));
    if (existsSync(inCopy)) symlinkSync(inCopy, join(root, 'node_modules', '@accord', name));
  }
  // Binaries: third-party ones as installed; the workspace's own from each package.json's `bin`, in the copy
  // (as `npm ci` would link them, also for packages added after the checkout's last install).
  const bin = join(root, 'node_modules', '.bin');
  mkdirSync(bin);
  for (const name of readdirSync(join(nm, '.bin'))) {
    const resolved = resolve(join(nm, '.bin'), readlinkSync(join(nm, '.bin', name)));
    if (!resolved.startsWith(join(nm, '@accord'))) symlinkSync(resolved, join(bin, name));
  }
  for (const dir of packages) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      bin?: Record<string, string>;
    };
    for (const [name, target] of Object.entries(pkg.bin ?? {})) {
      if (existsSync(join(bin, name))) rmSync(join(bin, name));
      symlinkSync(join(root, dir, target), join(bin, name));
      if (existsSync(join(root, dir, target))) chmodSync(join(root, dir, target), 0o755);
    }
  }
  commit();
  return copy;
}
