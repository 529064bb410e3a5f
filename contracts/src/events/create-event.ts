// Builds a CloudEvents envelope for an event contract version and validates it against the artifact.
import { randomUUID } from 'node:crypto';
import { getContract } from '../catalog/catalog.js';
import { ContractsError } from '../errors.js';
import type { EventTypes } from '../generated/index.js';
import { formatValidationErrors, getValidator } from '../runtime/validators.js';

export type EventName = keyof EventTypes;
export type EventVersion<T extends EventName> = keyof EventTypes[T] & number;
export type EventEnvelope<T extends EventName, V extends EventVersion<T>> = EventTypes[T][V];
export type EventData<T extends EventName, V extends EventVersion<T>> = EventTypes[T][V] extends {
  data: infer D;
}
  ? D
  : never;

export interface CreateEventOptions {
  /** CloudEvents `source`, a URI-reference such as "/orders-service". */
  source: string;
  /** Defaults to a random UUID. */
  id?: string;
  /** Defaults to now. */
  time?: Date | string;
  /** Validate the envelope against the published artifact (default true); throws INVALID_EVENT. */
  validate?: boolean;
}

export function createEvent<T extends EventName, V extends EventVersion<T>>(
  type: T,
  version: V,
  data: EventData<T, V>,
  options: CreateEventOptions,
): EventEnvelope<T, V> {
  const contract = getContract(type);
  if (!contract) throw new ContractsError('UNKNOWN_CONTRACT', `No contract named "${type}" in the catalog.`);
  if (contract.kind !== 'event') {
    throw new ContractsError('NOT_AN_EVENT', `${type} is a ${contract.kind} contract, not an event.`);
  }
  const time = options.time ?? new Date();
  const envelope = {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source: options.source,
    type,
    schemaversion: version,
    time: typeof time === 'string' ? time : time.toISOString(),
    datacontenttype: 'application/json',
    data,
  };
  if (options.validate !== false) {
    const validate = getValidator(type, version);
    if (!validate(envelope)) {
      const details = formatValidationErrors(validate.errors);
      throw new ContractsError(
        'INVALID_EVENT',
        `Invalid ${type} v${version} event: ${details.join('; ')}`,
        details,
      );
    }
  }
  return envelope as unknown as EventEnvelope<T, V>;
}
