// Checks real HTTP exchanges against the committed OpenAPI document: the operation exists, the status is
// declared, declared headers are present and valid, the body is valid against the response schema as
// written (required fields demanded: this is the provider judging itself, not a consumer's subset).
import { loadOpenApiDocument } from '@accord/contracts';
import AjvModule from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  responses: Record<string, { headers?: Record<string, Json>; content?: Record<string, Json> }>;
}

const BASE = 'https://contracts.invalid/orders-service.openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

export interface Exchange {
  method: string;
  /** Request path as sent, without the query string. */
  path: string;
  status: number;
  headers: Headers;
  body: unknown;
}

export function createConformance() {
  const { document } = loadOpenApiDocument();
  const ajv = new AjvModule.default({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  ajv.addSchema(document, BASE);
  const components = (document.components ?? {}) as Record<string, Record<string, Json>>;
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const templates = Object.keys(paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const exercised = new Set<string>();

  const schemaAt = (pointer: string) => {
    const fragment = pointer.split('/').map(encodeURIComponent).join('/');
    const validate = ajv.getSchema(`${BASE}#${fragment}`);
    if (!validate) throw new Error(`no schema at ${pointer}`);
    return validate;
  };
  const deref = (value: Json): Json => {
    const ref = value.$ref;
    if (typeof ref !== 'string') return value;
    const [, section, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref) ?? [];
    return components[section!]![name!]!;
  };

  return {
    /** Problems of one exchange; empty when it conforms. */
    check(exchange: Exchange): string[] {
      const method = exchange.method.toLowerCase();
      const found = templates.find((t) => t.pattern.test(exchange.path) && paths[t.template]![method]);
      if (!found) return [`${exchange.method} ${exchange.path} is not an operation of the document`];
      const op = paths[found.template]![method]!;
      const declared = String(exchange.status);
      const range = `${declared[0]}XX`;
      const key = op.responses[declared] ? declared : op.responses[range] ? range : 'default';
      const response = op.responses[key];
      if (!response) return [`${op.operationId} answered ${declared}, which the document does not declare`];
      exercised.add(`${op.operationId} ${key}`);
      const problems: string[] = [];
      for (const [name, declared] of Object.entries(response.headers ?? {})) {
        const header = deref(declared);
        const value = exchange.headers.get(name);
        if (value === null) {
          if (header.required === true) problems.push(`header ${name} is missing`);
          continue;
        }
        const pointer = declared.$ref
          ? `${(declared.$ref as string).slice(1)}/schema`
          : `/paths/${escapePointer(found.template)}/${method}/responses/${key}/headers/${escapePointer(name)}/schema`;
        const validate = schemaAt(pointer);
        if (!validate(value)) problems.push(`header ${name}: ${ajv.errorsText(validate.errors)}`);
      }
      const type = (exchange.headers.get('content-type') ?? '').split(';')[0]!.trim();
      if (!response.content?.[type]) {
        problems.push(`content-type ${type} is not declared for ${op.operationId} ${key}`);
        return problems;
      }
      const validate = schemaAt(
        `/paths/${escapePointer(found.template)}/${method}/responses/${key}/content/${escapePointer(type)}/schema`,
      );
      if (!validate(exchange.body)) problems.push(`body: ${ajv.errorsText(validate.errors)}`);
      return problems;
    },
    /** `operationId status` of every declared response, and whether a checked exchange produced it. */
    coverage(): Array<{ response: string; exercised: boolean }> {
      const out: Array<{ response: string; exercised: boolean }> = [];
      for (const item of Object.values(paths)) {
        for (const [method, op] of Object.entries(item)) {
          if (!METHODS.includes(method)) continue;
          for (const status of Object.keys(op.responses)) {
            const response = `${op.operationId} ${status}`;
            out.push({ response, exercised: exercised.has(response) });
          }
        }
      }
      return out;
    },
  };
}
