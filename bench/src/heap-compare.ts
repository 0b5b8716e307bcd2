// bench/heap-compare: what grew between two V8 heap snapshots of one process (not part of `make bench`).
// `node bench/dist/src/heap-compare.js <earlier.heapsnapshot> <later.heapsnapshot> [rows]` prints, per
// constructor (node type and name), the object count, self size and retained size in each snapshot
// and their growth, largest retained growth first. Retained sizes come from the dominator tree
// (Cooper, Harvey and Kennedy's iterative algorithm over a post-order from the root, weak edges
// left out); a constructor's retained size sums its objects whose immediate dominator is not of the
// same constructor, so directly nested ones are not counted twice (an A under a B under an A still is).
import { readFileSync } from 'node:fs';

interface RawSnapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface ConstructorFigures {
  count: number;
  self: number;
  retained: number;
}

/** Count, self and retained bytes per `type:name` of one snapshot file. */
export function constructorFigures(file: string): Map<string, ConstructorFigures> {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const { node_fields, node_types, edge_fields, edge_types } = raw.snapshot.meta;
  const nodeSize = node_fields.length;
  const edgeSize = edge_fields.length;
  const [typeAt, nameAt, selfAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) =>
    node_fields.indexOf(f),
  ) as [number, number, number, number];
  const [edgeTypeAt, toAt] = ['type', 'to_node'].map((f) => edge_fields.indexOf(f)) as [number, number];
  const weak = edge_types[0].indexOf('weak');
  const n = raw.nodes.length / nodeSize;
  const { nodes, edges } = raw;

  const firstEdge = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) firstEdge[i + 1] = firstEdge[i]! + nodes[i * nodeSize + edgeCountAt]! * edgeSize;
  const targets = (i: number, visit: (j: number) => void) => {
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += edgeSize) {
      if (edges[e + edgeTypeAt] !== weak) visit(edges[e + toAt]! / nodeSize);
    }
  };

  // Post-order from the root (node 0), iteratively.
  const order = new Int32Array(n).fill(-1); // post-order number
  const byOrder: number[] = [];
  const stack: number[] = [0];
  const cursor = new Uint32Array(n);
  const seen = new Uint8Array(n);
  seen[0] = 1;
  for (let i = 0; i < n; i++) cursor[i] = firstEdge[i]!;
  while (stack.length > 0) {
    const i = stack.at(-1)!;
    let pushed = false;
    while (cursor[i]! < firstEdge[i + 1]!) {
      const e = cursor[i]!;
      cursor[i] = e + edgeSize;
      if (edges[e + edgeTypeAt] === weak) continue;
      const j = edges[e + toAt]! / nodeSize;
      if (!seen[j]) {
        seen[j] = 1;
        stack.push(j);
        pushed = true;
        break;
      }
    }
    if (!pushed) {
      stack.pop();
      order[i] = byOrder.length;
      byOrder.push(i);
    }
  }
  const predecessors: number[][] = Array.from({ length: n }, () => []);
  for (const i of byOrder) targets(i, (j) => predecessors[j]!.push(i));

  const dominator = new Int32Array(n).fill(-1);
  dominator[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = dominator[a]!;
      while (order[b]! < order[a]!) b = dominator[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = byOrder.length - 2; k >= 0; k--) {
      const i = byOrder[k]!;
      let idom = -1;
      for (const p of predecessors[i]!) {
        if (dominator[p] === -1) continue;
        idom = idom === -1 ? p : intersect(p, idom);
      }
      if (idom !== -1 && dominator[i] !== idom) {
        dominator[i] = idom;
        changed = true;
      }
    }
  }

  const retained = new Float64Array(n);
  for (const i of byOrder) retained[i]! += nodes[i * nodeSize + selfAt]!;
  for (const i of byOrder) if (i !== 0) retained[dominator[i]!]! += retained[i]!;

  const label = (i: number) =>
    `${node_types[0][nodes[i * nodeSize + typeAt]!]}:${raw.strings[nodes[i * nodeSize + nameAt]!]!.slice(0, 60)}`;
  const figures = new Map<string, ConstructorFigures>();
  for (const i of byOrder) {
    const key = label(i);
    const f = figures.get(key) ?? { count: 0, self: 0, retained: 0 };
    f.count++;
    f.self += nodes[i * nodeSize + selfAt]!;
    if (i === 0 || label(dominator[i]!) !== key) f.retained += retained[i]!;
    figures.set(key, f);
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [earlier, later, rows = '40'] = process.argv.slice(2);
  if (!earlier || !later) throw new Error('usage: heap-compare <earlier.heapsnapshot> <later.heapsnapshot> [rows]');
  const [a, b] = [constructorFigures(earlier), constructorFigures(later)];
  const none: ConstructorFigures = { count: 0, self: 0, retained: 0 };
  const kb = (bytes: number) => (bytes / 1024).toFixed(0);
  const lines = [...new Set([...a.keys(), ...b.keys()])]
    .map((key) => ({ key, a: a.get(key) ?? none, b: b.get(key) ?? none }))
    .sort((x, y) => y.b.retained - y.a.retained - (x.b.retained - x.a.retained));
  const total = (m: Map<string, ConstructorFigures>) => [...m.values()].reduce((s, f) => s + f.self, 0);
  console.log(`heap self total: ${kb(total(a))} KB → ${kb(total(b))} KB`);
  console.log('constructor\tcount\tΔcount\tself KB\tΔself KB\tretained KB\tΔretained KB');
  for (const { key, a: x, b: y } of lines.slice(0, Number(rows))) {
    console.log(
      [
        key,
        y.count,
        y.count - x.count,
        kb(y.self),
        kb(y.self - x.self),
        kb(y.retained),
        kb(y.retained - x.retained),
      ].join('\t'),
    );
  }
  console.log('largest growth by self size:');
  for (const { key, a: x, b: y } of lines.sort((p, q) => q.b.self - q.a.self - (p.b.self - p.a.self)).slice(0, 15)) {
    console.log([key, y.count, y.count - x.count, kb(y.self), kb(y.self - x.self)].join('\t'));
  }
}
