// OrderPlaced v2 evolves v1 additively: defaults declared in zod and in the artifact, v1 payloads stay valid.
import { describe, expect, it } from 'vitest';
import { loadFixtures } from '../../test/fixtures.js';
import { getValidator } from '../runtime/validators.js';
import { OrderPlacedV1DataSchema, OrderPlacedV2DataSchema, OrderPlacedV2Schema } from './events.js';

const v1 = loadFixtures().find((f) => f.contract === 'OrderPlaced' && f.version === 1)!;

describe('OrderPlaced v2', () => {
  it('fills the declared defaults when a producer omits the new fields', () => {
    const data = (v1.valid[0]!.value as { data: unknown }).data;
    const parsed = OrderPlacedV2DataSchema.parse(data);
    expect(parsed.channel).toBe('web');
    expect(parsed.couponCodes).toEqual([]);
  });

  it('declares the same defaults in the artifact', () => {
    const artifact = getValidator('OrderPlaced', 2).schema as {
      properties: { data: { properties: Record<string, { default?: unknown }>; required: string[] } };
    };
    expect(artifact.properties.data.properties.channel?.default).toBe('web');
    expect(artifact.properties.data.properties.couponCodes?.default).toEqual([]);
    expect(artifact.properties.data.required).not.toContain('channel');
    expect(artifact.properties.data.required).not.toContain('couponCodes');
  });

  it('is additive: every v1 payload is a valid v2 payload (zod and artifact)', () => {
    const validateV2 = getValidator('OrderPlaced', 2);
    for (const fixture of v1.valid) {
      const envelope = { ...(fixture.value as object), schemaversion: 2 };
      expect(validateV2(envelope), fixture.name).toBe(true);
      expect(OrderPlacedV2Schema.safeParse(envelope).success, fixture.name).toBe(true);
    }
  });

  it('keeps every v1 data field with the same requiredness', () => {
    const v1Keys = Object.keys(OrderPlacedV1DataSchema.shape);
    const v2Keys = Object.keys(OrderPlacedV2DataSchema.shape);
    expect(v2Keys).toEqual(expect.arrayContaining(v1Keys));
    expect(v2Keys.filter((k) => !v1Keys.includes(k)).sort()).toEqual(['channel', 'couponCodes']);
  });
});
