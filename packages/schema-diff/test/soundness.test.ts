// Property-based soundness of the inclusion checker on generated schema pairs that use every keyword it models:
// no "compatible" verdict has a counterexample among generated instances, and every witness is accepted by the
// writer and rejected by the reader, both judged by the validators the package ships (compileInstanceValidator:
// ajv with the specification's reading; tolerant readers relaxed as shipped), compiled here for each document.
// ACCORD_SOUNDNESS_SEED / ACCORD_SOUNDNESS_RUNS override the fixed seed and the number of pairs per policy;
// ACCORD_SOUNDNESS_VERBOSE=1 prints how many pairs, verdicts, witnesses and instances were checked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSchemas, relaxSchema } from '../src/index.js';
import { compileInstanceValidator } from '../src/toolkit/index.js';
import {
  documentArb,
  instanceOf,
  mutate,
  mutationArb,
  NOPE,
  type Obj,
  perturb,
  rngFrom,
} from './generators.js';

const SEED = Number(process.env.ACCORD_SOUNDNESS_SEED ?? 20261126);
const RUNS = Number(process.env.ACCORD_SOUNDNESS_RUNS ?? 200);
const INSTANCES = 40;
// Bigger runs (ACCORD_SOUNDNESS_RUNS) get time in proportion; the default run stays well under a minute.
const TIMEOUT = Math.max(60_000, RUNS * 400);

type Validate = (instance: unknown) => boolean;
const compile = (s: Obj): Validate => compileInstanceValidator('2020-12', structuredClone(s));

interface Stats {
  pairs: number;
  holds: number;
  fails: number;
  undecidable: number;
  witnessesChecked: number;
  instancesChecked: number;
}

/** Instances the writer accepts: generated from its schema, edited near the boundary, and random JSON. */
function writerInstances(writer: Obj, vw: Validate, seed: number): unknown[] {
  const rng = rngFrom(seed);
  const out: unknown[] = [];
  const seen = new Set<string>();
  const add = (x: unknown) => {
    if (x === NOPE || x === undefined) return;
    const key = JSON.stringify(x);
    if (seen.has(key) || !vw(x)) return;
    seen.add(key);
    out.push(x);
  };
  for (let i = 0; i < INSTANCES; i++) add(instanceOf(writer, writer, rng));
  for (const base of [...out]) for (let i = 0; i < 3; i++) add(perturb(base, rng));
  for (const x of [null, true, 0, 1.5, -3, '', 'a', [], [1], {}, { a: 1 }, { a: 'a', b: null }]) add(x);
  return out;
}

function unguarded(schema: Obj): boolean {
  try {
    compile(schema)({});
    compile(schema)([]);
    return false;
  } catch (e) {
    if (e instanceof RangeError) return true;
    throw e;
  }
}

/**
 * ajv 8 skips `contains` on an empty array when a sibling `prefixItems` has a non-trivial schema
 * (`{contains: {const: 1}, prefixItems: [{type: 'object'}]}` accepts `[]`), so it cannot be the oracle there.
 */
function ajvContainsBug(schema: Obj): boolean {
  return /"contains"/.test(JSON.stringify(schema)) && /"prefixItems"/.test(JSON.stringify(schema));
}

function runSoundness(strict: boolean): Stats {
  const stats: Stats = {
    pairs: 0,
    holds: 0,
    fails: 0,
    undecidable: 0,
    witnessesChecked: 0,
    instancesChecked: 0,
  };
  fc.assert(
    fc.property(
      documentArb,
      fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
      fc.integer(),
      (old, mutations, seed) => {
        const next = mutate(old, mutations);
        // A $ref cycle that never descends into the instance has no defined meaning (ajv recurses forever).
        if (unguarded(old) || unguarded(next)) return;
        if (ajvContainsBug(old) || ajvContainsBug(next)) return;
        const result = diffSchemas(old, next, { strictReaders: strict, defaultDialect: '2020-12' });
        stats.pairs++;
        for (const d of ['backward', 'forward'] as const) {
          const [writer, reader] = d === 'backward' ? [old, next] : [next, old];
          const label = `${d} (writer ${d === 'backward' ? 'OLD' : 'NEW'})`;
          const vw = compile(writer);
          const vr = compile(strict ? reader : relaxSchema(reader, { dialect: '2020-12' }));
          const v = result.verdicts[d];
          // The rule list never contradicts the verdict.
          expect(result.changes.some((c) => c.breaks[d])).toBe(v.verdict !== 'holds');
          if (v.verdict === 'fails') {
            stats.fails++;
            stats.witnessesChecked++;
            const w = v.witness.instance;
            if (!vw(w) || vr(w)) {
              throw new Error(
                `${label}: witness ${JSON.stringify(w)} is not accepted-by-writer/rejected-by-reader\nwriter=${JSON.stringify(writer)}\nreader=${JSON.stringify(reader)}`,
              );
            }
            continue;
          }
          if (v.verdict === 'undecidable') {
            stats.undecidable++;
            continue;
          }
          stats.holds++;
          for (const instance of writerInstances(writer, vw, seed ^ (d === 'forward' ? 0x5bd1e995 : 0))) {
            stats.instancesChecked++;
            if (!vr(instance)) {
              throw new Error(
                `${label}: judged compatible, but reader rejects ${JSON.stringify(instance)}\nwriter=${JSON.stringify(writer)}\nreader=${JSON.stringify(reader)}`,
              );
            }
          }
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
  it(
    'tolerant readers (workspace policy): no compatible verdict has a counterexample, every witness holds',
    () => {
      const stats = runSoundness(false);
      // Not vacuous: many compatible verdicts with instances behind them, and many checked witnesses.
      expect(stats.holds).toBeGreaterThan(RUNS / 4);
      expect(stats.instancesChecked).toBeGreaterThan(RUNS * 5);
      expect(stats.witnessesChecked).toBeGreaterThan(RUNS / 5);
    },
    TIMEOUT,
  );

  it(
    'strict readers: the same with readers validated as written',
    () => {
      const stats = runSoundness(true);
      expect(stats.holds).toBeGreaterThan(RUNS / 4);
      expect(stats.instancesChecked).toBeGreaterThan(RUNS * 5);
      expect(stats.witnessesChecked).toBeGreaterThan(RUNS / 5);
    },
    TIMEOUT,
  );
});
