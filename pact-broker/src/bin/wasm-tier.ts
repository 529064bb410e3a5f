// The WebAssembly compiler tier a broker process on PGlite runs with: one choice for the accord-broker command and
// for the throughput bench, so that the bench's PGlite figure is the command's.
import { setFlagsFromString } from 'node:v8';

/**
 * PGlite's PostgreSQL is WebAssembly: V8's optimising tier keeps about 70 MiB of machine code for it beside the
 * baseline code, for some 5-10% of CPU per request (bench:memory, bench:throughput). Memory wins for an embedded
 * broker, so on PGlite (no database URL) this sets `--liftoff-only`, unless whoever started node chose a WebAssembly
 * tier. Call it before PGlite is opened. Returns whether node runs PGlite on baseline code only.
 */
export function chooseWasmTier(databaseUrl: string | undefined): boolean {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  if (/--(no-)?(liftoff|wasm-tier|wasm-dynamic-tiering)/.test(flags)) return /--liftoff-only\b/.test(flags);
  if (databaseUrl !== undefined) return false;
  setFlagsFromString('--liftoff-only');
  return true;
}
