// Input checks shared by the route modules; failures become 400 `{ errors: { field: [messages] } }`.

import { BrokerError, type FieldErrors } from '../errors.js';

/**
 * Longest value of each kind of stored free text (characters); README "Limits" lists them. Names cover
 * pacticipants, versions, branches, tags, labels, environments and application instances.
 */
export const MAX_LENGTH = {
  name: 255,
  displayName: 255,
  url: 2048,
  description: 1000,
  headerName: 255,
  headerValue: 4096,
  credential: 1024,
} as const;

/** Most entries in a list of names (tags), a webhook's headers, an environment's contacts, consumer version selectors. */
export const MAX_ENTRIES = 100;

export class Checker {
  readonly errors: FieldErrors = {};

  add(field: string, message: string): void {
    const list = this.errors[field] ?? [];
    list.push(message);
    this.errors[field] = list;
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfAny(): void {
    if (!this.ok) throw BrokerError.validation(this.errors);
  }

  /** A name-like string (pacticipant, version, tag, branch): not blank, no control characters, bounded length. */
  name(
    field: string,
    value: unknown,
    { required = true, max = MAX_LENGTH.name }: { required?: boolean; max?: number } = {},
  ): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(field, 'is missing');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(field, 'must be a string');
      return undefined;
    }
    if (value.trim() === '') {
      this.add(field, 'cannot be blank');
      return undefined;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(value)) {
      this.add(field, 'cannot contain control characters');
      return undefined;
    }
    if (value.length > max) {
      this.add(field, `cannot be longer than ${max} characters`);
      return undefined;
    }
    return value;
  }

  optionalString(field: string, value: unknown, max: number = MAX_LENGTH.url): string | null | undefined {
    if (value === undefined) return undefined;
    if (value === null) return null;
    if (typeof value !== 'string') {
      this.add(field, 'must be a string');
      return undefined;
    }
    if (value.includes('\u0000')) {
      this.add(field, 'cannot contain NUL characters');
      return undefined;
    }
    if (value.length > max) {
      this.add(field, `cannot be longer than ${max} characters`);
      return undefined;
    }
    return value;
  }

  boolean(field: string, value: unknown, required = false): boolean | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(field, 'is missing');
      return undefined;
    }
    if (typeof value !== 'boolean') {
      this.add(field, 'must be true or false');
      return undefined;
    }
    return value;
  }

  stringList(field: string, value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.add(field, 'must be an array of strings');
      return undefined;
    }
    if (value.length > MAX_ENTRIES) {
      this.add(field, `cannot have more than ${MAX_ENTRIES} entries`);
      return undefined;
    }
    const out: string[] = [];
    value.forEach((v, i) => {
      const s = this.name(`${field}[${i}]`, v);
      if (s !== undefined) out.push(s);
    });
    return out;
  }
}

/** Validates one path parameter; a bad name in a URL is a 400 like a bad name in a body. */
export function checkName(field: string, value: string): string {
  const c = new Checker();
  const v = c.name(field, value);
  c.throwIfAny();
  return v!;
}
