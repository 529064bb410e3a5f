// JSON for the clean's reports: a Map becomes an object with its keys in insertion order (a plain object would move
// integer-like pacticipant names such as "42" to the front, unlike the official report's name order).

/** The value with every Map turned into a plain object: for log fields, where key order does not matter. */
export function plain(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** JSON.stringify that writes Maps as objects in their own key order; `indent` as in JSON.stringify. */
export function orderedJson(value: unknown, indent = 0): string {
  const newline = (depth: number) => (indent > 0 ? `\n${' '.repeat(indent * depth)}` : '');
  const write = (v: unknown, depth: number): string | undefined => {
    let fields: [string, unknown][] | undefined;
    if (v instanceof Map) fields = [...v].map(([k, x]) => [String(k), x]);
    else if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const items = v.map((x) => newline(depth + 1) + (write(x, depth + 1) ?? 'null'));
      return `[${items.join(',')}${newline(depth)}]`;
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) fields = Object.entries(v);
    if (fields === undefined) return JSON.stringify(v);
    const parts: string[] = [];
    for (const [k, x] of fields) {
      const text = write(x, depth + 1);
      // As JSON.stringify: an undefined field is left out.
      if (text !== undefined)
        parts.push(`${newline(depth + 1)}${JSON.stringify(k)}:${indent > 0 ? ' ' : ''}${text}`);
    }
    return parts.length === 0 ? '{}' : `{${parts.join(',')}${newline(depth)}}`;
  };
  return write(value, 0) ?? 'null';
}
