// Compile-time map from contract name and version to the generated TypeScript type of a message.
import type { ContractTypes as AccordContractTypes } from '@accord/contracts';

/**
 * `ContractTypes[Contract][Version]` is the type of a whole message of that version (the CloudEvents
 * envelope for events, the body for HTTP contracts). Filled from @accord/contracts' generated types;
 * a service with its own contracts can extend it by declaration merging:
 * `declare module '@accord/tolerant-reader' { interface ContractTypes { Foo: { 1: FooV1 } } }`.
 */
export interface ContractTypes extends AccordContractTypes {}

export type ContractName = keyof ContractTypes & string;
export type VersionOf<C extends ContractName> = keyof ContractTypes[C] & number;
export type ContractType<C extends ContractName, V extends VersionOf<C>> = ContractTypes[C][V];

type Next = { 1: 2; 2: 3; 3: 4; 4: 5; 5: 6; 6: 7; 7: 8; 8: 9; 9: 10; 10: 11; 11: 12 };

/** An upcaster turns a whole message of version V into one of version V + 1 (before defaults are filled). */
export type Upcaster<From = never, To = unknown> = (message: From) => To;

/**
 * Explicit upcasters, keyed by contract then by the version they upcast FROM:
 * `{ OrderPlaced: { 1: (v1) => v2 } }`. Parameters are typed from ContractTypes; the result needs only
 * what defaults cannot supply (the reader fills defaults and validates the step).
 */
export type UpcasterRegistry = {
  [C in ContractName]?: {
    [V in VersionOf<C>]?: Upcaster<
      ContractTypes[C][V],
      V extends keyof Next
        ? Next[V] extends VersionOf<C>
          ? Partial<ContractTypes[C][Next[V]]>
          : unknown
        : unknown
    >;
  };
};

/** Upcasters for contracts outside ContractTypes (e.g. an inline catalog): annotate the parameter yourself. */
export type UntypedUpcasterRegistry = {
  [contract: string]: { [from: number]: Upcaster<never, unknown> | undefined } | undefined;
};

/** The result type when `passThroughKey` is set: every object may carry a bag of unknown properties. */
export type WithPassThrough<T, K extends string> = T extends readonly (infer U)[]
  ? WithPassThrough<U, K>[]
  : T extends object
    ? { [P in keyof T]: WithPassThrough<T[P], K> } & { [Q in K]?: Record<string, unknown> }
    : T;
