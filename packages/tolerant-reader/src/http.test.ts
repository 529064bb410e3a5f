import { describe, expect, it } from 'vitest';
import { testCatalog } from '../test/support/inline-catalog.js';
import { ReadError } from './errors.js';
import { isJsonContentType, readResponse } from './http.js';
import { createReader } from './reader.js';

const parcelV1 = createReader({ contract: 'Parcel', version: 1, catalog: testCatalog });
const parcelV2 = createReader({ contract: 'Parcel', version: 2, catalog: testCatalog });

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

async function rejection(p: Promise<unknown>): Promise<ReadError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ReadError) return e;
    throw e;
  }
  throw new Error('expected a ReadError');
}

describe('readResponse', () => {
  it('reads a 2xx JSON body tolerantly, with a reader or with reader options', async () => {
    const body = { id: 'p1', status: 'sent', eta: '2026-11-27T10:00:00Z', newField: 1 };
    expect(await readResponse(json(body), parcelV1)).toEqual({ id: 'p1', status: 'sent' });
    expect(
      await readResponse(json(body, 201), { contract: 'Parcel', version: 2, catalog: testCatalog }),
    ).toEqual({
      id: 'p1',
      status: 'sent',
      eta: '2026-11-27T10:00:00Z',
    });
  });

  it('takes the producer version from the version header', async () => {
    // A v1 body declared as v1 by a forward-compatible contract cannot be upcast without an upcaster.
    const err = await rejection(
      readResponse(json({ id: 'p1', status: 'open' }, 200, { 'accord-schema-version': '1' }), parcelV2),
    );
    expect(err.code).toBe('INCOMPATIBLE_VERSION');
    expect(err.producerVersion).toBe(1);
    expect(err.status).toBe(200);
  });

  it('turns an error status with an ErrorResponse body into HTTP_ERROR_BODY carrying the parsed error', async () => {
    const res = json({ code: 'NOT_FOUND', message: 'no parcel p9', traceId: 'x' }, 404);
    const err = await rejection(readResponse(res, parcelV1));
    expect(err.code).toBe('HTTP_ERROR_BODY');
    expect(err.status).toBe(404);
    expect(err.errorBody).toEqual({ code: 'NOT_FOUND', message: 'no parcel p9' });
    expect(err.message).toContain('NOT_FOUND: no parcel p9');
    expect(err.permanent).toBe(true);
  });

  it('reports an error status whose body is not an ErrorResponse as HTTP_ERROR_STATUS with status and type', async () => {
    const html = new Response('<html>Bad gateway</html>', {
      status: 502,
      headers: { 'content-type': 'text/html' },
    });
    const err = await rejection(readResponse(html, parcelV1));
    expect(err.code).toBe('HTTP_ERROR_STATUS');
    expect(err.status).toBe(502);
    expect(err.permanent).toBe(false);
    expect(err.contentType).toBe('text/html');
    expect(err.rawText()).toBe('<html>Bad gateway</html>');

    const wrongShape = await rejection(readResponse(json({ error: 'nope' }, 500), parcelV1));
    expect(wrongShape.code).toBe('HTTP_ERROR_STATUS');
    expect((wrongShape.cause as ReadError).code).toBe('INVALID_DATA');

    const unread = await rejection(
      readResponse(json({ code: 'X', message: 'm' }, 500), parcelV1, { errorContract: false }),
    );
    expect(unread.code).toBe('HTTP_ERROR_STATUS');
  });

  it('reports non-JSON success bodies as HTTP_NOT_JSON with status and content type', async () => {
    const text = new Response('ok', { status: 200, headers: { 'content-type': 'text/plain' } });
    const err = await rejection(readResponse(text, parcelV1));
    expect(err.code).toBe('HTTP_NOT_JSON');
    expect(err.message).toContain('text/plain');
    expect(err.status).toBe(200);

    const broken = new Response('{"id":', { status: 200, headers: { 'content-type': 'application/json' } });
    const parseErr = await rejection(readResponse(broken, parcelV1));
    expect(parseErr.code).toBe('HTTP_NOT_JSON');
    expect(parseErr.rawText()).toBe('{"id":');

    const empty = await rejection(
      readResponse(new Response(null, { status: 204 }), parcelV1, { expectStatus: 204 }),
    );
    expect(empty.code).toBe('HTTP_NOT_JSON');
  });

  it('rejects statuses the caller did not expect', async () => {
    const err = await rejection(
      readResponse(json({ id: 'p1', status: 'open' }, 202), parcelV1, { expectStatus: [200, 201] }),
    );
    expect(err.code).toBe('HTTP_UNEXPECTED_STATUS');
    expect(err.status).toBe(202);
  });

  it('attaches status and content type to data errors', async () => {
    const err = await rejection(readResponse(json({ id: 'p1', status: 'lost' }), parcelV1));
    expect(err.code).toBe('INVALID_DATA');
    expect(err.path).toBe('/status');
    expect(err.status).toBe(200);
    expect(err.contentType).toContain('application/json');
  });

  it('reports a body that fails mid-stream as HTTP_BODY_UNREADABLE', async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":'));
        controller.error(new Error('socket hang up'));
      },
    });
    const res = new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
    const err = await rejection(readResponse(res, parcelV1));
    expect(err.code).toBe('HTTP_BODY_UNREADABLE');
    expect(err.message).toContain('socket hang up');
  });
});

describe('isJsonContentType', () => {
  it('accepts JSON and +json media types with parameters, nothing else', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/problem+json')).toBe(true);
    expect(isJsonContentType('application/vnd.accord.order.v1+json')).toBe(true);
    expect(isJsonContentType('application/jsonp')).toBe(false);
    expect(isJsonContentType('text/json-ish')).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
  });
});
