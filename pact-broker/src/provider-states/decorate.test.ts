// Unit tests for provider-state aggregation (the official feature spec's expectations).

import { describe, expect, it } from 'vitest';
import { providerStatesResource } from './decorate.js';

const v2 = (...states: string[]) => ({ interactions: states.map((providerState) => ({ providerState })) });
const v3 = (...states: Array<{ name: string; params?: unknown }>) => ({
  interactions: [{ providerStates: states }],
});

describe('providerStatesResource', () => {
  it('lists each (name, params) once with its consumers, sorted by name', () => {
    const r = providerStatesResource([
      { consumer: 'Waffle', doc: v2('product list', 'an error') },
      { consumer: 'Foo', doc: v3({ name: 'product details', params: { id: 1, kind: 'a' } }) },
      { consumer: 'Foo2', doc: v3({ name: 'product details', params: { kind: 'a', id: 1 } }) },
      {
        consumer: 'Waffle2',
        doc: { messages: [{ providerStates: [{ name: 'product list', params: null }] }] },
      },
      { consumer: 'Waffle', doc: v2('product list') },
    ]);
    expect(r.providerStates).toEqual([
      { name: 'an error', consumers: ['Waffle'] },
      { name: 'product details', params: { id: 1, kind: 'a' }, consumers: ['Foo', 'Foo2'] },
      { name: 'product list', consumers: ['Waffle', 'Waffle2'] },
    ]);
    expect(Object.keys(r.providerStates[1]!)).toEqual(['name', 'params', 'consumers']);
  });

  it('is empty for pacts without states', () => {
    expect(providerStatesResource([{ consumer: 'A', doc: { interactions: [{}] } }])).toEqual({
      providerStates: [],
    });
  });
});
