// readResponse: reads a fetch Response body with the reader's rules and reports error statuses and non-JSON bodies.
import { ReadError } from './errors.js';
import { createReader, type Reader, type ReaderOptions, type ReadOptions } from './reader.js';
import type { ContractName, ContractType, VersionOf } from './types.js';

export interface ResponseReadOptions extends ReadOptions {
  /** Statuses that carry the contract's body; default: any 2xx. */
  expectStatus?: number | readonly number[];
  /**
   * The contract error bodies (4xx/5xx) are read as; default { contract: 'ErrorResponse', version: 1 }
   * when the catalog has it. `false`: error statuses are reported without reading the body.
   */
  errorContract?: { contract: string; version: number } | false;
  /**
   * Response header naming the contract version the provider wrote (an integer); when present it is
   * the producer version. Default 'accord-schema-version'.
   */
  versionHeader?: string;
}

const DEFAULT_VERSION_HEADER = 'accord-schema-version';

const JSON_TYPE = /^application\/(?:[\w.!#$&^-]+\+)?json\s*(?:;|$)/i;

/** True for application/json and application/*+json (problem+json, vnd.foo+json), any parameters. */
export function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && JSON_TYPE.test(contentType.trim());
}

const errorReaders = new WeakMap<object, Map<string, Reader<unknown> | null>>();

function errorReaderFor(
  reader: Reader<unknown>,
  spec: { contract: string; version: number },
): Reader<unknown> | null {
  let perCatalog = errorReaders.get(reader.catalog);
  if (perCatalog === undefined) {
    perCatalog = new Map();
    errorReaders.set(reader.catalog, perCatalog);
  }
  const key = `${spec.contract}\u0000${spec.version}`;
  let r = perCatalog.get(key);
  if (r === undefined) {
    r =
      reader.catalog.getContract(spec.contract)?.versions.some((v) => v.version === spec.version) === true
        ? createReader({ contract: spec.contract, version: spec.version, catalog: reader.catalog })
        : null;
    perCatalog.set(key, r);
  }
  return r;
}

function statusExpected(status: number, expect: number | readonly number[] | undefined): boolean {
  if (expect === undefined) return status >= 200 && status < 300;
  return typeof expect === 'number' ? status === expect : expect.includes(status);
}

/**
 * Reads a fetch Response as a contract: `await readResponse(res, orderReader)` or
 * `await readResponse(res, { contract: 'Order', version: 1 })`. Resolves to the body as the reader's
 * version; rejects with a ReadError (HTTP_* codes, or the reader's codes with status attached).
 */
export async function readResponse<C extends ContractName, V extends VersionOf<C>>(
  response: Response,
  reader: { contract: C; version: V } & Omit<ReaderOptions, 'contract' | 'version'> & ResponseReadOptions,
): Promise<ContractType<C, V>>;
export async function readResponse<T>(
  response: Response,
  reader: Reader<T> | (ReaderOptions & ResponseReadOptions),
  options?: ResponseReadOptions,
): Promise<T>;
export async function readResponse(
  response: Response,
  readerOrOptions: Reader<unknown> | (ReaderOptions & ResponseReadOptions),
  options: ResponseReadOptions = {},
): Promise<unknown> {
  const reader = 'read' in readerOrOptions ? readerOrOptions : createReader(readerOrOptions);
  const opts: ResponseReadOptions = 'read' in readerOrOptions ? options : { ...readerOrOptions, ...options };
  const status = response.status;
  const contentType = response.headers.get('content-type');
  const base = { contract: reader.contract, readerVersion: reader.version, status, contentType };
  const where = `${reader.contract} v${reader.version}: ${response.url ? `${response.url} ` : ''}HTTP ${status}`;

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw new ReadError(
      'HTTP_BODY_UNREADABLE',
      `${where}: the body could not be read (${(cause as Error)?.message})`,
      {
        ...base,
        cause,
      },
    );
  }

  if (status >= 400) {
    const spec = opts.errorContract ?? { contract: 'ErrorResponse', version: 1 };
    const errorReader = spec === false ? null : errorReaderFor(reader, spec);
    let cause: unknown;
    if (errorReader !== null && isJsonContentType(contentType) && bytes.length > 0) {
      let errorBody: unknown;
      try {
        errorBody = errorReader.read(bytes);
      } catch (e) {
        cause = e;
      }
      if (cause === undefined) {
        throw new ReadError('HTTP_ERROR_BODY', `${where}: error response${describeErrorBody(errorBody)}`, {
          ...base,
          raw: bytes,
          errorBody,
        });
      }
    }
    const what = bytes.length === 0 ? 'an empty body' : `a ${contentType ?? 'untyped'} body`;
    throw new ReadError(
      'HTTP_ERROR_STATUS',
      `${where}: error status with ${what} that is not a readable error response`,
      {
        ...base,
        raw: bytes,
        cause,
      },
    );
  }
  if (!statusExpected(status, opts.expectStatus)) {
    throw new ReadError('HTTP_UNEXPECTED_STATUS', `${where}: status not expected for this contract`, {
      ...base,
      raw: bytes,
    });
  }
  if (contentType !== null && !isJsonContentType(contentType)) {
    throw new ReadError('HTTP_NOT_JSON', `${where}: content-type is "${contentType}", expected JSON`, {
      ...base,
      raw: bytes,
    });
  }
  if (bytes.length === 0) {
    throw new ReadError('HTTP_NOT_JSON', `${where}: empty body, expected JSON`, { ...base, raw: bytes });
  }

  const readOptions: ReadOptions = {};
  const header = response.headers.get(opts.versionHeader ?? DEFAULT_VERSION_HEADER);
  const fromHeader = header === null ? Number.NaN : Number(header.trim());
  if (Number.isSafeInteger(fromHeader) && fromHeader >= 1) readOptions.producerVersion = fromHeader;
  else if (opts.producerVersion !== undefined) readOptions.producerVersion = opts.producerVersion;

  try {
    return reader.read(bytes, readOptions);
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    if (e.code === 'NOT_JSON') {
      throw new ReadError(
        'HTTP_NOT_JSON',
        `${where}: body is not valid JSON (content-type ${contentType ?? 'absent'})`,
        {
          ...base,
          raw: bytes,
          cause: e.cause,
        },
      );
    }
    throw e.withResponse(status, contentType);
  }
}

function describeErrorBody(body: unknown): string {
  if (body === null || typeof body !== 'object') return '';
  const { code, message } = body as { code?: unknown; message?: unknown };
  const parts = [
    typeof code === 'string' ? code : undefined,
    typeof message === 'string' ? message : undefined,
  ];
  const text = parts.filter((p) => p !== undefined).join(': ');
  return text === '' ? '' : ` ${text}`;
}
