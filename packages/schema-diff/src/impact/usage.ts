// Who relies on each field of a contract version: the report to read before deprecating or removing a field.
import type { JsonSchema } from '../index.js';
import type { ContractBinding } from './binding.js';
import type { ConsumerRef, ConsumerVersion } from './impact.js';
import { formatPath, isWithin, overlaps, type PathPattern } from './path.js';
import { indexSchema } from './schema-paths.js';

export interface FieldReader extends ConsumerRef {
  /** The contract version its pact names; undefined = the one served now. */
  readsVersion: number | undefined;
  role: 'reads' | 'writes';
  /** Matchers the consumer's pact applies at or below the field. */
  matchers: string[];
  interactions: string[];
}

export interface FieldUsage {
  path: string;
  required: boolean;
  /** Consumer versions relying on the field or on anything below it. */
  readers: FieldReader[];
}

export interface UsageReport {
  contract: string;
  version: number;
  role: 'reads' | 'writes';
  fields: FieldUsage[];
  /** Paths consumers rely on that this version does not declare (a tolerant reader drops them). */
  undeclared: Array<{ path: string; readers: FieldReader[] }>;
  /** Every consumer version that reads or writes the contract at all. */
  consumers: Array<ConsumerRef & { readsVersions: Array<number | undefined>; reliedPaths: number }>;
}

export interface UsageInput {
  contract: ContractBinding;
  version: number;
  schema: JsonSchema;
}

function addReader(
  list: FieldReader[],
  c: ConsumerVersion,
  read: ConsumerVersion['reads'][number],
  matchers: string[],
) {
  let r = list.find(
    (x) => x.consumer === c.consumer && x.version === c.version && x.readsVersion === read.version,
  );
  if (!r) {
    r = {
      consumer: c.consumer,
      version: c.version,
      places: c.places,
      readsVersion: read.version,
      role: read.role,
      matchers: [],
      interactions: [],
    };
    list.push(r);
  }
  for (const m of matchers) if (!r.matchers.includes(m)) r.matchers.push(m);
  if (!r.interactions.includes(read.interaction)) r.interactions.push(read.interaction);
}

/**
 * Field by field, which consumer versions rely on a contract version. A consumer written against another version
 * is counted by path (the tolerant reader keeps fields by name), so a field its pact names counts wherever it is.
 */
export function fieldUsage(input: UsageInput, consumers: readonly ConsumerVersion[]): UsageReport {
  const paths = indexSchema(input.schema);
  const declaredAt: readonly PathPattern[] = paths.all();
  const fields: FieldUsage[] = paths
    .fields()
    .map((f) => ({ path: formatPath(f.path), required: f.required, readers: [] }));
  const fieldPaths = paths.fields().map((f) => f.path);
  const undeclared = new Map<string, FieldReader[]>();
  const who: UsageReport['consumers'] = [];
  for (const c of consumers) {
    const reads = c.reads.filter((r) => r.contract === input.contract.name);
    if (reads.length === 0) continue;
    who.push({
      consumer: c.consumer,
      version: c.version,
      places: c.places,
      readsVersions: [...new Set(reads.map((r) => r.version))],
      reliedPaths: new Set(reads.flatMap((r) => r.paths.map((p) => p.text))).size,
    });
    for (const read of reads) {
      fieldPaths.forEach((fp, i) => {
        const inside = read.paths.filter((p) => isWithin(p.path, fp));
        if (inside.length > 0)
          addReader(fields[i]!.readers, c, read, [...new Set(inside.flatMap((p) => p.matchers))]);
      });
      for (const p of read.paths) {
        if (p.path.length === 0 || declaredAt.some((d) => d.length === p.path.length && overlaps(d, p.path)))
          continue;
        const list = undeclared.get(p.text) ?? [];
        addReader(list, c, read, p.matchers);
        undeclared.set(p.text, list);
      }
    }
  }
  const byName = (a: ConsumerRef, b: ConsumerRef) =>
    a.consumer.localeCompare(b.consumer) || a.version.localeCompare(b.version);
  for (const f of fields) f.readers.sort(byName);
  for (const list of undeclared.values()) list.sort(byName);
  who.sort(byName);
  return {
    contract: input.contract.name,
    version: input.version,
    role: input.contract.kind === 'http-request' ? 'writes' : 'reads',
    fields,
    undeclared: [...undeclared].map(([path, readers]) => ({ path, readers })),
    consumers: who,
  };
}
