// Property-based soundness: whenever the engine calls a generated pair compatible in a direction, no instance the
// writer schema accepts is rejected by the reader schema (ajv; tolerant readers relaxed, or strict as written).
// ACCORD_SOUNDNESS_SEED / ACCORD_SOUNDNESS_RUNS override the fixed seed and the number of pairs;
// ACCORD_SOUNDNESS_VERBOSE=1 prints how many verdicts and instances were checked.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSchemas, relaxSchema } from '../src/index.js';
import { documentArb, instanceOf, mutate, mutationArb, NOPE, type Obj, rngFrom } from './generators.js';

const SEED = Number(process.env.ACCORD_SOUNDNESS_SEED ?? 20261126);
const RUNS = Number(process.env.ACCORD_SOUNDNESS_RUNS ?? 250);
const INSTANCES = 30;

const ajv = new Ajv2020({ strict: false, allErrors: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const compile = (s: Obj): ValidateFunction => ajv.compile(structuredClone(s));

interface Stats {
  pairs: number;
  compatibleChecks: number;
  instancesChecked: number;
  breakingPairs: number;
}

function checkDirection(
  writer: Obj,
  reader: Obj,
  strict: boolean,
  seed: number,
  stats: Stats,
  label: string,
): void {
  const vw = compile(writer);
  const vr = compile(strict ? reader : relaxSchema(reader));
  const rng = rngFrom(seed);
  for (let i = 0; i < INSTANCES; i++) {
    const instance = instanceOf(writer, writer, rng);
    if (instance === NOPE || !vw(instance)) continue;
    stats.instancesChecked++;
    if (!vr(instance)) {
      throw new Error(
        `${label}: judged compatible, but reader rejects ${JSON.stringify(instance)}\nwriter=${JSON.stringify(writer)}\nreader=${JSON.stringify(reader)}\nerrors=${JSON.stringify(vr.errors)}`,
      );
    }
  }
}

function runSoundness(strict: boolean): Stats {
  const stats: Stats = { pairs: 0, compatibleChecks: 0, instancesChecked: 0, breakingPairs: 0 };
  fc.assert(
    fc.property(
      documentArb,
      fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
      fc.integer(),
      (old, mutations, seed) => {
        const next = mutate(old, mutations);
        const result = diffSchemas(old, next, { strictReaders: strict, defaultDialect: '2020-12' });
        stats.pairs++;
        const backwardOk = !result.changes.some((c) => c.breaks.backward);
        const forwardOk = !result.changes.some((c) => c.breaks.forward);
        if (!backwardOk || !forwardOk) stats.breakingPairs++;
        if (backwardOk) {
          stats.compatibleChecks++;
          checkDirection(old, next, strict, seed, stats, 'backward (writer OLD, reader NEW)');
        }
        if (forwardOk) {
          stats.compatibleChecks++;
          checkDirection(next, old, strict, seed ^ 0x5bd1e995, stats, 'forward (writer NEW, reader OLD)');
        }
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
  if (process.env.ACCORD_SOUNDNESS_VERBOSE)
    console.log(`soundness (${strict ? 'strict' : 'tolerant'} readers)`, stats);
  return stats;
}

describe('soundness on generated schema pairs', () => {
  it('tolerant readers (workspace policy): compatible verdicts never let a valid instance be rejected', () => {
    const stats = runSoundness(false);
    // The property must not pass vacuously: many verdicts are "compatible" and many instances get checked.
    expect(stats.compatibleChecks).toBeGreaterThan(RUNS / 4);
    expect(stats.instancesChecked).toBeGreaterThan(RUNS * 5);
    expect(stats.breakingPairs).toBeGreaterThan(RUNS / 10);
  });

  it('strict readers: the same holds with readers validated as written', () => {
    const stats = runSoundness(true);
    expect(stats.compatibleChecks).toBeGreaterThan(RUNS / 4);
    expect(stats.instancesChecked).toBeGreaterThan(RUNS * 5);
  });
});
