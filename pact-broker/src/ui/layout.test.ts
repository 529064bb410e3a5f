// Properties of the layered layout: edges point to later layers, nodes in a column do not overlap, and crossing
// reduction never ends worse than the initial order; plus a known case the barycentric sweep untangles.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acyclic, layeredLayout, longestPathLayers } from './layout.js';

const graph = fc
  .uniqueArray(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'), { minLength: 1, maxLength: 8 })
  .chain((nodes) =>
    fc.record({
      nodes: fc.constant(nodes),
      edges: fc.array(fc.record({ from: fc.constantFrom(...nodes), to: fc.constantFrom(...nodes) }), {
        maxLength: 16,
      }),
    }),
  );

describe('layered layout', () => {
  it('layers every edge of the acyclic graph forward and places every node once', () => {
    fc.assert(
      fc.property(graph, ({ nodes, edges }) => {
        const dag = acyclic(nodes, edges);
        const layers = longestPathLayers(nodes, dag);
        for (const e of dag) expect(layers.get(e.to)!).toBeGreaterThan(layers.get(e.from)!);
        const layout = layeredLayout(nodes, edges);
        expect(layout.nodes.map((n) => n.id).sort()).toEqual([...nodes].sort());
        for (const a of layout.nodes)
          for (const b of layout.nodes)
            if (a !== b && a.layer === b.layer) expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(a.height);
        for (const e of layout.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
      }),
    );
  });

  it('never ends with more crossings than it started with', () => {
    fc.assert(
      fc.property(graph, ({ nodes, edges }) => {
        const initial = layeredLayout(nodes, edges, { sweeps: 0 }).crossings;
        expect(layeredLayout(nodes, edges).crossings).toBeLessThanOrEqual(initial);
      }),
    );
  });

  it('untangles two crossed pairs', () => {
    // Name order puts A over B and X over Y, so A→Y and B→X cross until the sweep swaps a column.
    const edges = [
      { from: 'A', to: 'Y' },
      { from: 'B', to: 'X' },
    ];
    expect(layeredLayout(['A', 'B', 'X', 'Y'], edges, { sweeps: 0 }).crossings).toBe(1);
    expect(layeredLayout(['A', 'B', 'X', 'Y'], edges).crossings).toBe(0);
  });
});
