// CLI: `npm run generate -w @accord/contracts` regenerates the artifacts, catalog.json, src/generated/ and openapi/.
// Usage: tsx scripts/generate.ts [--root <package dir>] [--base <git ref>]; exit 0 on success, 1 when a
// published version (one on the main branch, or at --base) would change, 2 on any other error.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlagsOrExit } from '@accord/args';
import { generate, PublishedVersionChangedError } from './lib/generate.js';

const USAGE = 'Usage: tsx scripts/generate.ts [--root <package dir>] [--base <git ref>]';

const { flags: values } = parseFlagsOrExit(
  process.argv.slice(2),
  { root: { type: 'string' }, base: { type: 'string' } },
  { name: 'contracts', usage: USAGE },
);

const root = resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)));

try {
  const result = await generate(root, values.base === undefined ? {} : { base: values.base });
  for (const file of result.written) console.log(`wrote   ${file}`);
  for (const file of result.deleted) console.log(`deleted ${file}`);
  const note =
    'label' in result.published ? ` (not published at ${result.published.label}: may still change)` : '';
  for (const key of result.locked) console.log(`locked  ${key}${note}`);
  if (result.written.length === 0 && result.deleted.length === 0)
    console.log('contracts: everything up to date');
} catch (error) {
  if (error instanceof PublishedVersionChangedError) {
    console.error('contracts: refusing to regenerate, a published version would change:');
    for (const p of error.problems) console.error(`  ✖ ${p.message}`);
    process.exitCode = 1;
  } else {
    console.error(`contracts: generate failed: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
