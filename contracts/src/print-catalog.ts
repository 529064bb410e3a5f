// CLI (node contracts/dist/print-catalog.js): prints the contract catalog as a table; --json prints the JSON.
import { catalog } from './catalog/catalog.js';
import { renderCatalogTable } from './catalog/table.js';

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(catalog, null, 2));
} else {
  console.log(`Contract catalog: ${catalog.contracts.length} contracts\n`);
  console.log(renderCatalogTable());
}
