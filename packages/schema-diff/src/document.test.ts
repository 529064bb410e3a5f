// Input handling: dialects, meta-schema validation, $ref resolution (including cycles), draft-07 tuples.
import { describe, expect, it } from 'vitest';
import { diffSchemas } from './diff.js';
import { MAX_SCHEMA_DEPTH } from './document.js';
import { SchemaDiffError } from './errors.js';

const draft7 = 'http://json-schema.org/draft-07/schema#';
const d2020 = 'https://json-schema.org/draft/2020-12/schema';

function errorOf(fn: () => unknown): SchemaDiffError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SchemaDiffError) return e;
    throw e;
  }
  throw new Error('expected a SchemaDiffError');
}

describe('input validation', () => {
  it('rejects a schema that violates its meta-schema, naming the document', () => {
    const e = errorOf(() => diffSchemas({ type: 'strin' }, {}, { oldName: 'old.json' }));
    expect(e.code).toBe('INVALID_SCHEMA');
    expect(e.message).toMatch(/^old\.json: not a valid draft-07 JSON Schema/);
  });

  it('rejects non-schema JSON', () => {
    expect(errorOf(() => diffSchemas([1], {})).code).toBe('INVALID_SCHEMA');
  });

  it('rejects an unresolvable $ref with its location', () => {
    const e = errorOf(() =>
      diffSchemas({}, { properties: { a: { $ref: '#/$defs/missing' } } }, { newName: 'new.json' }),
    );
    expect(e.code).toBe('UNRESOLVABLE_REF');
    expect(e.message).toContain('new.json');
    expect(e.pointer).toBe('/properties/a');
  });

  it('names the first place of an unresolvable $ref used several times', () => {
    const missing = { $ref: '#/$defs/missing' };
    const e = errorOf(() =>
      diffSchemas({}, { properties: { a: { type: 'string' }, b: missing, c: { ...missing } } }),
    );
    expect(e.code).toBe('UNRESOLVABLE_REF');
    expect(e.pointer).toBe('/properties/b');
  });

  it('rejects remote $refs', () => {
    expect(errorOf(() => diffSchemas({ $ref: 'https://example.com/x.json' }, {})).code).toBe(
      'UNRESOLVABLE_REF',
    );
  });

  it('rejects invalid regular expressions', () => {
    expect(errorOf(() => diffSchemas({ type: 'string', pattern: '(' }, {})).code).toBe('INVALID_SCHEMA');
  });

  it('rejects unknown dialects', () => {
    expect(errorOf(() => diffSchemas({ $schema: 'http://json-schema.org/draft-03/schema#' }, {})).code).toBe(
      'UNSUPPORTED_DIALECT',
    );
  });
});

describe('nesting depth', () => {
  // Each wraps a subschema one level deeper; the JSON nesting of objects and arrays each level adds differs.
  const wrappers: Record<string, (s: object) => object> = {
    properties: (s) => ({ type: 'object', properties: { a: s }, required: ['a'] }),
    allOf: (s) => ({ allOf: [s] }),
    not: (s) => ({ not: { not: s } }),
    items: (s) => ({ type: 'array', items: s }),
    prefixItems: (s) => ({ $schema: d2020, type: 'array', prefixItems: [s], minItems: 1 }),
    // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable.
    ifThen: (s) => ({ if: { type: 'object' }, then: s }),
    dependentSchemas: (s) => ({ $schema: d2020, dependentSchemas: { a: s } }),
    contains: (s) => ({ $schema: d2020, type: 'array', contains: s }),
  };
  const jsonDepth = (v: unknown): number =>
    typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(jsonDepth)) : 0;
  /** The deepest nesting of `wrap` that stays within MAX_SCHEMA_DEPTH. */
  function deepest(wrap: (s: object) => object, leaf: object): object {
    let s: object = leaf;
    for (;;) {
      const next = wrap(s);
      if (jsonDepth(next) > MAX_SCHEMA_DEPTH) return s;
      s = next;
    }
  }

  it.each(Object.keys(wrappers))(
    'compares %s nested to the depth limit without running out of stack',
    (name) => {
      const wrap = wrappers[name]!;
      const r = diffSchemas(deepest(wrap, { type: 'string' }), deepest(wrap, { type: 'integer' }));
      expect(['holds', 'fails', 'undecidable']).toContain(r.verdicts.backward.verdict);
      expect(r.changes.length).toBeGreaterThan(0);
    },
  );

  it('refuses a document nested deeper than the limit, naming it and where (any depth: the check is iterative)', () => {
    let deep: object = { type: 'string' };
    for (let i = 0; i < 100_000; i++) deep = { items: deep };
    const e = errorOf(() => diffSchemas({ type: 'array' }, deep, { newName: 'deep.json' }));
    expect(e.code).toBe('TOO_DEEP');
    expect(e.message).toMatch(/^deep\.json: nested deeper than 500 levels/);
    expect(e.pointer).toBe('/items'.repeat(MAX_SCHEMA_DEPTH));
  });
});

describe('$ref', () => {
  it('follows local refs into $defs and reports paths at the target', () => {
    const old = {
      $schema: d2020,
      $defs: { Name: { type: 'string', maxLength: 9 } },
      properties: { a: { $ref: '#/$defs/Name' } },
    };
    const next = {
      $schema: d2020,
      $defs: { Name: { type: 'string', maxLength: 5 } },
      properties: { a: { $ref: '#/$defs/Name' } },
    };
    const [c] = diffSchemas(old, next).changes;
    expect(c).toMatchObject({ rule: 'max-length-decreased', path: '/$defs/Name/maxLength' });
  });

  it('resolves refs written against the document $id and $anchor', () => {
    const id = 'https://contracts.accord.dev/X/v1.schema.json';
    const old = {
      $id: id,
      $defs: { N: { $anchor: 'n', type: 'integer' } },
      properties: { a: { $ref: `${id}#/$defs/N` } },
    };
    const next = {
      $id: id,
      $defs: { N: { $anchor: 'n', type: 'number' } },
      properties: { a: { $ref: '#n' } },
    };
    expect(diffSchemas(old, next).changes.map((c) => c.rule)).toEqual(['type-widened']);
  });

  it('terminates on recursive schemas and still finds a change deep inside', () => {
    const tree = (leaf: object) => ({
      $defs: {
        Node: {
          type: 'object',
          properties: { value: leaf, children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
        },
      },
      $ref: '#/$defs/Node',
    });
    const result = diffSchemas(tree({ type: 'integer' }), tree({ type: 'string' }));
    expect(result.changes.map((c) => [c.rule, c.path])).toEqual([
      ['type-changed', '/$defs/Node/properties/value/type'],
    ]);
  });

  it('handles mutually recursive unions without looping', () => {
    const s = (t: string) => ({
      $defs: {
        A: { anyOf: [{ type: 'null' }, { type: 'object', properties: { b: { $ref: '#/$defs/B' } } }] },
        B: { anyOf: [{ type: t }, { type: 'object', properties: { a: { $ref: '#/$defs/A' } } }] },
      },
      $ref: '#/$defs/A',
    });
    expect(diffSchemas(s('string'), s('string')).compatible).toBe(true);
    expect(diffSchemas(s('string'), s('number')).compatible).toBe(false);
  });

  it('compares identical text with $refs through the ref targets', () => {
    const s = (max: number) => ({
      $defs: { Line: { type: 'object', properties: { qty: { type: 'integer', maximum: max } } } },
      properties: { lines: { type: 'array', items: { $ref: '#/$defs/Line' } } },
    });
    expect(diffSchemas(s(9), s(5)).changes.map((c) => c.rule)).toEqual(['maximum-decreased']);
  });

  it('does not trust identical text around oneOf or not when a $ref target changed (found by the soundness test)', () => {
    const oneOf = (d: object) => ({ $defs: { D: d }, oneOf: [{ $ref: '#/$defs/D' }, { type: 'integer' }] });
    // OLD rejects integers (they match both branches); NEW (D without integers) accepts them.
    const r = diffSchemas(
      oneOf({ type: 'number' }),
      oneOf({ type: 'number', multipleOf: 0.5, not: { multipleOf: 1 } }),
    );
    expect(r.changes.some((c) => c.breaks.forward)).toBe(true);
    const not = (t: string) => ({ $defs: { D: { type: t } }, not: { $ref: '#/$defs/D' } });
    const n = diffSchemas(not('number'), not('integer'));
    expect(n.changes.some((c) => c.breaks.forward)).toBe(true);
  });

  it('treats $ref with sibling keywords as a conjunction in 2020-12', () => {
    const old = { $schema: d2020, $defs: { S: { type: 'string' } }, $ref: '#/$defs/S' };
    const next = { $schema: d2020, $defs: { S: { type: 'string' } }, $ref: '#/$defs/S', maxLength: 3 };
    expect(diffSchemas(old, next).changes.map((c) => c.rule)).toContain('max-length-added');
  });
});

describe('draft-07', () => {
  it('reads definitions and tuple items / additionalItems', () => {
    const old = {
      $schema: draft7,
      definitions: { S: { type: 'string' } },
      type: 'array',
      items: [{ $ref: '#/definitions/S' }],
      additionalItems: false,
    };
    const next = { ...old, items: [{ $ref: '#/definitions/S' }, { type: 'integer' }] };
    const rules = diffSchemas(old, next).changes.map((c) => `${c.rule}:${c.breaks.forward}`);
    expect(rules).toEqual(['prefix-item-added:false', 'schema-opened:true']);
  });

  it('compares a draft-07 document with a 2020-12 one', () => {
    const old = { $schema: draft7, type: 'array', items: [{ type: 'string' }] };
    const next = { $schema: d2020, type: 'array', prefixItems: [{ type: 'string' }] };
    expect(diffSchemas(old, next).changes).toEqual([]);
  });
});

describe('dialect URIs', () => {
  it('reads the "latest" meta-schema URI as the default dialect and OpenAPI 3.1 as 2020-12', () => {
    const latest = { $schema: 'http://json-schema.org/schema#', type: 'array', items: [{ type: 'string' }] };
    expect(diffSchemas(latest, latest).compatible).toBe(true);
    const oas = {
      $schema: 'https://spec.openapis.org/oas/3.1/dialect/base',
      type: 'array',
      prefixItems: [{ type: 'string' }],
    };
    expect(diffSchemas(oas, { ...oas, prefixItems: [{ type: 'integer' }] }).verdicts.backward.verdict).toBe(
      'fails',
    );
  });
});
