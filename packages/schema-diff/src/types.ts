// Public types of the diff engine: changes, verdicts, options and compatibility modes.
import type { RuleId } from './rules.js';

/** backward: readers on NEW read data written with OLD. forward: readers on OLD read data written with NEW. */
export type Direction = 'backward' | 'forward';
export type DirectionOption = Direction | 'full';
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
}

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
}

export interface DiffResult {
  direction: DirectionOption;
  strictReaders: boolean;
  compatible: boolean;
  changes: Change[];
}
