// ajv per dialect: the right class for each draft, for meta-schema checks and for checking instances (witnesses).
import { createRequire } from 'node:module';
import { Ajv, type Options } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Dialect } from './dialect.js';

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
export type Purpose = 'meta' | 'instance';

const require = createRequire(import.meta.url);
const cache = new Map<string, AnyAjv>();

function create(dialect: Dialect, purpose: Purpose): AnyAjv {
  const options: Options = {
    strict: false,
    validateFormats: purpose === 'instance',
    // Instances are checked against documents that were meta-validated already.
    validateSchema: purpose === 'meta',
    allErrors: false,
    inlineRefs: false,
    code: { optimize: false },
  };
  let ajv: AnyAjv;
  switch (dialect) {
    case 'draft-04': {
      // ajv-draft-04 is CommonJS with a default export.
      const mod = require('ajv-draft-04') as { default: new (o: Options) => Ajv };
      ajv = new mod.default(options);
      break;
    }
    case 'draft-06':
      ajv = new Ajv(options);
      ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
      break;
    case 'draft-07':
      ajv = new Ajv(options);
      break;
    case '2019-09':
      ajv = new Ajv2019(options);
      break;
    case '2020-12':
      ajv = new Ajv2020(options);
      break;
  }
  if (purpose === 'instance') {
    const plugin = addFormats as unknown as { default?: (a: AnyAjv) => void };
    const add = typeof plugin === 'function' ? (plugin as (a: AnyAjv) => void) : plugin.default!;
    add(ajv);
  }
  return ajv;
}

/** The shared ajv instance for a dialect and purpose (created on first use). */
export function ajvFor(dialect: Dialect, purpose: Purpose): AnyAjv {
  const key = `${dialect}|${purpose}`;
  let ajv = cache.get(key);
  if (ajv === undefined) {
    ajv = create(dialect, purpose);
    cache.set(key, ajv);
  }
  return ajv;
}

/**
 * Compiles a whole schema document with ajv for checking instances. A fresh ajv instance each time: documents of
 * two versions often share one `$id`, and nothing compiled for one diff should leak into the next.
 */
export function compileInstanceValidator(dialect: Dialect, schema: unknown): (instance: unknown) => boolean {
  const validate = create(dialect, 'instance').compile(schema as object);
  return (instance) => validate(instance) === true;
}
