// Content negotiation between a pact's media types and a document's (RFC 9110 §12, as PactFlow applies it).

interface MediaRange {
  type: string;
  subtype: string;
  /** Structured syntax suffix: "json" for application/hal+json. */
  suffix: string | undefined;
  essence: string;
  q: number;
}

function parseRange(text: string): MediaRange | undefined {
  const [essencePart, ...params] = text.split(';');
  const essence = essencePart!.trim().toLowerCase();
  const match = /^([a-z0-9!#$%&'*+.^_`|~-]+|\*)\/([a-z0-9!#$%&'*+.^_`|~-]+|\*)$/.exec(essence);
  if (!match) return undefined;
  let q = 1;
  for (const param of params) {
    const [name, value] = param.split('=').map((s) => s.trim().toLowerCase());
    if (name === 'q' && value !== undefined && /^[0-9.]+$/.test(value)) q = Number(value);
  }
  const subtype = match[2]!;
  const plus = subtype.lastIndexOf('+');
  return {
    type: match[1]!,
    subtype,
    suffix: plus === -1 ? undefined : subtype.slice(plus + 1),
    essence,
    q,
  };
}

/** "application/json; charset=utf-8" → "application/json". */
function essenceOf(mediaType: string): string {
  return parseRange(mediaType)?.essence ?? mediaType.split(';')[0]!.trim().toLowerCase();
}

/** Same type and subtype, or a structured suffix equal to the other's subtype (hal+json ≈ json). */
function similar(a: MediaRange, b: MediaRange): boolean {
  if (a.type !== b.type) return false;
  return (
    a.subtype === b.subtype ||
    (a.suffix !== undefined && a.suffix === b.subtype) ||
    (b.suffix !== undefined && b.suffix === a.subtype) ||
    (a.suffix !== undefined && a.suffix === b.suffix)
  );
}

/**
 * The first of `available` (the document's keys, as written) that `requested` (a pact header value, possibly a
 * list with q-values) accepts: exact, then ignoring parameters, then by structured suffix, then a wildcard on
 * the document's side, then a wildcard on the pact's side. Undefined when none does.
 */
export function findMatchingType(requested: string, available: readonly string[]): string | undefined {
  const ranges = requested
    .split(',')
    .map((part) => parseRange(part))
    .filter((r): r is MediaRange => r !== undefined && r.q > 0)
    .sort((a, b) => b.q - a.q);
  const offered = available
    .map((key) => ({ key, range: parseRange(key) }))
    .filter((o): o is { key: string; range: MediaRange } => o.range !== undefined);
  const exact = requested.trim().toLowerCase();
  const byExact = available.find((key) => key.trim().toLowerCase() === exact);
  if (byExact !== undefined) return byExact;
  for (const r of ranges) {
    const hit = offered.find((o) => o.range.essence === r.essence);
    if (hit) return hit.key;
  }
  for (const r of ranges) {
    const hit = offered.find((o) => similar(o.range, r));
    if (hit) return hit.key;
  }
  for (const r of ranges) {
    const hit = offered.find(
      (o) => o.range.essence === '*/*' || (o.range.subtype === '*' && o.range.type === r.type),
    );
    if (hit) return hit.key;
  }
  for (const r of ranges) {
    if (r.essence === '*/*') return offered[0]?.key;
    const hit = r.subtype === '*' ? offered.find((o) => o.range.type === r.type) : undefined;
    if (hit) return hit.key;
  }
  return undefined;
}

/** Whether bodies of this media type are JSON (application/json, any +json, or a JSON-accepting wildcard). */
export function isJsonMediaType(mediaType: string): boolean {
  const range = parseRange(mediaType);
  if (!range) return false;
  if (range.essence === '*/*' || range.essence === 'application/*') return true;
  return range.type === 'application' && (range.subtype === 'json' || range.suffix === 'json');
}

export function isFormMediaType(mediaType: string): boolean {
  return essenceOf(mediaType) === 'application/x-www-form-urlencoded';
}

export function isMultipartMediaType(mediaType: string): boolean {
  return essenceOf(mediaType) === 'multipart/form-data';
}

/** The `boundary` parameter of a multipart Content-Type. */
export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]!.trim()) : undefined;
}
