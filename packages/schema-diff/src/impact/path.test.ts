import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath, isWithin, overlaps, type PathPattern, parsePath, type Segment } from './path.js';

const p = (text: string): PathPattern => {
  const parsed = parsePath(text);
  if (!parsed) throw new Error(`unparseable ${text}`);
  return parsed;
};

describe('parsePath / formatPath', () => {
  it('reads the JSONPath subset of Pact matching-rule keys', () => {
    expect(p('$')).toEqual([]);
    expect(p('$.items[*].sku')).toEqual([
      { kind: 'property', name: 'items' },
      { kind: 'anyIndex' },
      { kind: 'property', name: 'sku' },
    ]);
    expect(p("$['odd key'].a[2]")).toEqual([
      { kind: 'property', name: 'odd key' },
      { kind: 'property', name: 'a' },
      { kind: 'index', index: 2 },
    ]);
    expect(p('$["x.y"].*')).toEqual([{ kind: 'property', name: 'x.y' }, { kind: 'anyProperty' }]);
    expect(p('$.content-type')).toEqual([{ kind: 'property', name: 'content-type' }]);
  });

  it('refuses what it cannot read rather than guessing', () => {
    for (const bad of ['items', '$.a[', '$.a[x]', '$..a', "$['open"]) expect(parsePath(bad)).toBeUndefined();
  });

  it('prints recursive positions as `..` and odd names in brackets', () => {
    expect(
      formatPath([
        { kind: 'property', name: 'tree' },
        { kind: 'descendants' },
        { kind: 'property', name: 'name' },
      ]),
    ).toBe('$.tree..name');
    expect(formatPath([{ kind: 'property', name: "it's" }])).toBe("$['it\\'s']");
  });

  const segment: fc.Arbitrary<Segment> = fc.oneof(
    fc.string({ minLength: 1, maxLength: 6 }).map((name) => ({ kind: 'property' as const, name })),
    fc.nat({ max: 9 }).map((i) => ({ kind: 'index' as const, index: i })),
    fc.constant({ kind: 'anyIndex' as const }),
    fc.constant({ kind: 'anyProperty' as const }),
  );

  it('round-trips every path it prints (property-based)', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (path) => {
        expect(parsePath(formatPath(path))).toEqual(path);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isWithin / overlaps', () => {
  it('a relied path at or below the change is affected; one beside or above it is not', () => {
    expect(isWithin(p('$.shippingAddress.city'), p('$.shippingAddress'))).toBe(true);
    expect(isWithin(p('$.shippingAddress'), p('$.shippingAddress'))).toBe(true);
    expect(isWithin(p('$.shippingAddress'), p('$.shippingAddress.city'))).toBe(false);
    expect(isWithin(p('$.total.amount'), p('$.shippingAddress'))).toBe(false);
  });

  it('wildcards meet concrete steps of the same kind only', () => {
    expect(isWithin(p('$.items[0].sku'), p('$.items[*].sku'))).toBe(true);
    expect(isWithin(p('$.items[*].sku'), p('$.items[1]'))).toBe(true);
    expect(isWithin(p('$.meta.colour'), p('$.meta.*'))).toBe(true);
    expect(isWithin(p('$.meta[0]'), p('$.meta.*'))).toBe(false);
    expect(overlaps(p('$.a.*'), p('$.a.b'))).toBe(true);
    expect(overlaps(p('$.a.b'), p('$.a'))).toBe(false);
  });

  it('a catch-all excludes the declared names, a pattern property only fits matching names', () => {
    const catchAll: PathPattern = [
      { kind: 'property', name: 'm' },
      { kind: 'anyProperty', except: ['known'] },
    ];
    expect(isWithin(p('$.m.known'), catchAll)).toBe(false);
    expect(isWithin(p('$.m.other'), catchAll)).toBe(true);
    const pattern: PathPattern = [{ kind: 'anyProperty', pattern: '^x-' }];
    expect(isWithin(p('$.x-trace'), pattern)).toBe(true);
    expect(isWithin(p('$.trace'), pattern)).toBe(false);
    const tail: PathPattern = [
      { kind: 'property', name: 't' },
      { kind: 'anyIndex', from: 2 },
    ];
    expect(isWithin(p('$.t[1]'), tail)).toBe(false);
    expect(isWithin(p('$.t[2].x'), tail)).toBe(true);
  });

  it('`..` stands for any depth of a recursive schema', () => {
    const deep: PathPattern = [
      { kind: 'property', name: 'tree' },
      { kind: 'descendants' },
      { kind: 'property', name: 'name' },
    ];
    expect(isWithin(p('$.tree.name'), deep)).toBe(true);
    expect(isWithin(p('$.tree.children[0].children[3].name'), deep)).toBe(true);
    expect(isWithin(p('$.tree.children[0].id'), deep)).toBe(false);
  });

  it('on concrete paths, isWithin is exactly "is a prefix of" (property-based)', () => {
    const concrete = fc.array(
      fc.oneof(
        fc.constantFrom('a', 'b', 'c').map((name) => ({ kind: 'property' as const, name })),
        fc.nat({ max: 2 }).map((i) => ({ kind: 'index' as const, index: i })),
      ),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(concrete, concrete, (inner, outer) => {
        const prefix =
          outer.length <= inner.length &&
          outer.every((s, i) => JSON.stringify(s) === JSON.stringify(inner[i]));
        expect(isWithin(inner, outer)).toBe(prefix);
        expect(overlaps(inner, outer)).toBe(JSON.stringify(inner) === JSON.stringify(outer));
      }),
      { numRuns: 500 },
    );
  });
});
