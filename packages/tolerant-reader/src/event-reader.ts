// createEventReader: one reader for a channel that carries several event contracts, dispatching on `type`.
import type { CatalogSource } from './catalog.js';
import { defaultCatalog } from './default-catalog.js';
import { ReadError } from './errors.js';
import { createReader, parseInput, type Reader, type ReadResult, readParsed } from './reader.js';
import type {
  ContractName,
  ContractType,
  UntypedUpcasterRegistry,
  UpcasterRegistry,
  VersionOf,
} from './types.js';

export interface EventReaderOptions<M extends Record<string, number>> {
  /** Event contract → the version this consumer was written against, e.g. { OrderPlaced: 2, OrderCancelled: 1 }. */
  contracts: M;
  catalog?: CatalogSource;
  upcasters?: UpcasterRegistry | UntypedUpcasterRegistry;
  passThroughKey?: string;
}

/** The union of the envelope types the map selects (discriminated by `type`). */
export type EventUnion<M extends Record<string, number>> = {
  [C in keyof M & string]: C extends ContractName
    ? M[C] extends VersionOf<C>
      ? ContractType<C, M[C]>
      : unknown
    : unknown;
}[keyof M & string];

export interface EventReader<T> {
  readonly readers: ReadonlyMap<string, Reader<unknown>>;
  /** Reads any of the contracts; throws UNEXPECTED_TYPE for a contract not in the map. */
  read(input: unknown): T;
  readDetailed(input: unknown): ReadResult<T> & { contract: string };
}

export function createEventReader<const M extends Record<string, number>>(
  options: EventReaderOptions<M>,
): EventReader<EventUnion<M>> {
  const catalog = options.catalog ?? defaultCatalog();
  const readers = new Map<string, Reader<unknown>>();
  for (const [contract, version] of Object.entries(options.contracts)) {
    const reader = createReader({
      contract,
      version,
      catalog,
      ...(options.upcasters === undefined ? {} : { upcasters: options.upcasters }),
      ...(options.passThroughKey === undefined ? {} : { passThroughKey: options.passThroughKey }),
    });
    if (reader.kind !== 'event') {
      throw new ReadError(
        'UNKNOWN_CONTRACT',
        `Contract "${contract}" is a ${reader.kind} contract, not an event`,
        {
          contract,
          readerVersion: version,
        },
      );
    }
    readers.set(contract, reader);
  }
  const names = [...readers.keys()].join(', ');

  const dispatch = (input: unknown, collect: boolean) => {
    const value = parseInput(input, {});
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ReadError('INVALID_ENVELOPE', 'message is not a JSON object (CloudEvents envelope)', {
        raw: input,
      });
    }
    const type = (value as { type?: unknown }).type;
    if (typeof type !== 'string') {
      throw new ReadError('INVALID_ENVELOPE', 'envelope has no string "type"', { raw: input, path: '/type' });
    }
    const reader = readers.get(type);
    if (reader === undefined) {
      const known = catalog.getContract(type) !== undefined;
      throw new ReadError(
        known ? 'UNEXPECTED_TYPE' : 'UNKNOWN_CONTRACT',
        known
          ? `event type "${type}" is not read here (this reader reads ${names})`
          : `event type "${type}" is not in the catalog`,
        { raw: input, path: '/type', contract: type },
      );
    }
    return { contract: type, ...readParsed(reader, value, input, collect) };
  };

  return {
    readers,
    read: (input) => dispatch(input, false).value as EventUnion<M>,
    readDetailed: (input) => dispatch(input, true) as ReadResult<EventUnion<M>> & { contract: string },
  };
}
