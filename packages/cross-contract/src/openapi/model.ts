// The operations of an OpenAPI 3.x or Swagger 2.0 document in one model: parameters, request body, responses
// and security resolved through `$ref`s, each with the pointer where it is written and the pointer of its
// schema in the normalised document (Swagger 2 parameter and header schemas are synthesised there).
import { child, escapeToken, refToPointer, resolvePointer } from '../pointer.js';
import { type DocumentKind, isObject, type Json } from './parse.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Where synthesised schemas live in the normalised document. */
export const SYNTHETIC_KEY = 'x-accord-synthetic';

export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** Where the parameter object is written (its component when referenced). */
  pointer: string;
  /** Pointer of its schema in the normalised document, if it has one. */
  schema: string | undefined;
  style: string | undefined;
  explode: boolean | undefined;
}

export interface MediaTypeModel {
  /** The `content` key as written, or a Swagger 2 `consumes`/`produces` entry. */
  mediaType: string;
  pointer: string;
  schema: string | undefined;
}

export interface HeaderModel {
  name: string;
  pointer: string;
  required: boolean;
  schema: string | undefined;
}

export interface ResponseModel {
  /** "200", "2XX", "default". */
  key: string;
  pointer: string;
  content: MediaTypeModel[];
  /** Where the media types are declared (`…/content`, or the operation's `produces`). */
  contentPointer: string;
  headers: Map<string, HeaderModel>;
  headersPointer: string;
}

export interface SecuritySchemeModel {
  type: string;
  /** apiKey: where and under which name. */
  in?: string;
  name?: string;
  /** http: "basic", "bearer", … */
  scheme?: string;
}

export interface SecurityModel {
  requirements: Array<Record<string, unknown>>;
  pointer: string;
}

export interface OperationModel {
  method: (typeof HTTP_METHODS)[number];
  /** The `paths` key. */
  path: string;
  pointer: string;
  parameters: ParameterModel[];
  requestBody:
    | { required: boolean; pointer: string; content: MediaTypeModel[]; contentPointer: string }
    | undefined;
  responses: ResponseModel[];
  responsesPointer: string;
  security: SecurityModel | undefined;
  /** Path prefixes from `servers` (operation, path item, document — the nearest level that has any). */
  serverPaths: string[];
}

export interface DocumentModel {
  operations: OperationModel[];
  securitySchemes: Map<string, SecuritySchemeModel>;
  /** Swagger 2 `basePath`, without a trailing slash. */
  basePath: string | undefined;
  /** Every schema the comparator validates against, plus every component/definition schema. */
  schemaRoots: string[];
}

/** Follows `$ref`s (cycle-safe) to the object they name; the pointer is where the object is written. */
function deref(root: Json, value: unknown, at: string): { value: Json; pointer: string } | undefined {
  let current = value;
  let pointer = at;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string') {
    const target = refToPointer(current.$ref);
    if (target === undefined || seen.has(target)) return undefined;
    seen.add(target);
    pointer = target;
    current = resolvePointer(root, target);
  }
  return isObject(current) ? { value: current, pointer } : undefined;
}

/** `https://api.example.com/v1/` → `/v1`; `{scheme}://{host}/{base}` with defaults substituted. */
function serverPath(server: unknown): string | undefined {
  if (!isObject(server) || typeof server.url !== 'string') return undefined;
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = variables[name];
    return isObject(variable) && variable.default !== undefined ? String(variable.default) : '';
  });
  let path: string;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(url);
  if (absolute) path = absolute[1] ?? '';
  else if (url.startsWith('//')) path = url.replace(/^\/\/[^/]*/, '');
  else path = url;
  path = path.split(/[?#]/)[0]!.replace(/\/+$/, '');
  if (path !== '' && !path.startsWith('/')) path = `/${path}`;
  return path;
}

function serverPaths(...levels: unknown[]): string[] {
  for (const servers of levels) {
    if (Array.isArray(servers) && servers.length > 0) {
      return [...new Set(servers.map(serverPath).filter((p): p is string => p !== undefined))];
    }
  }
  return [];
}

const asStrings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/** Swagger 2 keywords a non-body parameter or a header shares with JSON Schema. */
const SWAGGER_SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'enum',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'x-nullable',
];

class Builder {
  readonly synthetic: Json[] = [];
  /** Original pointer of every synthesised schema (where its keywords are written). */
  readonly syntheticOrigins: string[] = [];
  readonly roots = new Set<string>();

  constructor(
    readonly document: Json,
    readonly kind: DocumentKind,
  ) {}

  synthesise(schema: Json, origin: string): string {
    this.synthetic.push(schema);
    this.syntheticOrigins.push(origin);
    const at = child('', SYNTHETIC_KEY, this.synthetic.length - 1);
    this.roots.add(at);
    return at;
  }

  root(at: string): string {
    this.roots.add(at);
    return at;
  }

  swaggerValueSchema(object: Json, origin: string): string {
    const schema: Json = {};
    for (const key of SWAGGER_SCHEMA_KEYS) if (key in object) schema[key] = structuredClone(object[key]);
    return this.synthesise(schema, origin);
  }

  parameter(raw: unknown, at: string): ParameterModel | { body: Json; pointer: string } | undefined {
    const resolved = deref(this.document, raw, at);
    if (!resolved) return undefined;
    const p = resolved.value;
    if (typeof p.name !== 'string' || typeof p.in !== 'string') return undefined;
    if (this.kind === 'swagger-2.0' && (p.in === 'body' || p.in === 'formData')) {
      return { body: p, pointer: resolved.pointer };
    }
    if (!['path', 'query', 'header', 'cookie'].includes(p.in)) return undefined;
    let schema: string | undefined;
    if (this.kind === 'swagger-2.0') schema = this.swaggerValueSchema(p, resolved.pointer);
    else if (isObject(p.schema)) schema = this.root(child(resolved.pointer, 'schema'));
    else if (isObject(p.content)) {
      // A parameter with `content` (one media type): its schema describes the serialised value.
      const [mediaType] = Object.keys(p.content);
      const media = mediaType === undefined ? undefined : (p.content[mediaType] as Json);
      if (isObject(media) && isObject(media.schema))
        schema = this.root(child(resolved.pointer, 'content', mediaType!, 'schema'));
    }
    let style = typeof p.style === 'string' ? p.style : undefined;
    let explode = typeof p.explode === 'boolean' ? p.explode : undefined;
    if (this.kind === 'swagger-2.0' && typeof p.collectionFormat === 'string') {
      // multi = repeated keys; csv/ssv/tsv/pipes = one delimited value.
      const format = p.collectionFormat;
      style = format === 'ssv' ? 'spaceDelimited' : format === 'pipes' ? 'pipeDelimited' : 'form';
      explode = format === 'multi';
    }
    return {
      name: p.name,
      in: p.in as ParameterModel['in'],
      required: p.in === 'path' ? true : p.required === true,
      pointer: resolved.pointer,
      schema,
      style,
      explode,
    };
  }

  content(raw: unknown, at: string): MediaTypeModel[] {
    if (!isObject(raw)) return [];
    return Object.entries(raw).map(([mediaType, media]) => ({
      mediaType,
      pointer: child(at, mediaType),
      schema:
        isObject(media) && isObject(media.schema) ? this.root(child(at, mediaType, 'schema')) : undefined,
    }));
  }

  headers(raw: unknown, at: string): Map<string, HeaderModel> {
    const out = new Map<string, HeaderModel>();
    if (!isObject(raw)) return out;
    for (const [name, header] of Object.entries(raw)) {
      const resolved = deref(this.document, header, child(at, name));
      if (!resolved) continue;
      let schema: string | undefined;
      if (this.kind === 'swagger-2.0') schema = this.swaggerValueSchema(resolved.value, resolved.pointer);
      else if (isObject(resolved.value.schema)) schema = this.root(child(resolved.pointer, 'schema'));
      out.set(name.toLowerCase(), {
        name,
        pointer: child(at, name),
        required: resolved.value.required === true,
        schema,
      });
    }
    return out;
  }
}

/** Builds the model of `document`; the schemas it synthesises are returned for the normalised document. */
export function buildModel(
  document: Json,
  kind: DocumentKind,
): { model: DocumentModel; synthetic: Json[]; syntheticOrigins: string[] } {
  const b = new Builder(document, kind);
  const swagger = kind === 'swagger-2.0';
  const paths = isObject(document.paths) ? document.paths : {};
  const docConsumes = asStrings(document.consumes);
  const docProduces = asStrings(document.produces);
  const operations: OperationModel[] = [];

  for (const [path, rawItem] of Object.entries(paths)) {
    const itemAt = child('/paths', path);
    const resolvedItem = deref(document, rawItem, itemAt);
    if (!resolvedItem) continue;
    const item = resolvedItem.value;
    const itemPointer = resolvedItem.pointer;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const opAt = child(itemPointer, method);
      // Operation parameters override path-item ones with the same name and location.
      const byKey = new Map<string, { raw: unknown; at: string }>();
      for (const [list, at] of [
        [item.parameters, child(itemPointer, 'parameters')],
        [op.parameters, child(opAt, 'parameters')],
      ] as const) {
        if (!Array.isArray(list)) continue;
        list.forEach((raw, i) => {
          const resolved = deref(document, raw, child(at, i));
          if (!resolved) return;
          byKey.set(`${String(resolved.value.in)}:${String(resolved.value.name)}`, { raw, at: child(at, i) });
        });
      }
      const parameters: ParameterModel[] = [];
      const bodyParams: Array<{ body: Json; pointer: string }> = [];
      for (const { raw, at } of byKey.values()) {
        const p = b.parameter(raw, at);
        if (!p) continue;
        if ('body' in p) bodyParams.push(p);
        else parameters.push(p);
      }

      let requestBody: OperationModel['requestBody'];
      const consumes = asStrings(op.consumes) ?? docConsumes;
      if (swagger) {
        const body = bodyParams.find((p) => p.body.in === 'body');
        const form = bodyParams.filter((p) => p.body.in === 'formData');
        const consumesAt = op.consumes ? child(opAt, 'consumes') : docConsumes ? '/consumes' : opAt;
        if (body) {
          const types = consumes && consumes.length > 0 ? consumes : ['application/json'];
          const schema = isObject(body.body.schema) ? b.root(child(body.pointer, 'schema')) : undefined;
          requestBody = {
            required: body.body.required === true,
            pointer: body.pointer,
            content: types.map((mediaType) => ({ mediaType, pointer: body.pointer, schema })),
            contentPointer: consumesAt,
          };
        } else if (form.length > 0) {
          const properties: Json = {};
          const required: string[] = [];
          for (const f of form) {
            const name = String(f.body.name);
            const schemaAt = b.swaggerValueSchema(f.body, f.pointer);
            properties[name] = { $ref: `#${schemaAt.split('/').map(encodeURIComponent).join('/')}` };
            if (f.body.required === true) required.push(name);
          }
          const schema = b.synthesise({ type: 'object', properties, required }, opAt);
          const types =
            consumes && consumes.length > 0
              ? consumes
              : [
                  form.some((f) => f.body.type === 'file')
                    ? 'multipart/form-data'
                    : 'application/x-www-form-urlencoded',
                ];
          requestBody = {
            required: required.length > 0,
            pointer: form[0]!.pointer,
            content: types.map((mediaType) => ({ mediaType, pointer: opAt, schema })),
            contentPointer: consumesAt,
          };
        }
      } else {
        const resolved = deref(document, op.requestBody, child(opAt, 'requestBody'));
        if (resolved) {
          requestBody = {
            required: resolved.value.required === true,
            pointer: resolved.pointer,
            content: b.content(resolved.value.content, child(resolved.pointer, 'content')),
            contentPointer: child(resolved.pointer, 'content'),
          };
        }
      }

      const responses: ResponseModel[] = [];
      const responsesAt = child(opAt, 'responses');
      const produces = asStrings(op.produces) ?? docProduces;
      if (isObject(op.responses)) {
        for (const [key, raw] of Object.entries(op.responses)) {
          if (key.startsWith('x-')) continue;
          const resolved = deref(document, raw, child(responsesAt, key));
          if (!resolved) continue;
          const r = resolved.value;
          if (swagger) {
            const types = produces && produces.length > 0 ? produces : ['application/json'];
            const schema = isObject(r.schema) ? b.root(child(resolved.pointer, 'schema')) : undefined;
            responses.push({
              key,
              pointer: resolved.pointer,
              content:
                schema === undefined
                  ? []
                  : types.map((mediaType) => ({ mediaType, pointer: resolved.pointer, schema })),
              contentPointer: op.produces
                ? child(opAt, 'produces')
                : docProduces
                  ? '/produces'
                  : resolved.pointer,
              headers: b.headers(r.headers, child(resolved.pointer, 'headers')),
              headersPointer: child(resolved.pointer, 'headers'),
            });
          } else {
            responses.push({
              key,
              pointer: resolved.pointer,
              content: b.content(r.content, child(resolved.pointer, 'content')),
              contentPointer: child(resolved.pointer, 'content'),
              headers: b.headers(r.headers, child(resolved.pointer, 'headers')),
              headersPointer: child(resolved.pointer, 'headers'),
            });
          }
        }
      }

      const security = Array.isArray(op.security)
        ? { requirements: op.security.filter(isObject), pointer: child(opAt, 'security') }
        : Array.isArray(document.security)
          ? { requirements: document.security.filter(isObject), pointer: '/security' }
          : undefined;

      operations.push({
        method,
        path,
        pointer: opAt,
        parameters,
        requestBody,
        responses,
        responsesPointer: responsesAt,
        security,
        serverPaths: swagger ? [] : serverPaths(op.servers, item.servers, document.servers),
      });
    }
  }

  const securitySchemes = new Map<string, SecuritySchemeModel>();
  const schemes = swagger
    ? document.securityDefinitions
    : isObject(document.components)
      ? document.components.securitySchemes
      : undefined;
  if (isObject(schemes)) {
    for (const [name, raw] of Object.entries(schemes)) {
      const resolved = deref(
        document,
        raw,
        child(swagger ? '/securityDefinitions' : '/components/securitySchemes', name),
      );
      if (!resolved || typeof resolved.value.type !== 'string') continue;
      const s = resolved.value;
      securitySchemes.set(name, {
        type: s.type as string,
        ...(typeof s.in === 'string' ? { in: s.in } : {}),
        ...(typeof s.name === 'string' ? { name: s.name } : {}),
        ...(typeof s.scheme === 'string' ? { scheme: s.scheme.toLowerCase() } : {}),
      });
    }
  }

  // Component schemas are $ref targets; converting them once serves every use.
  const containers = swagger
    ? [['/definitions', document.definitions]]
    : [['/components/schemas', isObject(document.components) ? document.components.schemas : undefined]];
  for (const [at, container] of containers as Array<[string, unknown]>) {
    if (!isObject(container)) continue;
    for (const name of Object.keys(container)) b.roots.add(`${at}/${escapeToken(name)}`);
  }

  const basePath =
    swagger && typeof document.basePath === 'string' ? document.basePath.replace(/\/+$/, '') : undefined;
  return {
    model: { operations, securitySchemes, basePath, schemaRoots: [...b.roots] },
    synthetic: b.synthetic,
    syntheticOrigins: b.syntheticOrigins,
  };
}
