// The consumer-impact flags of `accord diff` (--broker, --fail-on, --impact-in, --contract) and the step that runs it.

import { brokerConfig } from '../broker/config.js';
import type { Report } from '../diff/report.js';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import {
  emptyImpact,
  type FailOn,
  type ImpactReport,
  impactExitCode,
  MAIN_BRANCH,
  runImpact,
} from './analyse.js';
import { withImpact } from './format.js';

export const IMPACT_HELP = `Consumer impact (with a Pact Broker):
  --broker URL                  Pact Broker to read consumers from (default PACT_BROKER_BASE_URL; auth from
                                PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD)
  --fail-on breaking|impact     breaking (default): fail on any breaking change; impact: fail only when a
                                breaking change hits a consumer running in a counted place
  --impact-in LIST              places counted by --fail-on impact: environment names and ${MAIN_BRANCH}
                                (comma-separated; default: every environment and every main branch)
  --contract NAME               two files: the contract they are versions of, when their $id does not say
`;

/** parseArgs options of the impact flags. */
export const IMPACT_OPTIONS = {
  broker: { type: 'string' },
  'fail-on': { type: 'string' },
  'impact-in': { type: 'string' },
  contract: { type: 'string' },
} as const;

export interface ImpactArgs {
  broker?: string;
  failOn: FailOn;
  impactIn?: string[];
  contract?: string;
}

export function parseImpactArgs(v: Record<string, unknown>): ImpactArgs {
  const failOn = (v['fail-on'] ?? 'breaking') as string;
  if (failOn !== 'breaking' && failOn !== 'impact')
    throw new CliError('USAGE', `--fail-on must be breaking or impact (got "${failOn}")`);
  const out: ImpactArgs = { failOn };
  if (typeof v.broker === 'string') out.broker = v.broker;
  if (typeof v.contract === 'string') out.contract = v.contract;
  if (typeof v['impact-in'] === 'string') {
    const places = v['impact-in']
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (places.length === 0)
      throw new CliError('USAGE', '--impact-in needs at least one environment or main-branch');
    out.impactIn = places;
  }
  if (out.impactIn !== undefined && failOn !== 'impact')
    throw new CliError('USAGE', '--impact-in only applies with --fail-on impact');
  return out;
}

/**
 * The impact step of `accord diff`: without a broker (no --broker, no PACT_BROKER_BASE_URL) the diff's own
 * output and exit code, unchanged; with one, the output gains the consumer-impact section and the exit code
 * follows --fail-on.
 */
export async function diffWithImpact(
  args: ImpactArgs & {
    base?: string;
    files: string[];
    contracts: string;
    format: 'text' | 'markdown' | 'json';
  },
  report: Report,
  output: string,
  io: Io,
): Promise<{ output: string; exitCode: number }> {
  const broker = brokerConfig(args.broker, io.env ?? {});
  if (broker === undefined) {
    if (args.failOn === 'breaking') return { output, exitCode: report.compatible ? 0 : 1 };
    // Still print the diff: the report says why the impact could not be judged.
    const impact = {
      ...emptyImpact('(none)', args.failOn, args.impactIn),
      error: '--fail-on impact needs a Pact Broker: pass --broker URL or set PACT_BROKER_BASE_URL',
    };
    return { output: withImpact(args.format, output, impact), exitCode: impactExitCode(report, impact) };
  }
  const impact: ImpactReport = await runImpact(report, {
    broker,
    failOn: args.failOn,
    impactIn: args.impactIn,
    contractsDir: args.contracts,
    cwd: io.cwd,
    baseMode: args.base !== undefined,
    ...(args.files.length === 2 ? { files: [args.files[0]!, args.files[1]!] as const } : {}),
    ...(args.contract !== undefined ? { contract: args.contract } : {}),
  });
  return { output: withImpact(args.format, output, impact), exitCode: impactExitCode(report, impact) };
}
