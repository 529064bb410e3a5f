// `accord usage <Contract>`: who reads each field of a contract, per environment, from the Pact Broker's pacts.
import { parseFlags } from '@accord/args';
import { consumerVersionFromPact, fieldUsage } from '@accord/schema-diff/impact';
import { BrokerClient } from '../broker/client.js';
import { brokerConfig } from '../broker/config.js';
import { readProviderConsumers } from '../broker/consumers.js';
import { CliError } from '../errors.js';
import { loadCatalog, repositoryTop, versionSchema } from '../impact/catalog.js';
import { usageJson, usageMarkdown, usageText } from '../impact/usage-format.js';
import type { Command } from './types.js';

const HELP = `Usage:
  accord usage <Contract> [--version N] [--format text|markdown|json] [--broker URL] [--contracts DIR]

Who reads each field of a contract version, per environment and main branch: every consumer version at the
head of its main branch or deployed/released in an environment, as its pact in the Pact Broker says. Read it
before deprecating or removing a field.

Options:
  --version N                   the contract version (default: the newest in the catalog)
  --format text|markdown|json   output format (default text)
  --broker URL                  Pact Broker (default PACT_BROKER_BASE_URL; auth from PACT_BROKER_TOKEN, or
                                PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD)
  --contracts DIR               contracts folder relative to the repository top level (default contracts)
  -h, --help                    this help

Exit codes: 0 report printed, 2 bad input (unknown contract or version, no catalog) or the broker cannot be read.
`;

const FORMATS = { text: usageText, markdown: usageMarkdown, json: usageJson } as const;

export const usageCommand: Command = {
  summary: 'who reads each field of a contract, per environment (from the Pact Broker)',
  async run(argv, io) {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(argv);
    } catch (e) {
      throw new CliError('USAGE', `${(e as Error).message}\n\n${HELP}`);
    }
    const v = parsed.values;
    if (v.help) {
      io.stdout(HELP);
      return 0;
    }
    const [name, ...extra] = parsed.positionals;
    if (name === undefined || extra.length > 0)
      throw new CliError('USAGE', `expected one contract name\n\n${HELP}`);
    const format = v.format ?? 'text';
    if (!(format in FORMATS))
      throw new CliError('USAGE', `--format must be text, markdown or json (got "${format}")`);
    const broker = brokerConfig(v.broker, io.env ?? {});
    if (broker === undefined)
      throw new CliError(
        'USAGE',
        'accord usage reads the Pact Broker: pass --broker URL or set PACT_BROKER_BASE_URL',
      );

    const catalog = loadCatalog(repositoryTop(io.cwd), v.contracts ?? 'contracts');
    const contract = catalog.bindings.find((b) => b.name === name);
    if (!contract)
      throw new CliError(
        'BAD_INPUT',
        `${name} is not a contract in ${catalog.label} (it has ${catalog.bindings.map((b) => b.name).join(', ')})`,
      );
    const newest = Math.max(...contract.versions);
    const version = v.version === undefined ? newest : Number(v.version);
    if (!contract.versions.includes(version))
      throw new CliError(
        'BAD_INPUT',
        `${name} has no version ${v.version} (it has ${contract.versions.map((x) => `v${x}`).join(', ')})`,
      );
    if (contract.owner === undefined)
      throw new CliError(
        'BAD_INPUT',
        `${name} has no "owner" in ${catalog.label}: the broker cannot be asked who consumes it`,
      );

    const read = await readProviderConsumers(new BrokerClient(broker), contract.owner);
    const own = catalog.bindings.filter((b) => b.owner === contract.owner);
    const consumers = read.versions.map((c) =>
      consumerVersionFromPact({ consumer: c.consumer, version: c.version, places: c.places }, c.pact, own),
    );
    const report = fieldUsage(
      { contract, version, schema: versionSchema(catalog, name, version) },
      consumers,
    );
    io.stdout(
      FORMATS[format as keyof typeof FORMATS]({
        report,
        broker: broker.url,
        environments: read.environments,
        consumers,
        notes: read.notes,
        nextVersion: newest + 1,
      }),
    );
    return 0;
  },
};

/** The command's flags (`--help` is built in); any misuse is an ArgsError the caller reports as USAGE. */
function parse(args: readonly string[]) {
  const { help, flags, positionals } = parseFlags(
    args,
    {
      version: { type: 'string' },
      format: { type: 'string' },
      broker: { type: 'string' },
      contracts: { type: 'string' },
    },
    { positionals: true },
  );
  return { values: { ...flags, help }, positionals };
}
