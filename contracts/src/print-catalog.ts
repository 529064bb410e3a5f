// CLI (node contracts/dist/print-catalog.js): prints the contract catalog as a table; --json prints the JSON.
import { ArgsError, parseFlags } from '@accord/args';
import { catalog } from './catalog/catalog.js';
import { renderCatalogTable } from './catalog/table.js';

const USAGE = 'Usage: node contracts/dist/print-catalog.js [--json]';

let json = false;
try {
  const parsed = parseFlags(process.argv.slice(2), { json: { type: 'boolean' } });
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  json = parsed.flags.json === true;
} catch (error) {
  if (!(error instanceof ArgsError)) throw error;
  console.error(`contracts: ${error.message}\n${USAGE}`);
  process.exit(error.exitCode);
}

if (json) {
  console.log(JSON.stringify(catalog, null, 2));
} else {
  console.log(`Contract catalog: ${catalog.contracts.length} contracts\n`);
  console.log(renderCatalogTable());
}
