// The schema-validation adapter: ajv 2020 over one variant document, each schema fetched by pointer (so
// `$ref`s, recursive ones too, stay references), every error mapped back to where its keyword is written in
// the published document through `verbose` errors' parentSchema.
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CrossContractError } from '../errors.js';
import { child, pointerToFragment, refToPointer, resolvePointer } from '../pointer.js';
import { isObject, type Json } from './parse.js';
import { reachableSchemas, type VariantDocument } from './schemas.js';

// ajv and ajv-formats are CommonJS; under NodeNext their classes sit on `.default`.
const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;

/** One way a value breaks a schema, located in the published document. */
export interface SchemaViolation {
  /** JSON Pointer into the value (ajv's instancePath), extended by the property an additional-property error names. */
  instancePath: string;
  keyword: string;
  /** ajv's message; additional/unevaluated property errors end with " - <property>". */
  message: string;
  /** Where the failing keyword is written (or the node, when the comparator injected it). */
  contractPointer: string;
  injected: boolean;
}

const COMBINATORS = new Set(['anyOf', 'oneOf']);
const INT32 = 2 ** 31;

function addOpenApiFormats(ajv: InstanceType<typeof Ajv2020>): void {
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
}

let instances = 0;

export class VariantValidator {
  private readonly ajv: InstanceType<typeof Ajv2020>;
  private readonly base: string;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly reachable = new WeakMap<object, WeakSet<object>>();

  constructor(
    private readonly variant: VariantDocument,
    options: { coerce: boolean },
  ) {
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: false,
      verbose: true,
      logger: false,
      validateSchema: false,
      // OpenAPI patterns are ECMA-262 regular expressions as written; the `u` flag would reject common ones (`\-`).
      unicodeRegExp: false,
      ...(options.coerce ? { coerceTypes: 'array' as const } : {}),
    });
    addFormats(this.ajv);
    addOpenApiFormats(this.ajv);
    // One id per document: the whole document is one schema resource, every schema fetched by its pointer.
    this.base = `https://contracts.invalid/document-${++instances}`;
    this.ajv.addSchema(variant.document, this.base);
  }

  /** Compiles the schema at `at`; throws INVALID_SCHEMA naming the published position. */
  compile(at: string): ValidateFunction {
    const existing = this.compiled.get(at);
    if (existing) return existing;
    let validate: ValidateFunction | undefined;
    try {
      // Through a reference, so ajv compiles each schema of the document once and shares it across operations.
      validate = this.ajv.compile({ $ref: `${this.base}${pointerToFragment(at)}` });
    } catch (error) {
      throw new CrossContractError(
        'INVALID_SCHEMA',
        `schema at ${this.originOf(at)} is invalid: ${(error as Error).message}`,
        this.originOf(at),
      );
    }
    if (!validate) {
      throw new CrossContractError('INVALID_SCHEMA', `no schema at ${this.originOf(at)}`, this.originOf(at));
    }
    this.compiled.set(at, validate);
    return validate;
  }

  /** The `type` keyword of the schema at `at` (through plain `$ref`s), as a list; empty when it has none. */
  typesAt(at: string): string[] {
    let node = resolvePointer(this.variant.document, at);
    const seen = new Set<unknown>();
    while (isObject(node) && typeof node.$ref === 'string' && !seen.has(node)) {
      seen.add(node);
      const target = refToPointer(node.$ref);
      node = target === undefined ? undefined : resolvePointer(this.variant.document, target);
    }
    if (!isObject(node)) return [];
    const type = node.type;
    return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
  }

  /** The violations of `value` against the schema at `at` (coercing copies when the variant coerces). */
  validate(at: string, value: unknown): { violations: SchemaViolation[]; value: unknown } {
    const validate = this.compile(at);
    const data = structuredClone(value);
    // ajv coerces in place inside a parent; a wrapper lets a top-level scalar be coerced too.
    const holder = { value: data };
    const ok = validate(data, {
      instancePath: '',
      parentData: holder,
      parentDataProperty: 'value',
      rootData: holder,
      dynamicAnchors: {},
    });
    if (ok) return { violations: [], value: holder.value };
    return { violations: this.violations(validate.errors ?? []), value: holder.value };
  }

  private originOf(at: string): string {
    const node = resolvePointer(this.variant.document, at);
    return (isObject(node) ? this.variant.origins.get(node) : undefined) ?? at;
  }

  private reachableFrom(node: object): WeakSet<object> {
    let set = this.reachable.get(node);
    if (!set) {
      set = reachableSchemas(this.variant.document, node as Json);
      this.reachable.set(node, set);
    }
    return set;
  }

  /**
   * Errors worth reporting. A failed anyOf/oneOf lists every branch's errors: when exactly one branch has the
   * value's type (the others fail on `type` right there — e.g. a nullable reference given an object), that
   * branch's errors are the explanation; otherwise the combinator's own error is.
   */
  private relevant(errors: readonly ErrorObject[]): ErrorObject[] {
    const dropped = new Set<ErrorObject>();
    const under = (e: ErrorObject, c: ErrorObject) =>
      e.instancePath === c.instancePath || e.instancePath.startsWith(`${c.instancePath}/`);
    for (const c of errors) {
      if (!COMBINATORS.has(c.keyword) || !isObject(c.parentSchema)) continue;
      const branches = (c.parentSchema as Json)[c.keyword];
      if (!Array.isArray(branches)) continue;
      const byBranch = branches.map((branch) => {
        const reach = isObject(branch) ? this.reachableFrom(branch) : new WeakSet<object>();
        return errors.filter(
          (e) => e !== c && under(e, c) && isObject(e.parentSchema) && reach.has(e.parentSchema as object),
        );
      });
      const typed = byBranch.filter(
        (list) => !list.some((e) => e.keyword === 'type' && e.instancePath === c.instancePath),
      );
      const keep = typed.length === 1 ? typed[0]! : [];
      for (const list of byBranch) for (const e of list) if (!keep.includes(e)) dropped.add(e);
      if (keep.length > 0) dropped.add(c);
    }
    return errors.filter((e) => !dropped.has(e) && e.keyword !== 'if');
  }

  private violations(errors: readonly ErrorObject[]): SchemaViolation[] {
    return this.relevant(errors).map((error) => {
      const parent = error.parentSchema as object | undefined;
      const params = error.params as Record<string, unknown>;
      const property =
        error.keyword === 'additionalProperties'
          ? params.additionalProperty
          : error.keyword === 'unevaluatedProperties'
            ? params.unevaluatedProperty
            : undefined;
      const origin = parent === undefined ? undefined : this.variant.origins.get(parent);
      const injected =
        parent !== undefined &&
        error.keyword === 'unevaluatedProperties' &&
        this.variant.injected.has(parent);
      return {
        instancePath: typeof property === 'string' ? child(error.instancePath, property) : error.instancePath,
        keyword: error.keyword,
        message:
          typeof property === 'string' ? `${error.message} - ${property}` : (error.message ?? error.keyword),
        contractPointer: origin === undefined ? '' : injected ? origin : child(origin, error.keyword),
        injected,
      };
    });
  }
}
