// Guards the layout: no import cycles among the broker's modules (type imports included), and the HTTP layer
// does not reach into the feature folders.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = dirname(fileURLToPath(import.meta.url));

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? modules(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

const graph = new Map<string, string[]>(
  modules(srcDir).map((file) => [
    relative(srcDir, file),
    [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)\.js'/g)].map((m) =>
      relative(srcDir, normalize(join(dirname(file), `${m[1]}.ts`))),
    ),
  ]),
);

function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (m: string) => {
    state.set(m, 'open');
    stack.push(m);
    for (const next of graph.get(m) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(m, 'done');
  };
  for (const m of graph.keys()) if (!state.has(m)) visit(m);
  return found;
}

describe('module layout', () => {
  it('has no import cycles', () => {
    expect(cycles().map((c) => c.join(' → '))).toEqual([]);
  });

  it('keeps http/ free of the feature folders (it knows routes, not what they do)', () => {
    const outside = [...graph]
      .filter(([m]) => m.startsWith('http/'))
      .flatMap(([m, deps]) => deps.filter((d) => !d.startsWith('http/')).map((d) => `${m} → ${d}`));
    expect(outside).toEqual([
      'http/auth.ts → config.ts',
      'http/auth.ts → errors.ts',
      'http/commits.ts → db/db.ts',
      'http/context.ts → errors.ts',
      'http/context.ts → validation/index.ts',
      'http/context.ts → validation/json.ts',
      'http/negotiate.ts → errors.ts',
      'http/numbers.ts → errors.ts',
      'http/pagination.ts → errors.ts',
      'http/router.ts → errors.ts',
      'http/server.ts → config.ts',
      'http/server.ts → errors.ts',
    ]);
  });
});
