// A child environment free of the settings that would change what the pipeline does (broker URL, version
// and branch overrides, the CI's own git variables, an outer turbo run's variables).
import { join } from 'node:path';
import { findWorkspaceRoot } from '../../src/workspace.js';

/** The checkout's turbo cache: a workspace copy then rebuilds nothing that the checkout already built. */
const TURBO_CACHE_DIR = join(findWorkspaceRoot(import.meta.dirname), '.turbo', 'cache');

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(PACT_|ACCORD_|GITHUB_|TURBO_|VITEST|npm_)/.test(k) || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', TURBO_CACHE_DIR, NO_COLOR: '1', ...extra };
}
