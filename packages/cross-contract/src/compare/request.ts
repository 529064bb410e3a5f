// Request-side checks of an interaction against its operation: security, Accept, Content-Type, header and
// query parameters, and the body. Negative scenarios (response status >= 400) skip what a deliberately bad
// request would break.
import {
  boundaryOf,
  findMatchingType,
  isFormMediaType,
  isJsonMediaType,
  isMultipartMediaType,
} from '../media-type.js';
import type { MediaTypeModel } from '../openapi/model.js';
import { child } from '../pointer.js';
import { type CheckContext, isObjectSchema, parameterValue, validateValue } from './context.js';
import { STANDARD_REQUEST_HEADERS } from './headers.js';

const IGNORED_HEADER_PARAMETERS = new Set(['accept', 'content-type', 'authorization']);
const incompatible = (message: string) =>
  `Value is incompatible with the parameter defined in the spec file: ${message}`;

function checkSecurity(ctx: CheckContext): void {
  const { operation } = ctx.match;
  const security = operation.security;
  if (!security || security.requirements.length === 0) return;
  const { request } = ctx.interaction;
  const schemes = ctx.contract.model.securitySchemes;
  let firstMissing: 'header' | 'query' | undefined;
  const met = security.requirements.some((requirement) =>
    Object.keys(requirement).every((name) => {
      const scheme = schemes.get(name);
      if (!scheme) return true;
      const authorization = request.headers.get('authorization')?.value ?? '';
      let ok = true;
      let where: 'header' | 'query' = 'header';
      if (scheme.type === 'apiKey') {
        if (scheme.in === 'header')
          ok = scheme.name !== undefined && request.headers.has(scheme.name.toLowerCase());
        else if (scheme.in === 'query') {
          ok = scheme.name !== undefined && request.query.has(scheme.name);
          where = 'query';
        }
      } else if (scheme.type === 'basic' || (scheme.type === 'http' && scheme.scheme === 'basic')) {
        ok = /^basic /i.test(authorization);
      } else if (scheme.type === 'http' && scheme.scheme === 'bearer') {
        ok = /^bearer /i.test(authorization);
      } else if (scheme.type === 'http') {
        ok = authorization !== '';
      }
      if (!ok) firstMissing ??= where;
      return ok;
    }),
  );
  if (met) return;
  const query = firstMissing === 'query';
  ctx.reporter.report(
    'request.authorization.missing',
    `Request Authorization ${query ? 'query' : 'header'} is missing but is required by the spec file`,
    query ? request.queryPointer : request.headersPointer,
    { pointer: security.pointer },
  );
}

function checkAcceptAndContentType(ctx: CheckContext): boolean {
  const { operation } = ctx.match;
  const { request } = ctx.interaction;
  const accept = request.headers.get('accept');
  if (accept) {
    const produced = [...new Set(operation.responses.flatMap((r) => r.content.map((c) => c.mediaType)))];
    if (produced.length === 0) {
      ctx.reporter.report(
        'request.accept.unknown',
        'Request Accept header is defined but the spec does not specify any mime-types to produce',
        accept.pointer,
        { pointer: operation.pointer },
      );
    } else if (findMatchingType(accept.value, produced) === undefined) {
      ctx.reporter.report(
        'request.accept.incompatible',
        'Request Accept header is incompatible with the mime-types the spec defines to produce',
        accept.pointer,
        { pointer: operation.responsesPointer },
      );
    }
  }
  const contentType = request.headers.get('content-type');
  const consumed = operation.requestBody?.content.map((c) => c.mediaType) ?? [];
  if (contentType) {
    if (consumed.length === 0) {
      ctx.reporter.report(
        'request.content-type.unknown',
        'Request content-type header is defined but the spec does not specify any mime-types to consume',
        contentType.pointer,
        { pointer: operation.pointer },
      );
    } else if (findMatchingType(contentType.value, consumed) === undefined) {
      ctx.reporter.report(
        'request.content-type.incompatible',
        'Request Content-Type header is incompatible with the mime-types the spec accepts to consume',
        contentType.pointer,
        { pointer: operation.requestBody!.contentPointer },
      );
      return false;
    }
  } else if (request.body && consumed.length > 0) {
    ctx.reporter.report(
      'request.content-type.missing',
      'Request content type header is not defined but spec specifies mime-types to consume',
      request.headersPointer,
      { pointer: operation.requestBody!.contentPointer },
    );
  }
  return true;
}

function checkHeaderParameters(ctx: CheckContext): void {
  const { operation } = ctx.match;
  const { request } = ctx.interaction;
  const declared = new Set<string>();
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'header') continue;
    const name = parameter.name.toLowerCase();
    declared.add(name);
    if (IGNORED_HEADER_PARAMETERS.has(name)) continue;
    const header = request.headers.get(name);
    if (!header) {
      if (parameter.required) {
        ctx.reporter.report(
          'request.header.incompatible',
          incompatible(`must have required property '${parameter.name}'`),
          request.headersPointer,
          { pointer: parameter.pointer, keyword: 'required' },
        );
      }
      continue;
    }
    if (parameter.schema === undefined) continue;
    for (const v of validateValue(
      ctx.contract,
      parameter.schema,
      parameterValue(ctx.contract, parameter, [header.value]),
    )) {
      ctx.reporter.report('request.header.incompatible', incompatible(v.message), header.pointer, {
        pointer: v.contractPointer || parameter.pointer,
        keyword: v.keyword,
      });
    }
  }
  for (const scheme of ctx.contract.model.securitySchemes.values()) {
    if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name)
      declared.add(scheme.name.toLowerCase());
  }
  for (const [name, header] of request.headers) {
    if (declared.has(name) || STANDARD_REQUEST_HEADERS.has(name)) continue;
    ctx.reporter.report(
      'request.header.unknown',
      `Request header is not defined in the spec file: ${name}`,
      header.pointer,
      {
        pointer: child(operation.pointer, 'parameters'),
      },
    );
  }
}

function checkQuery(ctx: CheckContext): void {
  const { operation } = ctx.match;
  const { request } = ctx.interaction;
  const declared = new Set<string>();
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query') continue;
    declared.add(parameter.name);
    const given = request.query.get(parameter.name);
    if (!given) {
      if (parameter.required) {
        ctx.reporter.report(
          'request.query.incompatible',
          incompatible(`must have required property '${parameter.name}'`),
          request.queryPointer,
          { pointer: parameter.pointer, keyword: 'required' },
        );
      }
      continue;
    }
    // Objects in a query (deepObject, form-exploded objects) cannot be compared from a pact's example.
    if (parameter.schema === undefined || isObjectSchema(ctx.contract, parameter.schema)) continue;
    for (const v of validateValue(
      ctx.contract,
      parameter.schema,
      parameterValue(ctx.contract, parameter, given.values),
    )) {
      ctx.reporter.report('request.query.incompatible', incompatible(v.message), given.pointer, {
        pointer: v.contractPointer || parameter.pointer,
        keyword: v.keyword,
      });
    }
  }
  for (const scheme of ctx.contract.model.securitySchemes.values()) {
    if (scheme.type === 'apiKey' && scheme.in === 'query' && scheme.name) declared.add(scheme.name);
  }
  for (const [name, given] of request.query) {
    if (declared.has(name)) continue;
    ctx.reporter.report(
      'request.query.unknown',
      `Query parameter is not defined in the spec file: ${name}`,
      given.pointer,
      {
        pointer: child(operation.pointer, 'parameters'),
      },
    );
  }
}

/** A form body (`a=1&b=2&b=3`) as an object; repeated keys become arrays. */
function parseForm(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const out: Record<string, string | string[]> = {};
  for (const [key, v] of new URLSearchParams(value)) {
    const existing = out[key];
    out[key] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  return out;
}

/** The text fields of a multipart/form-data body, by name (files as their content). */
function parseMultipart(value: unknown, contentType: string): unknown {
  const boundary = boundaryOf(contentType);
  if (typeof value !== 'string' || boundary === undefined) return value;
  const out: Record<string, string> = {};
  for (const part of value.split(`--${boundary}`)) {
    const [head, ...body] = part.split(/\r?\n\r?\n/);
    const name = /name="([^"]*)"/i.exec(head ?? '')?.[1];
    if (name === undefined) continue;
    out[name] = body.join('\n\n').replace(/\r?\n$/, '');
  }
  return out;
}

function chooseMediaType(
  content: MediaTypeModel[],
  requested: string | undefined,
): MediaTypeModel | undefined {
  if (requested !== undefined) {
    const key = findMatchingType(
      requested,
      content.map((c) => c.mediaType),
    );
    return content.find((c) => c.mediaType === key);
  }
  return content.find((c) => isJsonMediaType(c.mediaType)) ?? (content.length === 1 ? content[0] : undefined);
}

function checkBody(ctx: CheckContext): void {
  const { operation } = ctx.match;
  const { request } = ctx.interaction;
  const declared = operation.requestBody;
  const body = request.body;
  if (!body) {
    if (declared?.required) {
      ctx.reporter.report(
        'request.body.incompatible',
        'Request body is incompatible with the request body schema in the spec file: a body is required',
        child(ctx.interaction.pointer, 'request'),
        { pointer: child(declared.pointer, 'required'), keyword: 'required' },
      );
    }
    return;
  }
  if (!declared) {
    ctx.reporter.report('request.body.unknown', 'No matching schema found for request body', body.pointer, {
      pointer: operation.pointer,
    });
    return;
  }
  const contentType = request.headers.get('content-type')?.value ?? body.contentType;
  const media = chooseMediaType(declared.content, contentType);
  if (!media || media.schema === undefined) {
    ctx.reporter.report('request.body.unknown', 'No matching schema found for request body', body.pointer, {
      pointer: media?.pointer ?? declared.pointer,
    });
    return;
  }
  const type = contentType ?? media.mediaType;
  let value: unknown;
  let variant: 'request' | 'parameter' = 'request';
  if (isJsonMediaType(media.mediaType) && (contentType === undefined || isJsonMediaType(contentType))) {
    value = body.value;
  } else if (isFormMediaType(media.mediaType)) {
    value = parseForm(body.value);
    variant = 'parameter';
  } else if (isMultipartMediaType(media.mediaType)) {
    value = parseMultipart(body.value, type);
    variant = 'parameter';
  } else {
    ctx.reporter.report(
      'request.body.unvalidatable',
      `Body with content type '${type}' is not supported by the spec comparator`,
      body.pointer,
      { pointer: declared.contentPointer },
    );
    return;
  }
  const { violations } = ctx.contract.validators[variant].validate(media.schema, value);
  for (const v of violations) {
    ctx.reporter.report(
      'request.body.incompatible',
      `Request body is incompatible with the request body schema in the spec file: ${v.message}`,
      body.pointer + v.instancePath,
      { pointer: v.contractPointer, keyword: v.keyword },
    );
  }
}

export function checkRequest(ctx: CheckContext): void {
  const wellFormed = ctx.interaction.response.status < 400;
  if (wellFormed) checkSecurity(ctx);
  const contentTypeOk = checkAcceptAndContentType(ctx);
  if (!wellFormed) return;
  checkHeaderParameters(ctx);
  checkQuery(ctx);
  if (contentTypeOk) checkBody(ctx);
}
