// The GitHub workflow only wires up tested pieces: check that it calls them as they exist.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as cli from '../src/index.js';
import { accord, tempDir, writeJson } from './helpers.js';

const file = fileURLToPath(new URL('../../../.github/workflows/schema-diff.yml', import.meta.url));
const wf = parse(readFileSync(file, 'utf8'));
const setupFile = fileURLToPath(new URL('../../../.github/actions/setup/action.yml', import.meta.url));
const setup = parse(readFileSync(setupFile, 'utf8'));
const steps: Array<Record<string, unknown>> = wf.jobs['schema-diff'].steps;

describe('.github/workflows/schema-diff.yml', () => {
  it('runs on pull requests touching contracts, with history and node 20', () => {
    expect(wf.on.pull_request.paths).toContain('contracts/**');
    expect(steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    // The repository's setup action: node 20 with the npm cache, then npm ci.
    expect(steps[1]).toMatchObject({ uses: './.github/actions/setup' });
    expect(setup.runs.steps[0]).toMatchObject({
      uses: 'actions/setup-node@v4',
      with: { 'node-version': 20, cache: 'npm' },
    });
    expect(wf.permissions['pull-requests']).toBe('write');
  });

  it('runs the built CLI against the base ref in markdown', () => {
    const run = String(steps.find((s) => s.id === 'diff')?.run);
    expect(run).toContain(
      'node packages/cli/dist/bin/accord.js diff --base "origin/$BASE_REF" --format markdown',
    );
  });

  it('gives only the diff step the Pact Broker URL and token, from secrets', () => {
    const diff = steps.find((s) => s.id === 'diff');
    const env = (diff?.env ?? {}) as Record<string, string>;
    expect(env.PACT_BROKER_BASE_URL).toMatch(/^\$\{\{ secrets\.PACT_BROKER_BASE_URL \}\}$/);
    expect(env.PACT_BROKER_TOKEN).toMatch(/^\$\{\{ secrets\.PACT_BROKER_TOKEN \}\}$/);
    expect(wf.env?.PACT_BROKER_TOKEN).toBeUndefined();
  });

  it('updates the comment with the exported helper and fails the check on a non-zero exit', () => {
    const step = steps.find((s) => s.uses === 'actions/github-script@v7');
    const script = String((step?.with as { script?: string } | undefined)?.script);
    expect(script).toContain('packages/cli/dist/index.js');
    expect(script).toContain('upsertPrComment(github.rest.issues');
    expect(typeof cli.upsertPrComment).toBe('function');
    const fail = steps.find((s) => s.name === 'Fail on breaking changes');
    expect(fail?.if).toBe("steps.diff.outputs.exit-code != '0'");
  });

  it('still writes a markdown comment when the diff cannot run', async () => {
    const dir = tempDir();
    writeJson(dir, 'a.json', { type: 'nope' });
    const r = await accord(['diff', 'a.json', 'a.json', '--format', 'markdown'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^<!-- accord-schema-diff -->\n### ⚠️ Schema diff could not run/);
  });
});
