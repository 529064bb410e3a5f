// CLI (node contracts/dist/print-catalog.js): prints the contract catalog as a table; --json prints the JSON.
import { parseFlagsOrExit } from '@accord/args';
import { catalog } from './catalog/catalog.js';
import { renderCatalogTable } from './catalog/table.js';

const USAGE = 'Usage: node contracts/dist/print-catalog.js [--json]';

const { flags } = parseFlagsOrExit(
  process.argv.slice(2),
  { json: { type: 'boolean' } },
  { name: 'contracts', usage: USAGE },
);

if (flags.json) {
  console.log(JSON.stringify(catalog, null, 2));
} else {
  console.log(`Contract catalog: ${catalog.contracts.length} contracts\n`);
  console.log(renderCatalogTable());
}
