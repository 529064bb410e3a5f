// ajv validators compiled from the published artifacts (2020-12 dialect, formats, all errors), cached.

import { applySpecification } from '@accord/schema-diff/toolkit';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loadSchema } from './schemas.js';

// ajv and ajv-formats are CommonJS; under NodeNext their classes sit on `.default`.
const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;

export type { ErrorObject, ValidateFunction };

let ajv: InstanceType<typeof Ajv2020> | undefined;
const validators = new Map<string, ValidateFunction>();

function instance(): InstanceType<typeof Ajv2020> {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    // The specification's reading of the artifacts' dialect (exact multipleOf), as `accord diff` and the readers.
    applySpecification(ajv, '2020-12');
  }
  return ajv;
}

/** The compiled validator of `name` v`version`; compiled once per process. */
export function getValidator<T = unknown>(name: string, version: number): ValidateFunction<T> {
  const key = `${name}/v${version}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = instance().compile(loadSchema(name, version));
    validators.set(key, validate);
  }
  return validate as ValidateFunction<T>;
}

/** One readable line per ajv error: `/data/items/0/quantity must be >= 1`. */
export function formatValidationErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  const list = errors ?? [];
  // zod emits a `pattern` beside each `format` (uuid, date-time); one message per field is enough.
  const withFormat = new Set(list.filter((e) => e.keyword === 'format').map((e) => e.instancePath));
  return list
    .filter((e) => !(e.keyword === 'pattern' && withFormat.has(e.instancePath)))
    .map((e) => {
      const where = e.instancePath || '/';
      if (e.keyword === 'additionalProperties') {
        return `${where} must not have property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      }
      if (e.keyword === 'enum') {
        return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
      }
      if (e.keyword === 'const') {
        return `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
      }
      return `${where} ${e.message ?? e.keyword}`;
    });
}
