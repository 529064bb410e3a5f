// The package's one error class: every failure to read a message becomes a ReadError with a stable code.
import type { ErrorObject } from 'ajv';

/**
 * Why a message could not be read. Callers branch on these, never on `message`.
 * See README.md ("Error codes") for what each one means and what to do about it.
 */
export type ReadErrorCode =
  | 'NOT_JSON'
  | 'UNKNOWN_CONTRACT'
  | 'UNKNOWN_VERSION'
  | 'INCOMPATIBLE_VERSION'
  | 'INVALID_ENVELOPE'
  | 'UNEXPECTED_TYPE'
  | 'INVALID_DATA'
  | 'UPCAST_FAILED'
  | 'HTTP_ERROR_BODY'
  | 'HTTP_ERROR_STATUS'
  | 'HTTP_UNEXPECTED_STATUS'
  | 'HTTP_NOT_JSON'
  | 'HTTP_BODY_UNREADABLE';

/** Every code, for exhaustive tests and for callers that build dead-letter routing tables. */
export const READ_ERROR_CODES: readonly ReadErrorCode[] = [
  'NOT_JSON',
  'UNKNOWN_CONTRACT',
  'UNKNOWN_VERSION',
  'INCOMPATIBLE_VERSION',
  'INVALID_ENVELOPE',
  'UNEXPECTED_TYPE',
  'INVALID_DATA',
  'UPCAST_FAILED',
  'HTTP_ERROR_BODY',
  'HTTP_ERROR_STATUS',
  'HTTP_UNEXPECTED_STATUS',
  'HTTP_NOT_JSON',
  'HTTP_BODY_UNREADABLE',
];

/** Codes that mean "this message will never be readable by this reader": dead-letter, do not retry. */
const PERMANENT: ReadonlySet<ReadErrorCode> = new Set<ReadErrorCode>([
  'NOT_JSON',
  'UNKNOWN_CONTRACT',
  'UNKNOWN_VERSION',
  'INCOMPATIBLE_VERSION',
  'INVALID_ENVELOPE',
  'UNEXPECTED_TYPE',
  'INVALID_DATA',
  'UPCAST_FAILED',
]);

export interface ReadErrorInit {
  /** JSON Pointer (RFC 6901) of the offending value inside the message; '' is the whole message. */
  path?: string;
  contract?: string;
  /** The version the reader was written against. */
  readerVersion?: number;
  /** The version the message says it was produced with, when known. */
  producerVersion?: number;
  /** ajv errors, when a schema rejected the message. */
  validationErrors?: ErrorObject[];
  /** The message exactly as it was handed to the reader (string, bytes or value). */
  raw?: unknown;
  /** HTTP only: response status and content type. */
  status?: number;
  contentType?: string | null;
  /** HTTP_ERROR_BODY only: the error body, read tolerantly as the ErrorResponse contract. */
  errorBody?: unknown;
  /** Upcast step that failed, e.g. { from: 1, to: 2 }. */
  step?: { from: number; to: number };
  cause?: unknown;
}

export class ReadError extends Error {
  override readonly name = 'ReadError';
  readonly code: ReadErrorCode;
  readonly path: string;
  readonly contract: string | undefined;
  readonly readerVersion: number | undefined;
  readonly producerVersion: number | undefined;
  readonly validationErrors: ErrorObject[] | undefined;
  /**
   * The original message: the same string, a private copy of the bytes (so a pooled buffer reused by
   * the transport cannot corrupt the dead letter), or the value that was passed in, untouched.
   */
  readonly raw: unknown;
  readonly status: number | undefined;
  readonly contentType: string | null | undefined;
  readonly errorBody: unknown;
  readonly step: { from: number; to: number } | undefined;

  /** The same error with HTTP response facts added (used when a body read fails inside readResponse). */
  withResponse(status: number, contentType: string | null): ReadError {
    return new ReadError(this.code, this.message, {
      path: this.path,
      contract: this.contract,
      readerVersion: this.readerVersion,
      producerVersion: this.producerVersion,
      validationErrors: this.validationErrors,
      raw: this.raw,
      status,
      contentType,
      errorBody: this.errorBody,
      step: this.step,
      cause: this.cause,
    });
  }

  constructor(code: ReadErrorCode, message: string, init: ReadErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.path = init.path ?? '';
    this.contract = init.contract;
    this.readerVersion = init.readerVersion;
    this.producerVersion = init.producerVersion;
    this.validationErrors = init.validationErrors;
    this.raw = init.raw instanceof Uint8Array ? new Uint8Array(init.raw) : init.raw;
    this.status = init.status;
    this.contentType = init.contentType;
    this.errorBody = init.errorBody;
    this.step = init.step;
  }

  /**
   * True when retrying the same input cannot help: the message itself is unreadable (dead-letter it),
   * or an HTTP error status is a client error other than 408/425/429. Transport-ish failures are false.
   */
  get permanent(): boolean {
    if (PERMANENT.has(this.code)) return true;
    if ((this.code === 'HTTP_ERROR_BODY' || this.code === 'HTTP_ERROR_STATUS') && this.status !== undefined) {
      return this.status >= 400 && this.status < 500 && ![408, 425, 429].includes(this.status);
    }
    return false;
  }

  /** The raw message as text (UTF-8 decoded if it was bytes, JSON if it was a value), for logs and DLQs. */
  rawText(): string | undefined {
    const raw = this.raw;
    if (raw === undefined) return undefined;
    if (typeof raw === 'string') return raw;
    if (raw instanceof Uint8Array) return new TextDecoder().decode(raw);
    try {
      return JSON.stringify(raw);
    } catch {
      return String(raw);
    }
  }

  /** A structured, log-friendly view (raw as text, ajv errors trimmed to what identifies them). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      path: this.path,
      contract: this.contract,
      readerVersion: this.readerVersion,
      producerVersion: this.producerVersion,
      status: this.status,
      contentType: this.contentType,
      step: this.step,
      errorBody: this.errorBody,
      validationErrors: this.validationErrors?.map((e) => ({
        instancePath: e.instancePath,
        keyword: e.keyword,
        message: e.message,
        params: e.params,
      })),
      raw: this.rawText(),
    };
  }
}

export function isReadError(value: unknown): value is ReadError {
  return value instanceof ReadError;
}
