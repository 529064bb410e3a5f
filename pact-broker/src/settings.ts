// The official broker's behaviour settings (lib/pact_broker/config/runtime_configuration.rb and the variables its
// configuration.rb reads), from the same PACT_BROKER_* variables with the same defaults. Settings that only tune
// Ruby, Puma or Sequel are accepted and reported as having no effect; a value this broker cannot honour stops it
// at start, so a team that relied on it learns at once.

import { BrokerError } from './errors.js';

type Env = Record<string, string | undefined>;

export interface BadgeSettings {
  /** `redirect` (307 to shields.io, the official default) or `proxy` (fetch and serve, static SVG offline). */
  providerMode: 'redirect' | 'proxy';
  /** shields.io base; null serves the broker's own SVG badges (no network at all). */
  shieldsIoBaseUrl: string | null;
  /** Cache-Control of a successful can-i-merge badge. */
  defaultCacheSetting: string;
}

export interface WipSettings {
  /** PACT_BROKER_DYNAMIC_WIP_WINDOW: the WIP start date comes from the data, includeWipPactsSince is ignored. */
  dynamicWindow: boolean;
  maxLookbackDays: number;
  minWindowDays: number;
  defaultWindowDays: number;
  /** Verifications older than this are ignored by the "already verified" WIP checks on the branch path. */
  verifiedByOtherBranchLookbackDays: number;
}

export interface BrokerSettings {
  autoDetectMainBranch: boolean;
  mainBranchCandidates: string[];
  useFirstTagAsBranch: boolean;
  /** Seconds after a version's creation during which its first tag still becomes its branch. */
  useFirstTagAsBranchTimeLimit: number;
  createDeployedVersionsForTags: boolean;
  checkForPotentialDuplicatePacticipantNames: boolean;
  /** Seed Example App / Example API into an empty database once (the official default for a new broker). */
  seedExampleData: boolean;
  badges: BadgeSettings;
  networkDiagramMaxPacticipants: number;
  enableDiagnosticEndpoints: boolean;
  /** X-Frame-Options, X-Content-Type-Options, X-XSS-Protection (and a CSP on HTML pages), as Rack::Protection sends. */
  useRackProtection: boolean;
  features: { disablePactsForVerification: boolean; expandCurrentlyDeployedProviderVersions: boolean };
  wip: WipSettings;
  logConfigurationOnStartup: boolean;
  /** PACT_BROKER_PUMA_PERSISTENT_TIMEOUT (seconds): how long an idle keep-alive connection stays open. */
  keepAliveTimeoutSeconds?: number | undefined;
  /** `name has no effect …` lines to log at start, one per such variable that is set. */
  noEffect: string[];
}

const TRUE = /^(true|t|yes|y|1|on)$/i;
const FALSE = /^(false|f|no|n|0|off)$/i;

/** An official boolean: the words anyway_config casts (and 1/0, on/off); empty means unset; anything else is an error. */
export function officialBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (TRUE.test(raw)) return true;
  if (FALSE.test(raw)) return false;
  throw new BrokerError('config', `${name} must be true or false, got "${raw}"`);
}

/** An official list: space- or comma-separated (anyway_config splits on commas, the broker's setters on spaces). */
export function officialList(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function officialInt(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min)
    throw new BrokerError('config', `${name} must be an integer >= ${min}, got "${raw}"`);
  return Number(raw);
}

function unset(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || /^(nil|null)$/i.test(value.trim());
}

/** Settings whose only supported value is the official default (any other value is a start-up error). */
const ONLY_DEFAULT: Array<[name: string, fallback: boolean, why: string]> = [
  [
    'PACT_BROKER_ORDER_VERSIONS_BY_DATE',
    true,
    'versions are ordered by creation; semantic ordering is not implemented',
  ],
  [
    'PACT_BROKER_BASE_EQUALITY_ONLY_ON_CONTENT_THAT_AFFECTS_VERIFICATION_RESULTS',
    true,
    'pact content is compared on what affects verification results only',
  ],
  [
    'PACT_BROKER_USE_CASE_SENSITIVE_RESOURCE_NAMES',
    true,
    'names are case sensitive; the official broker plans to drop the other mode',
  ],
  ['PACT_BROKER_AUTO_MIGRATE_DB', true, 'the schema is always migrated at start (under an advisory lock)'],
];

/** Ruby, Puma or Sequel internals: accepted, logged once as having no effect. */
const NO_EFFECT: Record<string, string> = {
  PACT_BROKER_LOG_DIR: 'logs go to stdout/stderr',
  PACT_BROKER_LOG_FORMAT: 'logs are always JSON lines (pretty-printed on a terminal)',
  PACT_BROKER_LOG_OTEL_ENABLED: 'OpenTelemetry log appender of the Ruby gem',
  PACT_BROKER_WARNING_ERROR_CLASS_NAMES: 'Ruby exception class names',
  PACT_BROKER_HIDE_PACTFLOW_MESSAGES: 'accord-broker logs no PactFlow messages',
  PACT_BROKER_HTTP_DEBUG_LOGGING_ENABLED: 'use PACT_BROKER_LOG_LEVEL=debug',
  PACT_BROKER_USE_HAL_BROWSER: 'the HAL browser is not shipped',
  PACT_BROKER_RACK_PROTECTION_USE: 'Rack middleware names (see PACT_BROKER_USE_RACK_PROTECTION)',
  PACT_BROKER_RACK_PROTECTION_EXCEPT: 'Rack middleware names (see PACT_BROKER_USE_RACK_PROTECTION)',
  PACT_BROKER_SEMVER_FORMATS: 'only used when ordering versions semantically, which is not implemented',
  PACT_BROKER_PACT_CONTENT_DIFF_TIMEOUT: 'diffs are computed in-process and are not cut off',
  PACT_BROKER_SQL_LOG_LEVEL: 'Sequel SQL logging',
  PACT_BROKER_SQL_LOG_WARN_DURATION: 'Sequel slow-query logging',
  PACT_BROKER_SQL_ENABLE_CALLER_LOGGING: 'Sequel caller logging',
  PACT_BROKER_AUTO_MIGRATE_DB_DATA: 'there are no data migrations',
  PACT_BROKER_ALLOW_MISSING_MIGRATION_FILES: 'migrations are tracked by name',
  PACT_BROKER_VALIDATE_DATABASE_CONNECTION_CONFIG: 'Sequel encoding check',
  PACT_BROKER_METRICS_SQL_STATEMENT_TIMEOUT: 'declared upstream but read nowhere',
  PACT_BROKER_DATABASE_CONNECTION_VALIDATION_TIMEOUT: 'the pg pool discards broken connections itself',
  PACT_BROKER_DATABASE_POOL_TIMEOUT: 'the pg pool waits for a free connection',
  PACT_BROKER_DATABASE_CONNECT_MAX_RETRIES: 'the first connection is not retried',
  PACT_BROKER_DATABASE_STATEMENT_TIMEOUT: 'statements are not cut off by the broker',
  RACK_ENV: 'accord-broker always behaves as RACK_ENV=production',
};

const FEATURES = ['disable_pacts_for_verification', 'expand_currently_deployed_provider_versions'];

export function parseSettings(env: Env): BrokerSettings {
  for (const [name, fallback, why] of ONLY_DEFAULT) {
    if (officialBool(env, name, fallback) !== fallback)
      throw new BrokerError('config', `${name}=${env[name]} is not supported by accord-broker: ${why}`);
  }
  const stream = env.PACT_BROKER_LOG_STREAM?.trim().toLowerCase();
  if (stream && stream !== 'stdout')
    throw new BrokerError(
      'config',
      `PACT_BROKER_LOG_STREAM=${stream} is not supported by accord-broker: it logs to stdout/stderr`,
    );
  const mode = (env.PACT_BROKER_BADGE_PROVIDER_MODE?.trim() || 'redirect').toLowerCase();
  if (mode !== 'redirect' && mode !== 'proxy')
    throw new BrokerError(
      'config',
      `PACT_BROKER_BADGE_PROVIDER_MODE must be redirect or proxy, got "${mode}"`,
    );
  const shields =
    env.PACT_BROKER_SHIELDS_IO_BASE_URL === undefined
      ? 'https://img.shields.io'
      : unset(env.PACT_BROKER_SHIELDS_IO_BASE_URL)
        ? null
        : env.PACT_BROKER_SHIELDS_IO_BASE_URL.trim().replace(/\/+$/, '');
  if (shields !== null && !/^https?:\/\/[^/]+/.test(shields))
    throw new BrokerError(
      'config',
      `PACT_BROKER_SHIELDS_IO_BASE_URL must be an http(s) URL, got "${shields}"`,
    );
  const features = new Set((officialList(env.PACT_BROKER_FEATURES) ?? []).map((f) => f.toLowerCase()));
  const noEffect = Object.entries(NO_EFFECT)
    .filter(([name]) => env[name] !== undefined && env[name] !== '')
    .map(([name, why]) => `${name} has no effect in accord-broker: ${why}`);
  for (const f of features)
    if (!FEATURES.includes(f)) noEffect.push(`PACT_BROKER_FEATURES: unknown feature "${f}" ignored`);
  const maxLookbackDays = officialInt(env, 'PACT_BROKER_MAX_WIP_LOOKBACK_DAYS', 14, 1);
  return {
    autoDetectMainBranch: officialBool(env, 'PACT_BROKER_AUTO_DETECT_MAIN_BRANCH', true),
    mainBranchCandidates: officialList(env.PACT_BROKER_MAIN_BRANCH_CANDIDATES) ?? [
      'develop',
      'main',
      'master',
    ],
    useFirstTagAsBranch: officialBool(env, 'PACT_BROKER_USE_FIRST_TAG_AS_BRANCH', true),
    useFirstTagAsBranchTimeLimit: officialInt(env, 'PACT_BROKER_USE_FIRST_TAG_AS_BRANCH_TIME_LIMIT', 10),
    createDeployedVersionsForTags: officialBool(env, 'PACT_BROKER_CREATE_DEPLOYED_VERSIONS_FOR_TAGS', true),
    checkForPotentialDuplicatePacticipantNames: officialBool(
      env,
      'PACT_BROKER_CHECK_FOR_POTENTIAL_DUPLICATE_PACTICIPANT_NAMES',
      true,
    ),
    seedExampleData: officialBool(env, 'PACT_BROKER_SEED_EXAMPLE_DATA', true),
    badges: {
      providerMode: mode,
      shieldsIoBaseUrl: shields,
      defaultCacheSetting: env.PACT_BROKER_BADGE_DEFAULT_CACHE_SETTING?.trim() || 'max-age=30',
    },
    networkDiagramMaxPacticipants: officialInt(env, 'PACT_BROKER_NETWORK_DIAGRAM_MAX_PACTICIPANTS', 150, 1),
    enableDiagnosticEndpoints: officialBool(env, 'PACT_BROKER_ENABLE_DIAGNOSTIC_ENDPOINTS', true),
    useRackProtection: officialBool(env, 'PACT_BROKER_USE_RACK_PROTECTION', true),
    features: {
      disablePactsForVerification: features.has('disable_pacts_for_verification'),
      expandCurrentlyDeployedProviderVersions: features.has('expand_currently_deployed_provider_versions'),
    },
    wip: {
      // Upstream enables it only for the exact string "true".
      dynamicWindow: env.PACT_BROKER_DYNAMIC_WIP_WINDOW?.trim() === 'true',
      maxLookbackDays,
      minWindowDays: officialInt(env, 'PACT_BROKER_MIN_WIP_WINDOW_DAYS', 7, 0),
      defaultWindowDays: officialInt(env, 'PACT_BROKER_DEFAULT_WIP_WINDOW_DAYS', 7, 0),
      verifiedByOtherBranchLookbackDays: officialInt(
        env,
        'PACT_BROKER_VERIFIED_BY_OTHER_BRANCH_LOOKBACK_DAYS',
        30,
        0,
      ),
    },
    logConfigurationOnStartup: officialBool(env, 'PACT_BROKER_LOG_CONFIGURATION_ON_STARTUP', true),
    keepAliveTimeoutSeconds: env.PACT_BROKER_PUMA_PERSISTENT_TIMEOUT?.trim()
      ? officialInt(env, 'PACT_BROKER_PUMA_PERSISTENT_TIMEOUT', 0, 1)
      : undefined,
    noEffect,
  };
}
