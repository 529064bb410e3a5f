// A child environment free of the settings that would change what the pipeline does (broker URL, version
// and branch overrides, the CI's own git variables, an outer turbo run's variables).
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(PACT_|ACCORD_|GITHUB_|TURBO_|VITEST|npm_)/.test(k) || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...extra };
}
