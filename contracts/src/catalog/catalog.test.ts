// The runtime catalog: same data as catalog.json, defaults per kind, HTTP bindings, the printed table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../paths.js';
import { catalog, currentVersion, getContract, getContractVersion } from './catalog.js';
import { zodSchemas } from './registry.js';
import { renderCatalogTable } from './table.js';

describe('catalog', () => {
  it('is the committed catalog.json', () => {
    const committed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'catalog.json'), 'utf8'));
    expect(catalog).toEqual(committed);
  });

  it('lists exactly the versions that have a zod schema', () => {
    const fromCatalog = catalog.contracts.flatMap((c) => c.versions.map((v) => `${c.name}/v${v.version}`));
    const fromRegistry = Object.entries(zodSchemas).flatMap(([name, versions]) =>
      Object.keys(versions).map((v) => `${name}/v${v}`),
    );
    expect(fromCatalog.sort()).toEqual(fromRegistry.sort());
  });

  it('applies the default compatibility per kind and binds HTTP contracts to operations', () => {
    expect(getContract('OrderPlaced')).toMatchObject({ kind: 'event', compatibility: 'full-transitive' });
    expect(getContract('Order')).toMatchObject({
      kind: 'http-response',
      compatibility: 'forward',
      http: { method: 'POST', path: '/orders', status: 201 },
    });
    expect(getContract('CreateOrderRequest')).toMatchObject({
      compatibility: 'backward',
      http: { method: 'POST', path: '/orders' },
    });
    expect(getContract('CreateOrderRequest')?.http).not.toHaveProperty('status');
    expect(getContract('Nope')).toBeUndefined();
  });

  it('knows which version is current', () => {
    expect(currentVersion('OrderPlaced')?.version).toBe(2);
    expect(getContractVersion('OrderPlaced', 1)).toEqual({
      version: 1,
      status: 'deprecated',
      schema: 'schemas/OrderPlaced/v1.schema.json',
    });
    expect(getContractVersion('OrderPlaced', 9)).toBeUndefined();
  });

  it('renders a table with one row per contract', () => {
    const lines = renderCatalogTable().split('\n');
    expect(lines[0]).toMatch(/^CONTRACT\s+KIND\s+OWNER\s+VERSIONS\s+COMPATIBILITY\s+HTTP$/);
    expect(lines).toHaveLength(catalog.contracts.length + 2);
    expect(lines.find((l) => l.startsWith('OrderPlaced '))).toContain('v1 (deprecated), v2 (current)');
    expect(lines.find((l) => l.startsWith('ErrorResponse '))).toContain(
      'POST /orders/{id}/cancel 400/404/409',
    );
  });
});
