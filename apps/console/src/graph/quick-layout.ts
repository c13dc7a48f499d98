import type { GraphEdge, GraphNode } from './build-elements';
import { NODE_HEIGHT, NODE_WIDTH, type Box } from './geometry';

const LAYER_GAP = 56;
const NODE_GAP = 36;

/**
 * A first layout of a closed graph in a few milliseconds, drawn while ELK (whose first layout in a fresh worker pays
 * for compiling itself) works on the real one: each node one layer below its deepest predecessor (longest path),
 * ordered in its layer by the mean position of its predecessors, layers centred. Crossings are not minimised.
 */
export function quickLayout(nodes: GraphNode[], edges: GraphEdge[]): Map<string, Box> {
  const predecessors = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const edge of edges) predecessors.get(edge.target)?.push(edge.source);
  const layerOf = new Map<string, number>();
  const visiting = new Set<string>();
  const layer = (id: string): number => {
    const known = layerOf.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle (the checks refuse them): cut it here
    visiting.add(id);
    const depth = Math.max(-1, ...(predecessors.get(id) ?? []).map(layer)) + 1;
    visiting.delete(id);
    layerOf.set(id, depth);
    return depth;
  };
  const layers: string[][] = [];
  for (const node of nodes) (layers[layer(node.id)] ??= []).push(node.id);

  const position = new Map<string, number>();
  const boxes = new Map<string, Box>();
  const widest = Math.max(...layers.map((l) => l?.length ?? 0));
  layers.forEach((ids, depth) => {
    if (!ids) return;
    const mean = (id: string) => {
      const above = (predecessors.get(id) ?? []).map((p) => position.get(p)).filter((x) => x !== undefined);
      return above.length ? above.reduce((a, b) => a + b, 0) / above.length : 0;
    };
    const ordered = ids.map((id) => ({ id, key: mean(id) })).sort((a, b) => a.key - b.key);
    const offset = (widest - ordered.length) / 2;
    ordered.forEach(({ id }, index) => {
      position.set(id, index + offset);
      boxes.set(id, {
        x: (index + offset) * (NODE_WIDTH + NODE_GAP),
        y: depth * (NODE_HEIGHT + LAYER_GAP),
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
      });
    });
  });
  return boxes;
}
