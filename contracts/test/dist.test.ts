// The built package (dist/) finds its artifacts and catalog at runtime, as other packages use it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = new URL('../dist/index.js', import.meta.url);

describe('dist', () => {
  it('loads artifacts and validates from the compiled package', async () => {
    expect(existsSync(dist)).toBe(true);
    const api = (await import(dist.href)) as typeof import('../src/index.js');
    expect(api.schemaFile('OrderPlaced', 2)).toBe(`${root}schemas/OrderPlaced/v2.schema.json`);
    expect(api.loadSchema('OrderPlaced', 2).title).toBe('OrderPlacedV2');
    expect(api.getValidator('CancelOrderRequest', 1)({ reason: 'other' })).toBe(true);
    expect(Object.keys(api.zodSchemas)).toHaveLength(api.catalog.contracts.length);
  });

  it('exports catalog.json and schemas/* for non-TypeScript users', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
    expect(pkg.exports['./catalog.json']).toBe('./catalog.json');
    expect(pkg.exports['./schemas/*']).toBe('./schemas/*');
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'schemas', 'catalog.json']));
  });

  it('prints the catalog table', () => {
    const out = execFileSync(process.execPath, [`${root}dist/print-catalog.js`], { encoding: 'utf8' });
    expect(out).toContain('Contract catalog: 7 contracts');
    expect(out).toMatch(
      /OrderPlaced\s+event\s+orders-service\s+v1 \(deprecated\), v2 \(current\)\s+full-transitive/,
    );
    expect(out).toMatch(
      /CreateOrderRequest\s+http-request\s+orders-service\s+v1 \(current\)\s+backward\s+POST \/orders/,
    );
    const json = JSON.parse(
      execFileSync(process.execPath, [`${root}dist/print-catalog.js`, '--json'], { encoding: 'utf8' }),
    );
    expect(json).toEqual(JSON.parse(readFileSync(`${root}catalog.json`, 'utf8')));
  });
});
