// A layered (Sugiyama-style) layout of the integration graph: cycles broken by reversing DFS back edges,
// longest-path layering, dummy nodes on edges that span layers, barycentric crossing reduction (down and up
// sweeps, keeping the best order seen), then coordinates. Pure: the network page draws what this returns.

export interface GraphEdge {
  from: string;
  to: string;
}

export interface PlacedNode {
  id: string;
  layer: number;
  /** Position within its layer, from the top. */
  order: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RoutedEdge {
  from: string;
  to: string;
  /** The points the edge passes through: source port, one per dummy node, target port. */
  points: Array<{ x: number; y: number }>;
}

export interface Layout {
  nodes: PlacedNode[];
  edges: RoutedEdge[];
  width: number;
  height: number;
  /** Edge crossings of the final order (between adjacent layers, dummy segments included). */
  crossings: number;
}

export interface LayoutOptions {
  nodeHeight?: number;
  /** Width of a node for its label. */
  nodeWidth?: (id: string) => number;
  layerGap?: number;
  rowGap?: number;
  margin?: number;
  sweeps?: number;
}

/** Edges with cycles removed: a DFS in name order reverses each back edge (self-loops are dropped). */
export function acyclic(nodes: readonly string[], edges: readonly GraphEdge[]): GraphEdge[] {
  const out = new Map<string, string[]>();
  for (const n of nodes) out.set(n, []);
  for (const e of edges) if (e.from !== e.to) out.get(e.from)?.push(e.to);
  const state = new Map<string, 1 | 2>();
  const reversed = new Set<string>();
  const visit = (n: string) => {
    state.set(n, 1);
    for (const m of out.get(n) ?? []) {
      if (state.get(m) === 1) reversed.add(`${n}\u0000${m}`);
      else if (!state.has(m)) visit(m);
    }
    state.set(n, 2);
  };
  for (const n of nodes) if (!state.has(n)) visit(n);
  const seen = new Set<string>();
  const result: GraphEdge[] = [];
  for (const e of edges) {
    if (e.from === e.to) continue;
    const r = reversed.has(`${e.from}\u0000${e.to}`) ? { from: e.to, to: e.from } : e;
    const key = `${r.from}\u0000${r.to}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push(r);
    }
  }
  return result;
}

/** Longest-path layering of a DAG: sources in layer 0, every edge points to a later layer. */
export function longestPathLayers(nodes: readonly string[], dag: readonly GraphEdge[]): Map<string, number> {
  const incoming = new Map<string, string[]>();
  for (const n of nodes) incoming.set(n, []);
  for (const e of dag) incoming.get(e.to)?.push(e.from);
  const layer = new Map<string, number>();
  const compute = (n: string): number => {
    const known = layer.get(n);
    if (known !== undefined) return known;
    let l = 0;
    for (const m of incoming.get(n) ?? []) l = Math.max(l, compute(m) + 1);
    layer.set(n, l);
    return l;
  };
  for (const n of nodes) compute(n);
  return layer;
}

interface Segment {
  upper: string;
  lower: string;
}

/** Crossings between two adjacent layers' segments for the given orders. */
function crossingsBetween(segments: Segment[], pos: Map<string, number>): number {
  let count = 0;
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      const a = segments[i]!;
      const b = segments[j]!;
      const du = pos.get(a.upper)! - pos.get(b.upper)!;
      const dl = pos.get(a.lower)! - pos.get(b.lower)!;
      if (du * dl < 0) count++;
    }
  }
  return count;
}

function positions(layers: string[][], into = new Map<string, number>()): Map<string, number> {
  for (const l of layers) {
    l.forEach((n, i) => {
      into.set(n, i);
    });
  }
  return into;
}

function countCrossings(layers: string[][], segments: Segment[][]): number {
  const pos = positions(layers);
  return segments.reduce((sum, segs) => sum + crossingsBetween(segs, pos), 0);
}

function reorder(layer: string[], neighbours: Map<string, string[]>, pos: Map<string, number>): string[] {
  const keyed = layer.map((n, i) => {
    const ns = neighbours.get(n) ?? [];
    const bary = ns.length ? ns.reduce((s, m) => s + pos.get(m)!, 0) / ns.length : i;
    return { n, bary, i };
  });
  keyed.sort((a, b) => a.bary - b.bary || a.i - b.i);
  return keyed.map((k) => k.n);
}

export function layeredLayout(
  nodes: readonly string[],
  edges: readonly GraphEdge[],
  options: LayoutOptions = {},
): Layout {
  const nodeHeight = options.nodeHeight ?? 36;
  const nodeWidth = options.nodeWidth ?? ((id: string) => 24 + id.length * 8);
  const layerGap = options.layerGap ?? 90;
  const rowGap = options.rowGap ?? 24;
  const margin = options.margin ?? 16;
  const sweeps = options.sweeps ?? 12;

  const sorted = [...new Set(nodes)].sort();
  const dag = acyclic(sorted, edges);
  const layerOf = longestPathLayers(sorted, dag);
  const depth = Math.max(0, ...layerOf.values()) + 1;
  const layers: string[][] = Array.from({ length: depth }, () => []);
  for (const n of sorted) layers[layerOf.get(n)!]!.push(n);

  // Long edges become chains through one dummy node per layer they cross.
  const chains = new Map<string, string[]>();
  const segments: Segment[][] = Array.from({ length: Math.max(0, depth - 1) }, () => []);
  let dummies = 0;
  for (const e of dag) {
    const chain = [e.from];
    for (let l = layerOf.get(e.from)! + 1; l < layerOf.get(e.to)!; l++) {
      const d = `\u0000dummy${dummies++}`;
      layers[l]!.push(d);
      chain.push(d);
    }
    chain.push(e.to);
    for (let k = 0; k + 1 < chain.length; k++) {
      segments[layerOf.get(e.from)! + k]!.push({ upper: chain[k]!, lower: chain[k + 1]! });
    }
    chains.set(`${e.from}\u0000${e.to}`, chain);
  }
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const segs of segments) {
    for (const s of segs) {
      up.set(s.lower, [...(up.get(s.lower) ?? []), s.upper]);
      down.set(s.upper, [...(down.get(s.upper) ?? []), s.lower]);
    }
  }

  let best = layers.map((l) => [...l]);
  let bestCrossings = countCrossings(best, segments);
  const current = layers.map((l) => [...l]);
  for (let sweep = 0; sweep < sweeps && bestCrossings > 0; sweep++) {
    const pos = positions(current);
    const downward = sweep % 2 === 0;
    const range = downward
      ? Array.from({ length: depth - 1 }, (_, k) => k + 1)
      : Array.from({ length: depth - 1 }, (_, k) => depth - 2 - k);
    for (const l of range) {
      current[l] = reorder(current[l]!, downward ? up : down, pos);
      positions([current[l]!], pos);
    }
    const c = countCrossings(current, segments);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = current.map((l) => [...l]);
    }
  }

  // Coordinates: layers are columns left to right, each column centred vertically.
  const widthOf = (n: string) => (n.startsWith('\u0000') ? 0 : nodeWidth(n));
  const columnWidth = best.map((l) => Math.max(0, ...l.map(widthOf)));
  const tallest = Math.max(1, ...best.map((l) => l.length));
  const height = margin * 2 + tallest * nodeHeight + (tallest - 1) * rowGap;
  const place = new Map<string, { x: number; y: number; layer: number; order: number }>();
  let x = margin;
  best.forEach((layer, li) => {
    const columnHeight = layer.length * nodeHeight + Math.max(0, layer.length - 1) * rowGap;
    let y = (height - columnHeight) / 2;
    layer.forEach((n, order) => {
      place.set(n, { x, y, layer: li, order });
      y += nodeHeight + rowGap;
    });
    x += columnWidth[li]! + layerGap;
  });
  const width = Math.max(margin * 2, x - layerGap + margin);

  const placed: PlacedNode[] = sorted.map((id) => {
    const p = place.get(id)!;
    return { id, ...p, width: nodeWidth(id), height: nodeHeight };
  });
  const byId = new Map(placed.map((n) => [n.id, n]));
  const routed: RoutedEdge[] = edges
    .filter((e) => e.from !== e.to && byId.has(e.from) && byId.has(e.to))
    .map((e) => {
      const forward = chains.get(`${e.from}\u0000${e.to}`);
      const chain = forward ?? [...(chains.get(`${e.to}\u0000${e.from}`) ?? [e.to, e.from])].reverse();
      const points = chain.map((n, k) => {
        const p = place.get(n)!;
        const real = byId.get(n);
        if (!real) return { x: p.x + columnWidth[p.layer]! / 2, y: p.y + nodeHeight / 2 };
        const leftToRight = !!forward;
        // Leave from the side facing the next layer, arrive on the side facing the previous one.
        const outgoing = k === 0;
        const right = leftToRight ? outgoing : !outgoing;
        return { x: right ? p.x + real.width : p.x, y: p.y + nodeHeight / 2 };
      });
      return { from: e.from, to: e.to, points };
    });
  return { nodes: placed, edges: routed, width, height, crossings: bestCrossings };
}
