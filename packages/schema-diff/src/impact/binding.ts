// Maps pact interactions to contracts: HTTP bodies by method, path template and status; messages by event type and version.
import type { PactBody, PactInteraction, PactPart, ReadPact } from './pact.js';
import { formatPath, type PathPattern, property } from './path.js';
import { type ReliedPath, reliedPaths } from './relied.js';

export type ContractKind = 'event' | 'http-request' | 'http-response';

/** An operation whose body a contract is: `POST /orders/{id}/cancel` (→ 200 for responses). */
export interface ContractRoute {
  method: string;
  /** Path template, `{name}` for a parameter. */
  path: string;
  /** Response status; absent for request bodies. */
  status?: number;
}

/** What the analysis needs to know of a contract (from a catalog such as `contracts/catalog.json`). */
export interface ContractBinding {
  name: string;
  kind: ContractKind;
  /** The provider that owns it; pacts with another provider are not read against it. */
  owner?: string;
  versions: readonly number[];
  /** HTTP contracts: every operation carrying this body. */
  routes: readonly ContractRoute[];
  /** `$id` of each version's schema document: a CloudEvents `dataschema` naming it picks that version. */
  schemaIds?: Readonly<Record<number, string>>;
}

/** One interaction body bound to a contract: what the consumer relies on in it. */
export interface ContractRead {
  contract: string;
  kind: ContractKind;
  /** The version the consumer was written against, when the pact says so; undefined = the one served now. */
  version: number | undefined;
  /** Where the version came from (`schemaversion`, `dataschema`, `metadata contractVersion`, `accord-schema-version header`). */
  versionFrom: string | undefined;
  /** `reads`: the consumer receives this body; `writes`: it sends it (request bodies). */
  role: 'reads' | 'writes';
  interaction: string;
  /** How it was matched: `GET /orders/{id} → 200`, `message OrderPlaced v2 (schemaversion)`. */
  via: string;
  paths: ReliedPath[];
  /** Matching-rule keys that could not be read as a path. */
  unreadableKeys: string[];
}

export interface UnmatchedInteraction {
  interaction: string;
  /** The operation or message, as far as it could be read. */
  via: string | undefined;
  reason: string;
}

export interface BoundPact {
  reads: ContractRead[];
  unmatched: UnmatchedInteraction[];
}

/** The header an HTTP provider (or consumer) may name the body's contract version in (the tolerant reader's). */
export const VERSION_HEADER = 'accord-schema-version';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const cleanPath = (p: string): string[] => {
  const noQuery = p.split('?')[0] ?? '';
  const trimmed = noQuery.replace(/\/+$/, '');
  return (trimmed === '' ? '/' : trimmed).split('/');
};

/** Does a concrete request path match a route template (`/orders/{id}` matches `/orders/5b2b…`)? */
export function pathMatches(template: string, path: string): boolean {
  const t = cleanPath(template);
  const a = cleanPath(path);
  if (t.length !== a.length) return false;
  return t.every((seg, i) => (/^\{[^}]+\}$/.test(seg) ? a[i] !== '' : safeDecode(seg) === safeDecode(a[i]!)));
}

const versionNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined;
};

/** `…/OrderPlaced/v2.schema.json` → OrderPlaced, 2 (or an exact `$id` from the catalog). */
function fromDataschema(
  uri: string,
  events: readonly ContractBinding[],
): { name: string; version: number } | undefined {
  for (const c of events) {
    for (const [v, id] of Object.entries(c.schemaIds ?? {}))
      if (id === uri) return { name: c.name, version: Number(v) };
  }
  const m = /([^/#?]+)\/v(\d+)(?:\.schema)?(?:\.json)?\/?(?:[#?].*)?$/.exec(uri);
  return m ? { name: safeDecode(m[1]!), version: Number(m[2]) } : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

interface MessageIdentity {
  name: string | undefined;
  version: number | undefined;
  versionFrom: string | undefined;
  /** Binary-mode CloudEvents: attributes in the metadata, the contents are only `data`. */
  binary: boolean;
}

/** The contract a message names: CloudEvents `type`/`dataschema` in the envelope or `ce-*` metadata, or `contract` metadata. */
function identifyMessage(part: PactPart, events: readonly ContractBinding[]): MessageIdentity {
  const c = isObject(part.body?.content) ? part.body.content : {};
  const md = part.metadata;
  const binaryType = str(md['ce-type']) ?? str(md.ce_type);
  const binary = binaryType !== undefined && !('specversion' in c);
  const schema = str(c.dataschema) ?? str(md['ce-dataschema']) ?? str(md.ce_dataschema) ?? str(md.dataschema);
  const fromSchema = schema === undefined ? undefined : fromDataschema(schema, events);
  let name =
    str(md.contract) ??
    (binary ? binaryType : (str(c.type) ?? binaryType ?? str(md.type))) ??
    fromSchema?.name;
  let version: number | undefined;
  let versionFrom: string | undefined;
  const candidates: Array<[unknown, string]> = [
    [md.contractVersion, 'metadata contractVersion'],
    [binary ? undefined : c.schemaversion, 'schemaversion'],
    [md['ce-schemaversion'] ?? md.ce_schemaversion ?? md.schemaversion, 'metadata schemaversion'],
  ];
  for (const [raw, from] of candidates) {
    const v = versionNumber(raw);
    if (v !== undefined) {
      version = v;
      versionFrom = from;
      break;
    }
  }
  if (fromSchema && (name === undefined || name === fromSchema.name)) {
    name = fromSchema.name;
    if (version === undefined) {
      version = fromSchema.version;
      versionFrom = 'dataschema';
    }
  }
  return { name, version, versionFrom, binary };
}

function read(
  contract: ContractBinding,
  part: PactPart,
  body: PactBody,
  interaction: PactInteraction,
  via: string,
  version: number | undefined,
  versionFrom: string | undefined,
  prefix: PathPattern = [],
): ContractRead {
  const relied = reliedPaths(body.content, body.rules);
  const paths =
    prefix.length === 0
      ? relied.paths
      : relied.paths.map((p) => {
          const path = [...prefix, ...p.path];
          return { ...p, path, text: formatPath(path) };
        });
  return {
    contract: contract.name,
    kind: contract.kind,
    version,
    versionFrom,
    role: part.role,
    interaction: interaction.description,
    via,
    paths,
    unreadableKeys: relied.unreadableKeys,
  };
}

function bindMessage(
  interaction: PactInteraction,
  contracts: readonly ContractBinding[],
  out: BoundPact,
): void {
  const events = contracts.filter((c) => c.kind === 'event');
  for (const part of interaction.parts) {
    const unmatched = (reason: string, via?: string) =>
      out.unmatched.push({ interaction: interaction.description, via, reason });
    if (part.body?.notJson) {
      unmatched(`the message body ${part.body.notJson}`, 'message');
      continue;
    }
    const id = identifyMessage(part, events);
    if (id.name === undefined) {
      unmatched(
        'the message names no contract: no CloudEvents type or dataschema in its contents, no ce-type or contract metadata',
        'message',
      );
      continue;
    }
    const contract = events.find((c) => c.name === id.name);
    if (!contract) {
      const known = events.map((c) => c.name).join(', ') || 'none';
      unmatched(
        `"${id.name}" is not an event contract of this provider (event contracts: ${known})`,
        `message ${id.name}`,
      );
      continue;
    }
    if (id.version === undefined) {
      unmatched(
        `the message names ${contract.name} but not its version (no schemaversion, dataschema or contractVersion)`,
        `message ${contract.name}`,
      );
      continue;
    }
    if (!contract.versions.includes(id.version)) {
      unmatched(
        `${contract.name} v${id.version} is not in the catalog (it has ${contract.versions.map((v) => `v${v}`).join(', ')})`,
        `message ${contract.name} v${id.version}`,
      );
      continue;
    }
    const via = `message ${contract.name} v${id.version} (${id.versionFrom}${id.binary ? ', binary-mode CloudEvent' : ''})`;
    // Binary-mode contents are the event's `data`; the contract describes the whole envelope.
    const prefix = id.binary ? [property('data')] : [];
    out.reads.push(read(contract, part, part.body!, interaction, via, id.version, id.versionFrom, prefix));
  }
}

function bindHttp(interaction: PactInteraction, contracts: readonly ContractBinding[], out: BoundPact): void {
  const { method, path, status } = interaction.http!;
  const operation = `${method} ${path}`;
  const routeHits = contracts.flatMap((c) =>
    c.routes
      .filter((r) => r.method.toUpperCase() === method && pathMatches(r.path, path))
      .map((r) => ({ c, r })),
  );
  for (const part of interaction.parts) {
    if (part.body === undefined) continue;
    const kind = part.carrier === 'http-request' ? 'http-request' : 'http-response';
    const where =
      kind === 'http-request'
        ? `the request body of ${operation}`
        : `the ${status ?? '?'} response body of ${operation}`;
    const hits = routeHits.filter(
      ({ c, r }) =>
        c.kind === kind && (kind === 'http-request' || r.status === undefined || r.status === status),
    );
    if (hits.length === 0) {
      out.unmatched.push({
        interaction: interaction.description,
        via: operation,
        reason: `no contract declares ${where}`,
      });
      continue;
    }
    if (part.body.notJson) {
      const names = [...new Set(hits.map((h) => h.c.name))].join(', ');
      out.unmatched.push({
        interaction: interaction.description,
        via: operation,
        reason: `${where} (${names}) ${part.body.notJson}`,
      });
      continue;
    }
    const headerVersion = versionNumber(part.headers[VERSION_HEADER]);
    for (const { c, r } of hits) {
      const via = kind === 'http-request' ? `${method} ${r.path}` : `${method} ${r.path} → ${status}`;
      out.reads.push(
        read(
          c,
          part,
          part.body,
          interaction,
          via,
          headerVersion,
          headerVersion === undefined ? undefined : `${VERSION_HEADER} header`,
        ),
      );
    }
  }
  const hasBody = interaction.parts.some((p) => p.body !== undefined);
  if (!hasBody && routeHits.length === 0) {
    out.unmatched.push({
      interaction: interaction.description,
      via: operation,
      reason: `no contract route matches ${operation}`,
    });
  }
}

/**
 * Binds every interaction of a pact to the contracts it reads or writes. Contracts owned by a provider other
 * than the pact's are not considered. Whatever cannot be bound is listed in `unmatched` with the reason.
 */
export function bindPact(pact: ReadPact, contracts: readonly ContractBinding[]): BoundPact {
  const own = contracts.filter(
    (c) => c.owner === undefined || pact.provider === undefined || c.owner === pact.provider,
  );
  const out: BoundPact = { reads: [], unmatched: [] };
  for (const interaction of pact.interactions) {
    if (interaction.parts.length === 0) {
      out.unmatched.push({
        interaction: interaction.description,
        via: undefined,
        reason: 'the interaction is not a JSON object',
      });
    } else if (interaction.kind === 'message') bindMessage(interaction, own, out);
    else bindHttp(interaction, own, out);
  }
  return out;
}
