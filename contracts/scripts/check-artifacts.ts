// CLI: `npm run check:artifacts -w @accord/contracts` fails when the committed artifacts are stale or a
// published version was edited. Usage: tsx scripts/check-artifacts.ts [--root <dir>] [--base <git ref>]
// [--no-git]; exit 0 when clean, 1 with problems, 2 on a usage or internal error.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlagsOrExit } from '@accord/args';
import { checkArtifacts, formatReport } from './lib/checks.js';

const USAGE = 'Usage: tsx scripts/check-artifacts.ts [--root <dir>] [--base <git ref>] [--no-git]';

const { flags: values } = parseFlagsOrExit(
  process.argv.slice(2),
  { root: { type: 'string' }, base: { type: 'string' }, 'no-git': { type: 'boolean' } },
  { name: 'contracts', usage: USAGE },
);
const root = resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)));

try {
  const report = await checkArtifacts({ root, gitBase: values['no-git'] ? false : values.base });
  const text = formatReport(report);
  if (report.problems.length > 0) {
    console.error(text);
    process.exitCode = 1;
  } else {
    console.log(text);
  }
} catch (error) {
  console.error(`contracts: check failed: ${(error as Error).message}`);
  process.exitCode = 2;
}
