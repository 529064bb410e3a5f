// Public types of the diff engine: changes, verdicts, options and compatibility modes.
import type { RuleId } from './rules.js';
import type { Dialect } from './toolkit/dialect.js';

/** backward: readers on NEW read data written with OLD. forward: readers on OLD read data written with NEW. */
export type Direction = 'backward' | 'forward';
export type DirectionOption = Direction | 'full';
/** The compatibility-mode vocabulary (Confluent's names, lower-case); @accord/contracts catalogs use it. */
export type CompatibilityMode =
  | 'backward'
  | 'forward'
  | 'full'
  | 'backward-transitive'
  | 'forward-transitive'
  | 'full-transitive'
  | 'none';

export type JsonSchema = boolean | { [key: string]: unknown };

export interface DiffOptions {
  /** Which direction(s) decide `compatible` and `breaking`. Default `full`. */
  direction?: DirectionOption;
  /**
   * Judge readers as written. Default false: readers are tolerant, so a reader's
   * `additionalProperties: false` / `unevaluatedProperties: false` is ignored (unknown properties are dropped,
   * not rejected). Catch-all *schemas* (maps/records) and `patternProperties` still apply.
   */
  strictReaders?: boolean;
  /** Dialect of a document without `$schema`. Default draft-07 (what Confluent Schema Registry assumes). */
  defaultDialect?: Dialect;
}

/** A document the writer's schema accepts and the reader's rejects, checked against both (ajv's semantics, see README). */
export interface Witness {
  direction: Direction;
  /** The whole document. */
  instance: unknown;
  /** Where inside it the reader's schema stops accepting it (JSON Pointer into the instance). */
  instancePath: string;
  /** Which version wrote it and which one reads it. */
  writer: 'OLD' | 'NEW';
  reader: 'OLD' | 'NEW';
}

/** The inclusion checker's answer for one direction: does every document the writer accepts pass the reader? */
export type Verdict =
  | { direction: Direction; verdict: 'holds' }
  | {
      direction: Direction;
      verdict: 'fails';
      witness: Witness;
      keyword: string;
      /** JSON Pointers of the failing subschemas in the OLD and NEW documents. */
      oldPointer: string;
      newPointer: string;
      message: string;
    }
  | { direction: Direction; verdict: 'undecidable'; keyword: string; pointer: string; message: string };

export interface Change {
  /** Stable rule id, see the rule catalogue (`rules`). */
  rule: RuleId;
  /** Primary location: `newPath` when the thing exists in NEW, else `oldPath`. RFC 6901 JSON Pointer. */
  path: string;
  /** JSON Pointer into the OLD schema document. */
  oldPath: string;
  /** JSON Pointer into the NEW schema document. */
  newPath: string;
  /** Verdict per direction, independent of the direction that was asked for. */
  breaks: { backward: boolean; forward: boolean };
  /** Breaks the asked direction(s). */
  breaking: boolean;
  /** The engine cannot decide this exactly (e.g. two different regexes) and treats it as breaking. */
  undecidable: boolean;
  message: string;
  /** Why it breaks, per broken direction. */
  reasons: { backward?: string; forward?: string };
  before?: unknown;
  after?: unknown;
  /** Per broken direction, a document that shows the break (set on the change the checker's proof failed at). */
  witness?: Partial<Record<Direction, Witness>>;
  /** Per undecidable direction, the keyword the checker could not decide. */
  undecidableKeyword?: Partial<Record<Direction, string>>;
}

export interface DiffResult {
  direction: DirectionOption;
  strictReaders: boolean;
  /** Every asked direction's verdict holds. */
  compatible: boolean;
  changes: Change[];
  /** The inclusion checker's verdict per direction (both are always computed). */
  verdicts: Record<Direction, Verdict>;
}
