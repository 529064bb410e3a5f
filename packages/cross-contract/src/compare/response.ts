// Response-side checks: the status is declared, the Content-Type agrees, the headers the consumer reads are
// declared and valid, and the body is valid against the response schema as PactFlow reads it (closed objects,
// `required` not demanded), with matching rules relaxing value constraints.
import { findMatchingType, isJsonMediaType } from '../media-type.js';
import type { ResponseModel } from '../openapi/model.js';
import { child, parsePointer } from '../pointer.js';
import { type CheckContext, validateValue } from './context.js';
import { STANDARD_RESPONSE_HEADERS } from './headers.js';

/** Value constraints a matcher relaxes: the consumer accepts any value of the kind, not only the example. */
const RELAXABLE = new Set([
  'enum',
  'const',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'minContains',
  'maxContains',
  'propertyNames',
]);

function findResponse(
  responses: ResponseModel[],
  status: number,
): { response: ResponseModel; viaDefault: boolean } | undefined {
  const exact = responses.find((r) => r.key === String(status));
  if (exact) return { response: exact, viaDefault: false };
  const range = responses.find((r) => r.key.toUpperCase() === `${String(status)[0]}XX`);
  if (range) return { response: range, viaDefault: false };
  const fallback = responses.find((r) => r.key === 'default');
  return fallback ? { response: fallback, viaDefault: true } : undefined;
}

export function checkResponse(ctx: CheckContext): void {
  const { operation } = ctx.match;
  const { request, response } = ctx.interaction;
  const statusPointer = child(ctx.interaction.pointer, 'response', 'status');
  const found = findResponse(operation.responses, response.status);
  if (!found) {
    ctx.reporter.report(
      'response.status.unknown',
      `Response status code not defined in spec file: ${response.status}`,
      statusPointer,
      { pointer: operation.responsesPointer },
    );
    return;
  }
  const declared = found.response;
  if (found.viaDefault) {
    ctx.reporter.report(
      'response.status.default',
      `Response status code matched default response in spec file: ${response.status}`,
      statusPointer,
      { pointer: declared.pointer },
    );
  }

  const types = declared.content.map((c) => c.mediaType);
  const contentType = response.headers.get('content-type');
  let contentTypeOk = true;
  if (contentType) {
    if (types.length === 0) {
      ctx.reporter.report(
        'response.content-type.unknown',
        'Response Content-Type header is defined but the spec does not specify any mime-types to produce',
        contentType.pointer,
        { pointer: declared.pointer },
      );
    } else if (findMatchingType(contentType.value, types) === undefined) {
      contentTypeOk = false;
      ctx.reporter.report(
        'response.content-type.incompatible',
        'Response Content-Type header is incompatible with the mime-types the spec defines to produce',
        contentType.pointer,
        { pointer: declared.contentPointer },
      );
    }
  }

  for (const [name, header] of response.headers) {
    if (name === 'content-type') continue;
    const spec = declared.headers.get(name);
    if (!spec) {
      if (STANDARD_RESPONSE_HEADERS.has(name)) {
        ctx.reporter.report(
          'response.header.undefined',
          `Standard http response header is not defined in the spec file: ${name}`,
          header.pointer,
          { pointer: declared.pointer },
        );
      } else {
        ctx.reporter.report(
          'response.header.unknown',
          `Response header is not defined in the spec file: ${name}`,
          header.pointer,
          {
            pointer: declared.headers.size > 0 ? declared.headersPointer : declared.pointer,
          },
        );
      }
      continue;
    }
    if (spec.schema === undefined) continue;
    const relaxed = response.headerRules.relaxes([name]);
    for (const v of validateValue(ctx.contract, spec.schema, header.value)) {
      if (relaxed && RELAXABLE.has(v.keyword)) continue;
      ctx.reporter.report(
        'response.header.incompatible',
        `Value is incompatible with the parameter defined in the spec file: ${v.message}`,
        header.pointer,
        { pointer: v.contractPointer || spec.pointer, keyword: v.keyword },
      );
    }
  }

  const body = response.body;
  if (!body || !contentTypeOk) return;
  const requested = contentType?.value ?? body.contentType ?? request.headers.get('accept')?.value;
  let media =
    requested === undefined
      ? undefined
      : declared.content.find((c) => c.mediaType === findMatchingType(requested, types));
  media ??=
    declared.content.find((c) => isJsonMediaType(c.mediaType)) ??
    (declared.content.length === 1 ? declared.content[0] : undefined);
  if (!media || media.schema === undefined) {
    ctx.reporter.report('response.body.unknown', 'No matching schema found for response body', body.pointer, {
      pointer: media?.pointer ?? (declared.content.length > 0 ? declared.contentPointer : declared.pointer),
    });
    return;
  }
  if (ctx.reporter.operation) ctx.reporter.operation.response = media.schema;
  const bodyType = contentType?.value ?? body.contentType ?? media.mediaType;
  if (!isJsonMediaType(media.mediaType) || !isJsonMediaType(bodyType)) {
    ctx.reporter.report(
      'response.body.unvalidatable',
      `Body with content type '${bodyType}' is not supported by the spec comparator`,
      body.pointer,
      { pointer: declared.contentPointer },
    );
    return;
  }
  const { violations } = ctx.contract.validators.response.validate(media.schema, body.value);
  for (const v of violations) {
    if (RELAXABLE.has(v.keyword) && response.bodyRules.relaxes(parsePointer(v.instancePath))) continue;
    ctx.reporter.report(
      'response.body.incompatible',
      `Response body is incompatible with the response body schema in the spec file: ${v.message}`,
      body.pointer + v.instancePath,
      { pointer: v.contractPointer, keyword: v.keyword, ...(v.injected ? { injected: true } : {}) },
    );
  }
}
