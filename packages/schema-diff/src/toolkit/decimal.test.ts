import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonMultiplesAreMultiplesOf, isMultipleOf, leastCommonMultipleOf } from './decimal.js';

/** A JSON number's written decimal as a rational n / d (d a power of ten), read independently. */
function rational(x: number): [bigint, bigint] {
  const [mantissa, exponent = '0'] = String(x).split('e');
  const [whole, fraction = ''] = mantissa!.split('.');
  let n = BigInt(whole! + fraction);
  let d = 10n ** BigInt(fraction.length);
  const e = Number(exponent);
  if (e >= 0) n *= 10n ** BigInt(e);
  else d *= 10n ** BigInt(-e);
  return [n, d];
}

/** x / divisor is an integer, as rationals: (nx · dd) / (dx · nd). */
function oracle(x: number, divisor: number): boolean {
  const [nx, dx] = rational(x);
  const [nd, dd] = rational(divisor);
  return (nx * dd) % (dx * nd) === 0n;
}

/** A decimal written as digits and an exponent, and the double JSON reads it as. */
const decimalArb = fc
  .record({ digits: fc.bigInt({ min: 1n, max: 10n ** 12n }), exponent: fc.integer({ min: -12, max: 6 }) })
  .map(({ digits, exponent }) => ({ digits, exponent, value: Number(`${digits}e${exponent}`) }));

const doubleArb = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer().map((n) => n / 10),
  decimalArb.map((d) => d.value),
);
const divisorArb = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1, max: 1000 }).map((n) => n / 100),
  fc.integer({ min: 1, max: 50 }),
  decimalArb.map((d) => d.value),
);

describe('isMultipleOf', () => {
  it('decides divisibility of the written decimals, as rational arithmetic does', () => {
    fc.assert(
      fc.property(doubleArb, divisorArb, (x, divisor) => {
        expect(isMultipleOf(x, divisor)).toBe(oracle(x, divisor));
      }),
      { numRuns: 5000 },
    );
  });

  it('holds for every integer multiple k × d whose decimal is a JSON number, and not half a step off', () => {
    fc.assert(
      fc.property(decimalArb, fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }), (d, k) => {
        const product = Number(`${k * d.digits}e${d.exponent}`);
        // Only products that JSON writes as exactly k × d (at most 17 significant digits) are that multiple.
        const [n, den] = rational(product);
        const [dn, dd] = rational(d.value);
        if (n * dd !== k * dn * den) return;
        expect(isMultipleOf(product, d.value)).toBe(true);
        const offset = Number(`${2n * k * d.digits + 1n}e${d.exponent}`) / 2;
        if (oracle(offset, d.value) === false) expect(isMultipleOf(offset, d.value)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads JSON decimals: the cases a floating-point quotient gets wrong', () => {
    expect(isMultipleOf(3.3, 1.1)).toBe(true); // 3.3 / 1.1 = 2.9999999999999996
    expect(isMultipleOf(2.7, 0.3)).toBe(true); // 9.000000000000002
    expect(isMultipleOf(0.3, 0.1)).toBe(true);
    expect(isMultipleOf(0.35, 0.07)).toBe(true);
    expect(isMultipleOf(1e22, 10)).toBe(true); // quotient 1e21: parseInt("1e+21") is 1
    expect(isMultipleOf(5e21, 5)).toBe(true);
    expect(isMultipleOf(2 ** 60, 1000)).toBe(true); // written 1152921504606847000
    expect(isMultipleOf(0.3, 0.2)).toBe(false);
    expect(isMultipleOf(1.5, 1)).toBe(false);
    expect(isMultipleOf(-0, 7)).toBe(true);
    expect(isMultipleOf(5e-324, 5e-324)).toBe(true);
    expect(isMultipleOf(1e308, 3e-300)).toBe(false);
    expect(isMultipleOf(Number.NaN, 1)).toBe(false);
    expect(isMultipleOf(Number.POSITIVE_INFINITY, 1)).toBe(false);
    expect(isMultipleOf(3, 0)).toBe(false);
  });
});

describe('least common multiples of divisors', () => {
  it('implies a divisor exactly when the lcm is a multiple of it', () => {
    expect(commonMultiplesAreMultiplesOf([3, 5], 15)).toBe(true);
    expect(commonMultiplesAreMultiplesOf([3, 5], 30)).toBe(false);
    expect(commonMultiplesAreMultiplesOf([0.3, 0.5], 1.5)).toBe(true);
    expect(commonMultiplesAreMultiplesOf([0.3, 1], 3)).toBe(true);
    expect(commonMultiplesAreMultiplesOf([], 1)).toBe(false);
    expect(leastCommonMultipleOf([4, 6])).toBe(12);
    expect(leastCommonMultipleOf([0.3, 0.5])).toBe(1.5);
  });

  it('is the least common multiple of the decimals', () => {
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 4 }), (ns) => {
        // n / 20 is written as 5n hundredths: the lcm is 5 · lcm(n) hundredths.
        const ds = ns.map((n) => n / 20);
        const l = ns.map(BigInt).reduce((a, b) => (a / gcd(a, b)) * b);
        expect(leastCommonMultipleOf(ds)).toBe(Number(`${5n * l}e-2`));
        for (const d of ds) expect(commonMultiplesAreMultiplesOf(ds, d)).toBe(true);
        expect(commonMultiplesAreMultiplesOf(ds, Number(`${5n * l * 2n}e-2`))).toBe(false);
      }),
    );
  });
});
