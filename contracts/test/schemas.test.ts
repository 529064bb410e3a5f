// Table-driven over contracts/fixtures/: every contract version accepts its realistic examples and
// rejects the broken ones with the exact, readable ajv and zod messages; zod and the artifact agree.
import { describe, expect, it } from 'vitest';
import { catalog } from '../src/catalog/catalog.js';
import { getZodSchema } from '../src/catalog/registry.js';
import { formatValidationErrors, getValidator } from '../src/runtime/validators.js';
import { loadFixtures, zodMessages } from './fixtures.js';

const fixtures = loadFixtures();

describe('fixtures', () => {
  it('cover every contract version with valid and invalid examples', () => {
    const covered = fixtures.map((f) => `${f.contract}/v${f.version}`).sort();
    const versions = catalog.contracts
      .flatMap((c) => c.versions.map((v) => `${c.name}/v${v.version}`))
      .sort();
    expect(covered).toEqual(versions);
    for (const f of fixtures) {
      expect(f.valid.length, f.file).toBeGreaterThanOrEqual(2);
      expect(f.invalid.length, f.file).toBeGreaterThanOrEqual(3);
    }
  });
});

describe.each(fixtures)('$contract v$version', ({ contract, version, valid, invalid }) => {
  const validate = getValidator(contract, version);
  const schema = getZodSchema(contract, version)!;

  it.each(valid)('accepts "$name" (ajv and zod)', ({ value }) => {
    const ok = validate(value);
    expect(formatValidationErrors(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    const parsed = schema.safeParse(value);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.success).toBe(true);
  });

  it.each(invalid)('rejects "$name" with readable errors', (fixture) => {
    expect(validate(fixture.value)).toBe(false);
    expect(formatValidationErrors(validate.errors)).toEqual(fixture.ajv);
    const parsed = schema.safeParse(fixture.value);
    expect(parsed.success).toBe(false);
    expect(zodMessages(parsed.error?.issues ?? [])).toEqual(fixture.zod);
  });

  it('zod and the JSON Schema artifact agree on every fixture', () => {
    const verdicts = [...valid, ...invalid].map((f) => ({
      name: f.name,
      ajv: validate(f.value),
      zod: schema.safeParse(f.value).success,
    }));
    expect(verdicts.filter((v) => v.ajv !== v.zod)).toEqual([]);
  });
});
