// Why a matrix query is or is not deployable: a typed union of reasons, and the one place that renders them to
// the texts the official broker (and so the CLI) prints, with the notice type each one gets.

import { type CrossContractVerification, crossContractCauseText } from '../provider-contracts/compare.js';
import type { MatrixSelector } from './parse.js';
import type { ResolvedSelector } from './selectors.js';

/** One side of an integration: the selector that chose its version, or any version of the pacticipant. */
export type Side = { selector: ResolvedSelector } | { anyVersionOf: string };

export type Reason =
  /** A specified version, tag, branch or environment resolved to no version. */
  | { kind: 'specified_version_does_not_exist'; selector: ResolvedSelector; ignored: boolean }
  /** A required integration has no row at all (no pact for the consumer version, or no provider version). */
  | { kind: 'pact_not_verified_by_required_provider_version'; consumer: Side; provider: Side }
  | {
      kind: 'verification_failed';
      consumer: Side;
      provider: Side;
      ignored: boolean;
      /** Set when the result is a provider contract's verdict: its cause is part of the text. */
      crossContract?: CrossContractVerification;
    }
  /** A row without a verification: the pact was never verified by that provider version. */
  | { kind: 'pact_not_ever_verified_by_provider'; consumer: Side; provider: Side; ignored: boolean }
  | { kind: 'successful' }
  /** Nothing to check: no rows and no required integration without one. */
  | { kind: 'no_dependencies_missing' }
  | { kind: 'ignore_selector_does_not_exist'; selector: ResolvedSelector }
  /** One pacticipant and no target: the answer is only about the latest versions of its integrations. */
  | { kind: 'no_environment_specified' };

export type NoticeType = 'success' | 'error' | 'warning' | 'info';

export interface Notice {
  type: NoticeType;
  text: string;
}

function describeSelector(s: ResolvedSelector): string {
  const { pacticipantName: name, selector } = s;
  const number = s.version ? s.version.number : undefined;
  const none = '(no such version exists)';
  if (selector.latest && selector.tag)
    return `the latest version of ${name} with tag ${selector.tag} ${number ? `(${number})` : none}`;
  if (selector.latest && selector.branch)
    return `the latest version of ${name} from branch ${selector.branch} ${number ? `(${number})` : none}`;
  if (selector.mainBranch)
    return `the latest version of ${name} from the main branch ${number ? `(${number})` : none}`;
  if (selector.latest) return `the latest version of ${name} ${number ? `(${number})` : none}`;
  if (selector.tag) return `a version of ${name} with tag ${selector.tag} ${number ? `(${number})` : none}`;
  if (selector.branch)
    return `a version of ${name} from branch ${selector.branch} ${number ? `(${number})` : none}`;
  if (selector.environment) {
    const prefix = s.oneOfMany ? 'one of the versions' : 'the version';
    return number
      ? `${prefix} of ${name} currently in ${selector.environment} (${number})`
      : `the version of ${name} currently in ${selector.environment} ${none}`;
  }
  if (selector.version && s.version === null) return `version ${selector.version} of ${name} ${none}`;
  if (number) return `version ${number} of ${name}`;
  if (s.pacticipantId < 0) return `any version of ${name} (no such pacticipant exists)`;
  return `any version of ${name}`;
}

function versionDoesNotExist(name: string, s: MatrixSelector): string {
  if (s.tag) return `No version with tag ${s.tag} exists for ${name}`;
  if (s.version) return `No pacts or verifications have been published for version ${s.version} of ${name}`;
  if (s.branch) return `No version of ${name} from branch ${s.branch} exists`;
  if (s.mainBranch) return `No version of ${name} from the main branch exists`;
  if (s.environment)
    return `No version of ${name} is currently recorded as deployed or released in environment ${s.environment}`;
  return `No pacts or verifications have been published for ${name}`;
}

const side = (s: Side) =>
  'selector' in s ? describeSelector(s.selector) : `any version of ${s.anyVersionOf}`;

/** The text of a reason, as the official broker's reason decorator words it. */
export function reasonText(r: Reason): string {
  const ignoring = 'ignored' in r && r.ignored ? 'Ignoring: ' : '';
  switch (r.kind) {
    case 'specified_version_does_not_exist':
      return ignoring + versionDoesNotExist(r.selector.pacticipantName, r.selector.selector);
    case 'pact_not_verified_by_required_provider_version':
    case 'pact_not_ever_verified_by_provider':
      return `${ignoring}There is no verified pact between ${side(r.consumer)} and ${side(r.provider)}`;
    case 'verification_failed':
      return `${ignoring}The verification for the pact between ${side(r.consumer)} and ${side(r.provider)} failed${r.crossContract ? `: ${crossContractCauseText(r.crossContract)}` : ''}`;
    case 'successful':
      return 'All required verification results are published and successful';
    case 'no_dependencies_missing':
      return 'There are no missing dependencies';
    case 'ignore_selector_does_not_exist':
      return `WARN: Cannot ignore ${describeSelector(r.selector)}`;
    case 'no_environment_specified':
      return 'WARN: It is recommended to specify the environment into which you are deploying. Without it, the result only says whether the versions are compatible with the latest versions of their integrations.';
  }
}

/** Warnings are warnings, ignored problems are information, the rest are errors or successes. */
export function noticeType(r: Reason): NoticeType {
  switch (r.kind) {
    case 'ignore_selector_does_not_exist':
    case 'no_environment_specified':
      return 'warning';
    case 'successful':
    case 'no_dependencies_missing':
      return 'success';
    case 'pact_not_verified_by_required_provider_version':
      return 'error';
    default:
      return r.ignored ? 'info' : 'error';
  }
}
