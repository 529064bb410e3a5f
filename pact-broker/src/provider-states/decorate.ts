// The provider states of a set of pacts, aggregated as the official broker lists them: one entry per distinct
// (name, params), with the consumers that use it, sorted by name.

export interface ProviderState {
  name: string;
  params?: unknown;
  consumers: string[];
}

/** The states one pact document declares: `providerState` (v2) or `providerStates` (v3/v4), messages first. */
function statesOf(doc: unknown): Array<{ name: string; params?: unknown }> {
  if (!doc || typeof doc !== 'object') return [];
  const d = doc as Record<string, unknown>;
  const out: Array<{ name: string; params?: unknown }> = [];
  for (const list of [d.messages, d.interactions]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!item || typeof item !== 'object') continue;
      const i = item as Record<string, unknown>;
      if (typeof i.providerState === 'string') out.push({ name: i.providerState });
      else if (Array.isArray(i.providerStates)) {
        for (const s of i.providerStates) {
          if (!s || typeof s !== 'object' || typeof (s as { name?: unknown }).name !== 'string') continue;
          const { name, params } = s as { name: string; params?: unknown };
          out.push(params === undefined || params === null ? { name } : { name, params });
        }
      }
    }
  }
  return out;
}

/** Structural key of a value: object keys sorted, so `{a,b}` and `{b,a}` params are the same state. */
function key(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(key).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${key(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function providerStatesResource(pacts: Array<{ consumer: string; doc: unknown }>): {
  providerStates: ProviderState[];
} {
  const byKey = new Map<string, ProviderState>();
  for (const { consumer, doc } of pacts) {
    for (const s of statesOf(doc)) {
      const k = `${s.name}\u0000${key(s.params)}`;
      let entry = byKey.get(k);
      if (!entry) {
        entry =
          s.params === undefined
            ? { name: s.name, consumers: [] }
            : { name: s.name, params: s.params, consumers: [] };
        byKey.set(k, entry);
      }
      if (!entry.consumers.includes(consumer)) entry.consumers.push(consumer);
    }
  }
  // A stable sort by name in code-unit order: equal names keep the order they were first seen in.
  const providerStates = [...byKey.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { providerStates };
}
