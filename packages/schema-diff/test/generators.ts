// Random JSON Schemas (fast-check), random mutations of them, and a generator of instances valid under a schema.
import fc from 'fast-check';

export type Obj = Record<string, unknown>;
export type Schema = boolean | Obj;

const NAMES = ['a', 'b', 'c', 'd', 'x-a'] as const;
const PATTERNS = ['^a', '^[a-z]*$', 'b'] as const;

const stringSchema = fc.record(
  {
    type: fc.constant('string'),
    minLength: fc.integer({ min: 0, max: 3 }),
    maxLength: fc.integer({ min: 1, max: 6 }),
    pattern: fc.constantFrom(...PATTERNS),
    format: fc.constantFrom('uuid', 'email'),
  },
  { requiredKeys: ['type'] },
);
const numberSchema = fc.record(
  {
    type: fc.constantFrom('integer', 'number'),
    minimum: fc.integer({ min: -5, max: 5 }),
    maximum: fc.integer({ min: 0, max: 10 }),
    exclusiveMaximum: fc.integer({ min: 0, max: 12 }),
    // Decimal divisors too: multipleOf is exact on written decimals (3.3 is a multiple of 1.1).
    multipleOf: fc.constantFrom(1, 2, 3, 4, 0.3, 1.1),
  },
  { requiredKeys: ['type'] },
);
const plainLeaf: fc.Arbitrary<Schema> = fc.oneof(
  stringSchema,
  numberSchema,
  fc.record({
    type: fc.constantFrom('boolean', 'null', ['string', 'null'], ['integer', 'string'], ['number', 'null']),
  }),
  fc.record({
    enum: fc.uniqueArray(fc.constantFrom<unknown>('a', 'b', 'c', 1, 2, null), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    type: fc.constant('string'),
    enum: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ const: fc.constantFrom<unknown>('a', 1, true) }),
  fc.constant({}),
);
const leaf: fc.Arbitrary<Schema> = fc.oneof(plainLeaf, fc.constant({ $ref: '#/$defs/D' }));

const schemaArb: fc.Arbitrary<Schema> = fc.letrec<{ node: Schema }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record(
      {
        type: fc.constant('object'),
        properties: fc.dictionary(fc.constantFrom(...NAMES), tie('node'), { maxKeys: 4 }),
        required: fc.subarray([...NAMES], { maxLength: 3 }),
        additionalProperties: fc.oneof(
          fc.constant(false),
          fc.constant(true),
          fc.constant({ type: 'string' }),
        ),
        patternProperties: fc.record({ '^x-': tie('node') }),
      },
      { requiredKeys: ['type', 'properties'] },
    ),
    fc.record(
      {
        type: fc.constant('array'),
        items: tie('node'),
        minItems: fc.integer({ min: 0, max: 2 }),
        maxItems: fc.integer({ min: 1, max: 4 }),
        uniqueItems: fc.constant(true),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      {
        type: fc.constant('array'),
        prefixItems: fc.array(tie('node'), { minLength: 1, maxLength: 2 }),
        items: fc.oneof(fc.constant(false), tie('node')),
      },
      { requiredKeys: ['type', 'prefixItems'] },
    ),
    fc.record({ anyOf: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ allOf: fc.array(tie('node'), { minLength: 1, maxLength: 2 }) }),
    // Tuples whose tail is covered by unevaluatedItems, and contains with bounds.
    fc.record(
      {
        type: fc.constant('array'),
        prefixItems: fc.array(plainLeaf, { minLength: 1, maxLength: 3 }),
        unevaluatedItems: fc.oneof(fc.constant(false), plainLeaf),
        maxItems: fc.integer({ min: 1, max: 4 }),
      },
      { requiredKeys: ['type', 'prefixItems', 'unevaluatedItems'] },
    ),
    fc.record(
      {
        type: fc.constant('array'),
        items: plainLeaf,
        contains: plainLeaf,
        minContains: fc.integer({ min: 0, max: 2 }),
        maxContains: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: ['type', 'contains'] },
    ),
    // Objects with dependencies, unevaluatedProperties behind allOf, propertyNames and size bounds.
    fc.record(
      {
        type: fc.constant('object'),
        properties: fc.dictionary(fc.constantFrom(...NAMES), plainLeaf, { maxKeys: 3 }),
        dependentSchemas: fc.dictionary(fc.constantFrom(...NAMES), tie('node'), { maxKeys: 1 }),
        dependentRequired: fc.dictionary(
          fc.constantFrom(...NAMES),
          fc.subarray([...NAMES], { minLength: 1, maxLength: 2 }),
          {
            maxKeys: 1,
          },
        ),
        minProperties: fc.integer({ min: 0, max: 2 }),
        maxProperties: fc.integer({ min: 1, max: 4 }),
        propertyNames: fc.constantFrom({ maxLength: 2 }, { pattern: '^[a-c]' }),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record({
      type: fc.constant('object'),
      allOf: fc.tuple(
        fc.record({ properties: fc.dictionary(fc.constantFrom(...NAMES), plainLeaf, { maxKeys: 2 }) }),
      ),
      properties: fc.dictionary(fc.constantFrom(...NAMES), plainLeaf, { maxKeys: 2 }),
      unevaluatedProperties: fc.oneof(fc.constant(false), plainLeaf),
    }),
    fc.record({ not: plainLeaf }),
    // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable.
    fc.record({ if: plainLeaf, then: tie('node'), else: tie('node') }, { requiredKeys: ['if'] }),
  ),
})).node;

/** A root document: a schema plus `$defs.D` (sometimes recursive through `next`). */
export const documentArb: fc.Arbitrary<Obj> = fc
  .tuple(
    schemaArb,
    // $defs.D is never a bare self-reference (ajv cannot compile `{ $ref: itself }`).
    fc.oneof(
      plainLeaf,
      fc.constant({ type: 'object', properties: { v: { type: 'integer' }, next: { $ref: '#/$defs/D' } } }),
    ),
  )
  .map(([root, d]) => ({ ...(typeof root === 'object' ? root : {}), $defs: { D: d } }));

// ---- mutations ------------------------------------------------------------------------------------------

export interface Mutation {
  kind: (typeof KINDS)[number];
  at: number;
  n: number;
  pick: number;
  payload: Schema;
}
const KINDS = [
  'prop-add',
  'prop-remove',
  'required-toggle',
  'catch-all',
  'type',
  'bound',
  'enum',
  'pattern',
  'replace',
  'nullable-union',
  'branch',
  'const',
  'format',
  'unique',
  'not',
  'if',
  'unevaluated',
  'contains',
  'dependent',
  'reorder',
  'prefix',
] as const;

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...KINDS),
  at: fc.nat(),
  n: fc.integer({ min: -2, max: 8 }),
  pick: fc.nat(),
  payload: leaf,
});

interface Slot {
  node: Obj;
  replace?: (v: Schema) => void;
  /** Inside $defs: a $ref to D placed here could make D reference itself at the same instance (ill-founded). */
  inDefs: boolean;
}

function slots(root: Obj): Slot[] {
  const out: Slot[] = [];
  const visit = (s: Schema, inDefs: boolean, replace?: (v: Schema) => void): void => {
    if (typeof s !== 'object') return;
    out.push(replace ? { node: s, replace, inDefs } : { node: s, inDefs });
    const sub = (holder: Obj, key: string): void =>
      visit(holder[key] as Schema, inDefs || holder === s.$defs, (v) => {
        holder[key] = v;
      });
    for (const k of [
      'items',
      'additionalProperties',
      'not',
      'if',
      'then',
      'else',
      'contains',
      'unevaluatedItems',
      'unevaluatedProperties',
    ])
      if (typeof s[k] === 'object' && !Array.isArray(s[k])) sub(s, k);
    for (const k of ['properties', 'patternProperties', '$defs', 'dependentSchemas']) {
      const m = s[k] as Obj | undefined;
      if (m && typeof m === 'object') for (const name of Object.keys(m)) sub(m, name);
    }
    for (const k of ['prefixItems', 'anyOf', 'oneOf', 'allOf']) {
      const arr = s[k] as Obj[] | undefined;
      if (Array.isArray(arr)) for (let i = 0; i < arr.length; i++) sub(arr as unknown as Obj, String(i));
    }
  };
  visit(root, false);
  return out;
}

/** Applies mutations to a deep copy of `doc`. */
export function mutate(doc: Obj, mutations: readonly Mutation[]): Obj {
  const root = structuredClone(doc);
  for (let m of mutations) {
    const all = slots(root);
    const slot = all[m.at % all.length]!;
    const s = slot.node;
    if (slot.inDefs && JSON.stringify(m.payload).includes('$ref')) m = { ...m, payload: { type: 'integer' } };
    const name = NAMES[m.pick % NAMES.length]!;
    switch (m.kind) {
      case 'prop-add':
        s.type = 'object';
        s.properties = { ...(s.properties as Obj), [name]: structuredClone(m.payload) };
        if (m.n % 2 === 0) s.required = [...new Set([...((s.required as string[]) ?? []), name])];
        break;
      case 'prop-remove': {
        const props = s.properties as Obj | undefined;
        if (!props) break;
        const key = Object.keys(props)[m.pick % Math.max(1, Object.keys(props).length)];
        if (key === undefined) break;
        delete props[key];
        if (Array.isArray(s.required) && m.n % 2 === 0) s.required = s.required.filter((r) => r !== key);
        break;
      }
      case 'required-toggle': {
        const req = new Set((s.required as string[]) ?? []);
        if (req.has(name)) req.delete(name);
        else req.add(name);
        s.required = [...req];
        break;
      }
      case 'catch-all': {
        const options: unknown[] = [false, true, { type: 'string' }, undefined];
        const v = options[m.pick % options.length];
        if (v === undefined) delete s.additionalProperties;
        else s.additionalProperties = v;
        break;
      }
      case 'type': {
        const options: unknown[] = [
          'string',
          'integer',
          'number',
          ['string', 'null'],
          'null',
          undefined,
          'object',
          'array',
        ];
        const t = options[m.pick % options.length];
        if (t === undefined) delete s.type;
        else s.type = t;
        break;
      }
      case 'bound': {
        const kws = [
          'minLength',
          'maxLength',
          'minimum',
          'maximum',
          'minItems',
          'maxItems',
          'multipleOf',
          'exclusiveMinimum',
        ];
        const kw = kws[m.pick % kws.length]!;
        if (m.n < 0) delete s[kw];
        else s[kw] = kw === 'multipleOf' ? Math.max(1, m.n) : m.n;
        break;
      }
      case 'enum': {
        const vals = Array.isArray(s.enum) ? [...(s.enum as unknown[])] : ['a'];
        const v = (['a', 'b', 'c', 1, 2, null] as unknown[])[m.pick % 6];
        const i = vals.indexOf(v);
        if (i >= 0 && vals.length > 1) vals.splice(i, 1);
        else if (i < 0) vals.push(v);
        if (m.n < 0) delete s.enum;
        else s.enum = vals;
        break;
      }
      case 'pattern':
        if (m.n < 0) delete s.pattern;
        else s.pattern = PATTERNS[m.pick % PATTERNS.length];
        break;
      case 'replace':
        slot.replace?.(structuredClone(m.payload));
        break;
      case 'nullable-union':
        slot.replace?.({ anyOf: [structuredClone(s), { type: 'null' }] });
        break;
      case 'branch': {
        const key = Array.isArray(s.oneOf) ? 'oneOf' : 'anyOf';
        const arr = Array.isArray(s[key]) ? [...(s[key] as Schema[])] : [];
        if (m.n % 2 === 0 || arr.length < 2) arr.push(structuredClone(m.payload));
        else arr.splice(m.pick % arr.length, 1);
        s[key] = arr;
        break;
      }
      case 'const':
        if (m.n < 0) delete s.const;
        else s.const = (['a', 1, true, 'b'] as unknown[])[m.pick % 4];
        break;
      case 'format':
        if (m.n < 0) delete s.format;
        else s.format = ['uuid', 'email'][m.pick % 2];
        break;
      case 'unique':
        if (s.uniqueItems === true) delete s.uniqueItems;
        else s.uniqueItems = true;
        break;
      case 'not':
        if (s.not !== undefined && m.n < 0) delete s.not;
        else s.not = structuredClone(m.payload);
        break;
      case 'if':
        if (s.if !== undefined && m.n < 0) {
          delete s.if;
          delete s.then;
          delete s.else;
        } else {
          s.if = structuredClone(m.payload);
          s[m.n % 2 === 0 ? 'then' : 'else'] = (['string', 'integer', 'object'] as const).map((type) => ({
            type,
          }))[m.pick % 3];
        }
        break;
      case 'unevaluated': {
        const kw =
          s.type === 'array' || Array.isArray(s.prefixItems) ? 'unevaluatedItems' : 'unevaluatedProperties';
        if (m.n < 0) delete s[kw];
        else s[kw] = m.n % 3 === 0 ? false : structuredClone(m.payload);
        break;
      }
      case 'contains':
        if (m.n < 0) {
          delete s.contains;
          delete s.minContains;
          delete s.maxContains;
        } else {
          s.contains = structuredClone(m.payload);
          if (m.n % 3 === 1) s.minContains = m.pick % 3;
          if (m.n % 3 === 2) s.maxContains = 1 + (m.pick % 3);
        }
        break;
      case 'dependent': {
        const key = m.n % 2 === 0 ? 'dependentSchemas' : 'dependentRequired';
        const map = { ...((s[key] as Obj | undefined) ?? {}) };
        if (name in map) delete map[name];
        else
          map[name] =
            key === 'dependentSchemas' ? structuredClone(m.payload) : [NAMES[(m.pick + 1) % NAMES.length]];
        s[key] = map;
        break;
      }
      case 'reorder':
        for (const k of ['allOf', 'anyOf', 'oneOf'])
          if (Array.isArray(s[k])) s[k] = [...(s[k] as Schema[])].reverse();
        if (Array.isArray(s.allOf) && s.allOf.length === 1 && m.n % 2 === 0) {
          s[m.pick % 2 === 0 ? 'anyOf' : 'oneOf'] = s.allOf;
          delete s.allOf;
        }
        break;
      case 'prefix': {
        const arr = Array.isArray(s.prefixItems) ? [...(s.prefixItems as Schema[])] : [];
        if (m.n % 2 === 0 || arr.length === 0) arr.push(structuredClone(m.payload));
        else arr.pop();
        s.type = 'array';
        if (arr.length > 0) s.prefixItems = arr;
        else delete s.prefixItems;
        break;
      }
    }
  }
  // ajv cannot compile a definition that $refs itself directly; the engine copes (see document.test.ts).
  const d = (root.$defs as Obj | undefined)?.D;
  if (typeof d === 'object' && d !== null && (d as Obj).$ref === '#/$defs/D') delete (d as Obj).$ref;
  return root;
}

// ---- instances ------------------------------------------------------------------------------------------

export type Rng = () => number;

/** mulberry32: small deterministic PRNG seeded by fast-check. */
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NOPE = Symbol('no instance');
const pickOf = <T>(rng: Rng, arr: readonly T[]): T => arr[Math.floor(rng() * arr.length)]!;
const STRINGS = [
  '',
  'a',
  'ab',
  'abc',
  'b',
  'x-1',
  'A',
  'aaaa',
  'zzzzzz',
  'bb',
  'a@b.co',
  '3fa85f64-5717-4562-b3fc-2c963f66afa6',
];
const EXTRA_NAMES = ['a', 'b', 'c', 'd', 'e', 'x-a', 'x-q', 'zz'];

function randomJson(rng: Rng, depth: number): unknown {
  const r = rng();
  if (r < 0.15) return null;
  if (r < 0.3) return rng() < 0.5;
  if (r < 0.5) return Math.floor(rng() * 21) - 10;
  if (r < 0.6) return Math.round(rng() * 100) / 10;
  if (r < 0.8 || depth > 2) return pickOf(rng, STRINGS);
  if (r < 0.9) return [randomJson(rng, depth + 1)];
  return { [pickOf(rng, EXTRA_NAMES)]: randomJson(rng, depth + 1) };
}

function resolve(root: Obj, ref: string): Schema {
  let cur: unknown = root;
  for (const t of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) cur = (cur as Obj)[t];
  return (cur ?? true) as Schema;
}

/** Tries to produce an instance valid under `s` (callers still validate: this is a best effort, not exact). */
export function instanceOf(s: Schema, root: Obj, rng: Rng, depth = 0): unknown {
  if (depth > 6) return NOPE;
  if (s === true) return randomJson(rng, depth);
  if (s === false) return NOPE;
  if (typeof s.$ref === 'string') {
    const { $ref, ...rest } = s;
    const target = resolve(root, $ref);
    return instanceOf(typeof target === 'object' ? { ...target, ...rest } : target, root, rng, depth + 1);
  }
  if ('const' in s) return s.const;
  if (s.if !== undefined && rng() < 0.7) {
    const { if: _if, then, else: otherwise, ...rest } = s;
    const branch = (rng() < 0.5 ? then : otherwise) as Schema | undefined;
    const merged = typeof branch === 'object' ? { ...rest, ...branch } : rest;
    return instanceOf(merged, root, rng, depth + 1);
  }
  if (Array.isArray(s.enum)) return pickOf(rng, s.enum);
  for (const k of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[k])) {
      const { [k]: branches, ...base } = s;
      const b = pickOf(rng, branches as Schema[]);
      return instanceOf(typeof b === 'object' ? { ...base, ...b } : b, root, rng, depth + 1);
    }
  }
  if (Array.isArray(s.allOf)) {
    const { allOf, ...base } = s;
    const merged = Object.assign(
      {},
      base,
      ...(allOf as Schema[]).map((m) => (typeof m === 'object' ? m : {})),
    );
    return instanceOf(merged, root, rng, depth + 1);
  }
  let types: string[] =
    s.type === undefined ? [] : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  if (types.length === 0) {
    if (s.properties) types = ['object'];
    else if (s.items || s.prefixItems) types = ['array'];
    else if ('maxLength' in s || 'pattern' in s) types = ['string', 'null'];
    else types = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'];
  }
  const t = pickOf(rng, types);
  switch (t) {
    case 'null':
      return null;
    case 'boolean':
      return rng() < 0.5;
    case 'integer':
    case 'number': {
      const lo =
        typeof s.minimum === 'number'
          ? s.minimum
          : typeof s.exclusiveMinimum === 'number'
            ? s.exclusiveMinimum + 1
            : -10;
      const hi =
        typeof s.maximum === 'number'
          ? s.maximum
          : typeof s.exclusiveMaximum === 'number'
            ? s.exclusiveMaximum - 1
            : lo + 20;
      const m = typeof s.multipleOf === 'number' ? s.multipleOf : 1;
      const k = Math.ceil(lo / m) + Math.floor(rng() * Math.max(1, (hi - lo) / m + 1));
      // k × m as JSON writes it (3 × 1.1 is 3.3, not 3.3000000000000003).
      let v = Number((k * m).toPrecision(12));
      if (t === 'number' && m === 1 && rng() < 0.3) v += 0.5;
      return v;
    }
    case 'string': {
      const ok = STRINGS.filter(
        (x) =>
          (typeof s.minLength !== 'number' || x.length >= s.minLength) &&
          (typeof s.maxLength !== 'number' || x.length <= s.maxLength) &&
          (typeof s.pattern !== 'string' || new RegExp(s.pattern, 'u').test(x)),
      );
      return ok.length > 0 ? pickOf(rng, ok) : pickOf(rng, STRINGS);
    }
    case 'array': {
      const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as Schema[]) : [];
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      const max = typeof s.maxItems === 'number' ? s.maxItems : min + 3;
      const n = Math.max(min, Math.min(max, Math.floor(rng() * 4)));
      const out: unknown[] = [];
      const tail = (s.items as Schema | undefined) ?? (s.unevaluatedItems as Schema | undefined) ?? true;
      for (let i = 0; i < n; i++) {
        if (s.contains !== undefined && i === 0 && rng() < 0.6) {
          const v = instanceOf(s.contains as Schema, root, rng, depth + 1);
          if (v !== NOPE) {
            out.push(v);
            continue;
          }
        }
        const sub = i < prefix.length ? prefix[i]! : tail;
        if (sub === false) break;
        const v = instanceOf(sub, root, rng, depth + 1);
        if (v === NOPE) return NOPE;
        out.push(v);
      }
      return out;
    }
    default: {
      const out: Obj = {};
      const props = (s.properties as Obj | undefined) ?? {};
      const required = new Set((s.required as string[]) ?? []);
      for (const [name, sub] of Object.entries(props)) {
        if (!required.has(name) && rng() < 0.4) continue;
        const v = instanceOf(sub as Schema, root, rng, depth + 1);
        if (v === NOPE) {
          if (required.has(name)) return NOPE;
          continue;
        }
        out[name] = v;
      }
      for (const name of required) if (!(name in out)) out[name] = randomJson(rng, depth + 1);
      // Extra, undeclared properties: what an open (or partially open) writer may legitimately send.
      const extras = Math.floor(rng() * 3);
      for (let i = 0; i < extras; i++) {
        const name = pickOf(rng, EXTRA_NAMES);
        if (name in props) continue;
        const pp = s.patternProperties as Obj | undefined;
        const patternSchema = pp && Object.keys(pp).find((src) => new RegExp(src, 'u').test(name));
        const sub: Schema | undefined =
          patternSchema !== undefined
            ? (pp![patternSchema] as Schema)
            : ((s.additionalProperties as Schema | undefined) ??
              (s.unevaluatedProperties as Schema | undefined) ??
              true);
        const v = instanceOf(sub, root, rng, depth + 1);
        if (v !== NOPE) out[name] = v;
      }
      return out;
    }
  }
}

/** Small edits of a valid instance: values near the boundary of what the writer accepts. */
export function perturb(value: unknown, rng: Rng, depth = 0): unknown {
  const r = rng();
  if (Array.isArray(value)) {
    const out = [...value];
    if (r < 0.25) out.push(out.length > 0 ? out[Math.floor(rng() * out.length)] : randomJson(rng, depth + 1));
    else if (r < 0.45) out.pop();
    else if (out.length > 0) {
      const i = Math.floor(rng() * out.length);
      out[i] = perturb(out[i], rng, depth + 1);
    }
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Obj = { ...(value as Obj) };
    const keys = Object.keys(out);
    if (r < 0.3) out[pickOf(rng, EXTRA_NAMES)] = randomJson(rng, depth + 1);
    else if (r < 0.5 && keys.length > 0) delete out[pickOf(rng, keys)];
    else if (keys.length > 0) {
      const k = pickOf(rng, keys);
      out[k] = perturb(out[k], rng, depth + 1);
    }
    return out;
  }
  if (typeof value === 'number')
    return pickOf(rng, [value + 1, value - 1, value + 0.5, value * 2, -value, 0]);
  if (typeof value === 'string')
    return pickOf(rng, [`${value}a`, value.slice(1), '', value.toUpperCase(), 'b']);
  return randomJson(rng, depth);
}
