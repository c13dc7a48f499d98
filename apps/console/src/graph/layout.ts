import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphEdge, GraphNode } from './build-elements';
import { NODE_HEIGHT, NODE_WIDTH, type Box } from './geometry';

export type { Box } from './geometry';

/** Room for an expanded node's header above its body. */
const GROUP_HEADER = 44;
const EMPTY_GROUP = { width: 260, height: 110 };

/**
 * ELK runs in a web worker (build.mjs copies elkjs's worker script into the bundle): its 1.6 MB of compiled Java is
 * fetched and parsed beside the page's own script instead of before it, and a layout never blocks the page. Made at
 * once, so the worker loads while the page asks the API for the flow.
 */
const elk = new ELK({ workerUrl: '/console/elk-worker.min.js' });
// A first small layout while the flow is still on its way: ELK's classes are initialised and its layered algorithm
// compiled by then, so the flow's own layout does not pay for that.
void elk
  .layout({
    id: 'warm-up',
    layoutOptions: { 'elk.algorithm': 'layered' },
    children: [
      { id: 'a', width: 10, height: 10 },
      { id: 'b', width: 10, height: 10 },
    ],
    edges: [{ id: 'e', sources: ['a'], targets: ['b'] }],
  })
  .catch(() => undefined);
/** Past this many nodes, fewer crossing-minimisation passes: the layout of a 200-node flow stays well under a second. */
const LARGE_GRAPH = 100;

const layered = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.nodeNode': '36',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeRouting': 'ORTHOGONAL',
};

function toElk(nodes: GraphNode[], edges: GraphEdge[]): { children: ElkNode[]; edges: ElkExtendedEdge[] } {
  return {
    children: nodes.map((node): ElkNode => {
      if (!node.children) return { id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT };
      if (!node.children.nodes.length) return { id: node.id, ...EMPTY_GROUP };
      return {
        id: node.id,
        layoutOptions: { ...layered, 'elk.padding': `[top=${GROUP_HEADER},left=16,bottom=16,right=16]` },
        ...toElk(node.children.nodes, node.children.edges),
      };
    }),
    edges: edges.map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  };
}

/**
 * Places every node with ELK's layered algorithm (the Sugiyama method: layers top to bottom, few crossings), bodies
 * laid out inside their expanded node. Boxes of nested nodes are relative to their parent, as React Flow wants them.
 */
export async function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]): Promise<Map<string, Box>> {
  const root = await elk.layout({
    id: '__root',
    layoutOptions: {
      ...layered,
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      ...(countNodes(nodes) > LARGE_GRAPH && { 'elk.layered.thoroughness': '1' }),
    },
    ...toElk(nodes, edges),
  });
  const boxes = new Map<string, Box>();
  const collect = (children: ElkNode[] | undefined) => {
    for (const child of children ?? []) {
      boxes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
      collect(child.children);
    }
  };
  collect(root.children);
  return boxes;
}

function countNodes(nodes: GraphNode[]): number {
  return nodes.reduce((n, node) => n + 1 + (node.children ? countNodes(node.children.nodes) : 0), 0);
}
