// multipleOf on JSON numbers: exact divisibility of the decimals the numbers are written as, not a float quotient.

/** A decimal `m × 10^e` with an integer mantissa. */
interface Decimal {
  readonly m: bigint;
  readonly e: number;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** The decimal JSON writes for `x` (its shortest round-trip form, String(x)); undefined for NaN and ±Infinity. */
function decimalOf(x: number): Decimal | undefined {
  const parts = DECIMAL.exec(String(x));
  if (parts === null) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = parts;
  const m = BigInt(`${sign}${whole}${fraction}`);
  return { m, e: Number(exponent) - fraction.length };
}

/** `a` and `b` as integers over one power of ten (the smaller exponent). */
function aligned(a: Decimal, b: Decimal): [bigint, bigint] {
  const e = Math.min(a.e, b.e);
  return [a.m * 10n ** BigInt(a.e - e), b.m * 10n ** BigInt(b.e - e)];
}

/**
 * Whether `x` is an integer multiple of `divisor` (JSON Schema `multipleOf`, divisor > 0): decided on the decimals
 * JSON writes, so 3.3 is a multiple of 1.1 and 1e22 of 10, where a floating-point quotient says otherwise.
 */
export function isMultipleOf(x: number, divisor: number): boolean {
  if (!(divisor > 0) || !Number.isFinite(x)) return false;
  // Safe integers print as themselves and `%` on them is exact: the common case needs no decimal.
  if (Number.isSafeInteger(divisor) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return x % divisor === 0;
  const a = decimalOf(x);
  const b = decimalOf(divisor);
  if (a === undefined || b === undefined) return false;
  const [p, q] = aligned(a, b);
  return p % q === 0n;
}

/**
 * Whether every number that is a multiple of each of `divisors` is a multiple of `divisor`: their least common
 * multiple is (exact, on the written decimals). False for no divisors (every number).
 */
export function commonMultiplesAreMultiplesOf(divisors: readonly number[], divisor: number): boolean {
  const l = leastCommonMultiple(divisors);
  const d = divisor > 0 ? decimalOf(divisor) : undefined;
  if (l === undefined || d === undefined) return false;
  const [p, q] = aligned(l, d);
  return p % q === 0n;
}

/** k × divisor for an integer k, computed on the written decimal, as the nearest double (3 × 0.1 is 0.3). */
export function integerTimes(k: number, divisor: number): number {
  const d = decimalOf(divisor);
  if (d === undefined || !Number.isSafeInteger(k)) return k * divisor;
  return Number(`${BigInt(k) * d.m}e${d.e}`);
}

/** The least common multiple of the divisors as the nearest double (a witness candidate); undefined for none. */
export function leastCommonMultipleOf(divisors: readonly number[]): number | undefined {
  const l = leastCommonMultiple(divisors);
  return l === undefined ? undefined : Number(`${l.m}e${l.e}`);
}

function leastCommonMultiple(divisors: readonly number[]): Decimal | undefined {
  let l: Decimal | undefined;
  for (const x of divisors) {
    const d = x > 0 ? decimalOf(x) : undefined;
    if (d === undefined) return undefined;
    if (l === undefined) {
      l = d;
      continue;
    }
    const [p, q] = aligned(l, d);
    l = { m: (p / gcd(p, q)) * q, e: Math.min(l.e, d.e) };
  }
  return l;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
