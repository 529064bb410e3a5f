// Collects the mismatches of one interaction, filling in severities, the interaction and the quoted values.
import {
  excerpt,
  type InteractionRef,
  MISMATCH_CODES,
  type Mismatch,
  type MismatchCode,
  type OperationRef,
} from '../mismatch.js';
import type { Json } from '../openapi/parse.js';
import { resolvePointer } from '../pointer.js';

export interface ContractLocation {
  pointer: string;
  keyword?: string;
  injected?: boolean;
}

export class Reporter {
  readonly mismatches: Mismatch[] = [];
  operation: OperationRef | undefined;

  constructor(
    private readonly pact: unknown,
    private readonly document: Json,
    private readonly interaction: InteractionRef,
  ) {}

  report(code: MismatchCode, message: string, pactPointer: string, contract: ContractLocation): void {
    const pactValue = resolvePointer(this.pact, pactPointer);
    const contractValue =
      contract.pointer === '' ? undefined : resolvePointer(this.document, contract.pointer);
    this.mismatches.push({
      code,
      type: MISMATCH_CODES[code],
      message,
      interaction: this.interaction,
      pact: { pointer: pactPointer, ...(pactValue === undefined ? {} : { value: excerpt(pactValue) }) },
      contract: {
        pointer: contract.pointer,
        ...(contract.keyword === undefined ? {} : { keyword: contract.keyword }),
        ...(contract.injected ? { injected: true } : {}),
        ...(this.operation === undefined ? {} : { operation: { ...this.operation } }),
        // The whole document is not worth quoting.
        ...(contractValue === undefined || contract.pointer === '/' ? {} : { value: excerpt(contractValue) }),
      },
    });
  }
}
