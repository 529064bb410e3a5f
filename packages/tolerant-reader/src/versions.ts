// Decides, from the catalog's compatibility mode and the registered upcasters, whether a version span is readable.
import { modeDirections } from '@accord/schema-diff';
import { type CatalogContract, type CompatibilityMode, compatibilityOf } from './catalog.js';

/** Old readers read new data: the mode checks forward (forward, full and their -transitive forms). */
const readsNewer = (mode: CompatibilityMode): boolean => {
  const d = modeDirections(mode)?.direction;
  return d === 'forward' || d === 'full';
};
/** New readers read old data: the mode checks backward. */
const readsOlder = (mode: CompatibilityMode): boolean => {
  const d = modeDirections(mode)?.direction;
  return d === 'backward' || d === 'full';
};

export type VersionPlan =
  | { kind: 'same' }
  | { kind: 'newer'; producerKnown: boolean }
  | { kind: 'older'; steps: ReadonlyArray<{ from: number; to: number; upcaster: boolean }> }
  | { kind: 'unknown-version'; reason: string }
  | { kind: 'incompatible'; reason: string };

/**
 * Reading a newer producer is sound when the contract promises forward compatibility (old readers
 * read new data); validation against the reader's schema stays the final word. Reading an older
 * producer goes step by step, and each step is sound when an upcaster is registered for it or the
 * contract promises backward compatibility (adjacent versions, so non-transitive modes suffice).
 */
export function planVersions(
  contract: CatalogContract,
  readerVersion: number,
  producerVersion: number,
  hasUpcaster: (from: number) => boolean,
): VersionPlan {
  if (producerVersion === readerVersion) return { kind: 'same' };
  const mode = compatibilityOf(contract);
  const known = new Set(contract.versions.map((v) => v.version));
  if (producerVersion > readerVersion) {
    if (!readsNewer(mode)) {
      return {
        kind: 'incompatible',
        reason: `compatibility "${mode}" does not let a v${readerVersion} reader read v${producerVersion} messages`,
      };
    }
    return { kind: 'newer', producerKnown: known.has(producerVersion) };
  }
  if (!known.has(producerVersion) && !hasUpcaster(producerVersion)) {
    return {
      kind: 'unknown-version',
      reason: `v${producerVersion} is not in the catalog and no upcaster starts there`,
    };
  }
  const steps: Array<{ from: number; to: number; upcaster: boolean }> = [];
  for (let from = producerVersion; from < readerVersion; from++) {
    const to = from + 1;
    if (!known.has(to)) {
      return {
        kind: 'unknown-version',
        reason: `upcast path v${producerVersion}→v${readerVersion} needs v${to}, not in the catalog`,
      };
    }
    const upcaster = hasUpcaster(from);
    if (!upcaster && !readsOlder(mode)) {
      return {
        kind: 'incompatible',
        reason: `no upcaster for v${from}→v${to} and compatibility "${mode}" does not promise that v${to} reads v${from}`,
      };
    }
    steps.push({ from, to, upcaster });
  }
  return { kind: 'older', steps };
}
