#!/usr/bin/env node
// Executable entry of accord-pipeline.
import { main } from '../main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`accord-pipeline: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
