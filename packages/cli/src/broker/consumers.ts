// Reads, for one provider, every consumer version that matters (head of the main branch, every deployed or
// released version in each environment) with where it runs and its pact, through the broker's HAL API.
import type { Place } from '@accord/schema-diff/impact';
import { type BrokerClient, firstLink, type HalResource, links } from './client.js';

export interface ConsumerPact {
  consumer: string;
  version: string;
  places: Place[];
  /** The pact document as the broker serves it. */
  pact: unknown;
  pactUrl: string;
}

export interface ProviderConsumers {
  provider: string;
  /** Every consumer with a pact with the provider. */
  consumers: string[];
  environments: Array<{ name: string; production: boolean }>;
  versions: ConsumerPact[];
  /** What was looked for and not found (a main branch without versions, a deployed version without a pact). */
  notes: string[];
}

/** Runs `tasks` with at most `limit` in flight (a broker is a shared service). */
async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

const embedded = (r: HalResource | undefined, key: string): unknown =>
  (r?._embedded as Record<string, unknown> | undefined)?.[key];
const nameOf = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string'
    ? (v as { name: string }).name
    : undefined;
const numberOf = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && typeof (v as { number?: unknown }).number === 'string'
    ? (v as { number: string }).number
    : undefined;

async function mainHead(
  client: BrokerClient,
  consumer: string,
  notes: string[],
): Promise<{ version: string; place: Place } | undefined> {
  const href = await client.relation(
    'pb:pacticipant',
    { pacticipant: consumer },
    '/pacticipants/{pacticipant}',
  );
  const p = await client.get(href);
  if (p === undefined) return undefined;
  const self = firstLink(p._links?.self)?.href ?? href;
  const branch = typeof p.mainBranch === 'string' && p.mainBranch !== '' ? p.mainBranch : undefined;
  if (branch !== undefined) {
    const head = await client.get(
      `${self.replace(/\/+$/, '')}/branches/${encodeURIComponent(branch)}/latest-version`,
    );
    const version = typeof head?.number === 'string' ? head.number : undefined;
    if (version === undefined) {
      notes.push(`${consumer}: its main branch "${branch}" has no versions`);
      return undefined;
    }
    return { version, place: { kind: 'main-branch', branch } };
  }
  // No main branch declared: the latest version stands for it, as the broker's default selectors do.
  let version = numberOf(embedded(p, 'latestVersion'));
  if (version === undefined) {
    const latest = await client.get(
      await client.relation(
        'pb:latest-version',
        { pacticipant: consumer },
        '/pacticipants/{pacticipant}/latest-version',
      ),
    );
    version = typeof latest?.number === 'string' ? latest.number : undefined;
  }
  return version === undefined ? undefined : { version, place: { kind: 'main-branch', branch: undefined } };
}

interface EnvironmentEntry {
  consumer: string;
  version: string;
  place: Place;
}

async function environmentEntries(
  client: BrokerClient,
  consumers: ReadonlySet<string>,
): Promise<{ environments: ProviderConsumers['environments']; entries: EnvironmentEntry[] }> {
  const list = await client.get(await client.relation('pb:environments', {}, '/environments'));
  const envs = (embedded(list, 'environments') as HalResource[] | undefined) ?? [];
  const environments: ProviderConsumers['environments'] = [];
  const tasks: Array<() => Promise<EnvironmentEntry[]>> = [];
  for (const env of envs) {
    const name = typeof env.name === 'string' ? env.name : undefined;
    const uuid = typeof env.uuid === 'string' ? env.uuid : undefined;
    if (name === undefined || uuid === undefined) continue;
    const production = env.production === true;
    environments.push({ name, production });
    const base = `/environments/${encodeURIComponent(uuid)}`;
    const lists = [
      {
        how: 'deployed' as const,
        href:
          firstLink(env._links?.['pb:currently-deployed-deployed-versions'])?.href ??
          `${base}/deployed-versions/currently-deployed`,
        key: 'deployedVersions',
      },
      {
        how: 'released' as const,
        href:
          firstLink(env._links?.['pb:currently-supported-released-versions'])?.href ??
          `${base}/released-versions/currently-supported`,
        key: 'releasedVersions',
      },
    ];
    for (const l of lists) {
      tasks.push(async () => {
        const res = await client.get(l.href);
        const items = (embedded(res, l.key) as HalResource[] | undefined) ?? [];
        const out: EnvironmentEntry[] = [];
        for (const item of items) {
          const consumer = nameOf(embedded(item, 'pacticipant'));
          const version = numberOf(embedded(item, 'version'));
          if (consumer === undefined || version === undefined || !consumers.has(consumer)) continue;
          const instance = item.applicationInstance ?? item.target;
          out.push({
            consumer,
            version,
            place: {
              kind: 'environment',
              environment: name,
              production,
              how: l.how,
              ...(typeof instance === 'string' && instance !== '' ? { applicationInstance: instance } : {}),
            },
          });
        }
        return out;
      });
    }
  }
  return { environments, entries: (await pool(4, tasks)).flat() };
}

/** Every consumer version of `provider` that runs somewhere or heads a main branch, with its pact. */
export async function readProviderConsumers(
  client: BrokerClient,
  provider: string,
): Promise<ProviderConsumers> {
  const notes: string[] = [];
  const latest = await client.get(
    await client.relation('pb:latest-provider-pacts', { provider }, '/pacts/provider/{provider}/latest'),
  );
  if (latest === undefined)
    notes.push(`the broker has no pacticipant "${provider}": no consumer has published a pact with it`);
  const consumers = [...new Set(links(latest, 'pb:pacts').flatMap((l) => (l.name ? [l.name] : [])))].sort();
  const heads = await pool(
    4,
    consumers.map((c) => () => mainHead(client, c, notes)),
  );
  const { environments, entries } = await environmentEntries(client, new Set(consumers));

  const byVersion = new Map<string, { consumer: string; version: string; places: Place[] }>();
  const at = (consumer: string, version: string) => {
    const key = `${consumer}\u0000${version}`;
    let v = byVersion.get(key);
    if (!v) {
      v = { consumer, version, places: [] };
      byVersion.set(key, v);
    }
    return v;
  };
  consumers.forEach((c, i) => {
    const head = heads[i];
    if (head) at(c, head.version).places.push(head.place);
  });
  for (const e of entries) at(e.consumer, e.version).places.push(e.place);
  for (const v of byVersion.values())
    v.places.sort((a, b) => placeRank(a) - placeRank(b) || placeLabel(a).localeCompare(placeLabel(b)));

  const found = await pool(
    4,
    [...byVersion.values()].map((v) => async (): Promise<ConsumerPact | undefined> => {
      const href = await client.relation(
        'pb:publish-pact',
        { provider, consumer: v.consumer, consumerApplicationVersion: v.version },
        '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}',
      );
      const pact = await client.get(href);
      if (pact === undefined) {
        notes.push(
          `${v.consumer} ${v.version} (${v.places.map(placeLabel).join(', ')}) has no pact with ${provider}`,
        );
        return undefined;
      }
      return { ...v, pact, pactUrl: client.resolve(href) };
    }),
  );
  return {
    provider,
    consumers,
    environments,
    versions: found.filter((v): v is ConsumerPact => v !== undefined),
    notes,
  };
}

/** Production environments first, then the others, then the main branch. */
const placeRank = (p: Place): number => (p.kind === 'main-branch' ? 2 : p.production ? 0 : 1);

/** `production`, `production (released)`, `test [eu-1]`, `main branch`, `latest (no main branch)`. */
export function placeLabel(p: Place): string {
  if (p.kind === 'main-branch')
    return p.branch === undefined ? 'latest (no main branch)' : `${p.branch} branch`;
  const instance = p.applicationInstance === undefined ? '' : ` [${p.applicationInstance}]`;
  return `${p.environment}${instance}${p.how === 'released' ? ' (released)' : ''}`;
}
