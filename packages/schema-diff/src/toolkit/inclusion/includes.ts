// includes(writer, reader): is every document the writer's schema accepts accepted by the reader's? With a
// witness (checked against both documents) when not, or the keyword that could not be decided.
import type { SchemaDocument } from '../../document.js';
import { escapePointer } from '../walk.js';
import { Forms } from './algebra.js';
import { UnguardedRecursion } from './atoms.js';
import { Canonicaliser } from './canonicalise.js';
import { type Failure, InclusionChecker } from './check.js';
import { Examples } from './examples.js';

export type InclusionResult =
  | { verdict: 'holds' }
  | {
      verdict: 'fails';
      /** A document the writer's schema accepts and the reader's rejects (checked against both by `verify`). */
      witness: unknown;
      /** Where inside the witness the reader's schema stops accepting it (JSON Pointer). */
      instancePath: string;
      keyword: string;
      writerPointer: string;
      readerPointer: string;
      message: string;
    }
  | {
      verdict: 'undecidable';
      /** The keyword whose inclusion could not be decided (treated as breaking). */
      keyword: string;
      /** Where it is, in the reader's document when it is the reader's, else the writer's. */
      pointer: string;
      message: string;
    };

export interface InclusionOptions {
  /**
   * Checks a candidate witness against the real documents (ajv). Candidates that fail it are never shown.
   * Default: compile both documents with the ajv class of their dialect.
   */
  verify?: (instance: unknown) => boolean;
  /** How many candidates to verify before giving up (the verdict is then undecidable). Default 8. */
  maxCandidates?: number;
}

/** The canonical-form machinery for one pair of documents; reusable for several checks. */
export class InclusionContext {
  readonly forms = new Forms();
  readonly examples = new Examples(this.forms);
  readonly checker = new InclusionChecker(this.forms, this.examples);
  private readonly canonicalisers = new Map<SchemaDocument, Canonicaliser>();

  canonicaliser(doc: SchemaDocument): Canonicaliser {
    let c = this.canonicalisers.get(doc);
    if (c === undefined) {
      c = new Canonicaliser(doc, this.forms, this.canonicalisers.size);
      this.canonicalisers.set(doc, c);
    }
    return c;
  }

  /** The failing branch of L(writer) ⊆ L(reader) at the given pointers, or null when inclusion holds. */
  failure(
    writer: SchemaDocument,
    reader: SchemaDocument,
    writerPointer = '',
    readerPointer = '',
  ): Failure | null {
    const w = this.canonicaliser(writer).at(writerPointer, 'upper');
    const r = this.canonicaliser(reader).at(readerPointer, 'lower');
    return this.checker.lazy(w, r);
  }
}

export function includes(
  writer: SchemaDocument,
  reader: SchemaDocument,
  verify: (instance: unknown) => boolean,
  options: {
    maxCandidates?: number;
    context?: InclusionContext;
    /** Called with the failing branch's instance path before candidates are checked. */
    onFailure?: (path: Array<string | number>) => void;
  } = {},
): InclusionResult {
  const ctx = options.context ?? new InclusionContext();
  let failure: Failure | null;
  try {
    failure = ctx.failure(writer, reader);
  } catch (e) {
    if (e instanceof UnguardedRecursion) {
      return { verdict: 'undecidable', keyword: '$ref', pointer: e.pointer, message: e.message };
    }
    throw e;
  }
  if (failure === null) return { verdict: 'holds' };
  options.onFailure?.(failure.path);
  const max = options.maxCandidates ?? 8;
  let tried = 0;
  for (const candidate of failure.candidates()) {
    if (tried++ >= max) break;
    if (verify(candidate)) {
      return {
        verdict: 'fails',
        witness: candidate,
        instancePath: failure.path.map((t) => `/${escapePointer(String(t))}`).join(''),
        keyword: failure.keyword,
        writerPointer: failure.writerPointer,
        readerPointer: failure.readerPointer,
        message: failure.message,
      };
    }
  }
  const approx = failure.approx[0];
  if (approx !== undefined) {
    return {
      verdict: 'undecidable',
      keyword: approx.keyword,
      pointer: approx.pointer,
      message: `"${approx.keyword}" at ${approx.pointer || '(root)'} is beyond what the checker decides exactly (${failure.message})`,
    };
  }
  return {
    verdict: 'undecidable',
    keyword: failure.keyword,
    pointer: failure.readerPointer,
    message: `${failure.message}, but no document showing it was found`,
  };
}
