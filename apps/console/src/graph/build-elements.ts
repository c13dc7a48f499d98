import type { EdgeDefinition, GraphDefinition, NodeDefinition } from '../api/types';
import { childNodeId, edgeId } from './element-ids';

/** A graph element before layout: what ELK sizes and places, and what React Flow then draws. */
export interface GraphNode {
  id: string;
  definition: NodeDefinition;
  /** JSON path of the node in the flow definition (`$.nodes[2]`, `$.nodes[2].body.nodes[0]`), for error mapping. */
  path: string;
  /** Loop, foreach and subflow nodes can open to show their body. */
  expandable: boolean;
  expanded: boolean;
  /** The nodes and edges of an expanded body or subflow. */
  children?: { nodes: GraphNode[]; edges: GraphEdge[]; note?: string };
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  definition: EdgeDefinition;
  path: string;
  label?: string;
}

export interface BuildOptions {
  expanded: ReadonlySet<string>;
  /** Definitions of expanded subflow nodes, by node id; a string is why it could not be read. */
  subflows: ReadonlyMap<string, GraphDefinition | string>;
}

/** What an edge is labelled with: its `when` condition and its `on` kind when not the default `success`. */
export function edgeLabel(edge: EdgeDefinition): string | undefined {
  const parts: string[] = [];
  if (edge.on && edge.on !== 'success') parts.push(`on ${edge.on}`);
  if (edge.when) parts.push(`when ${edge.when}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * Flow definition → graph elements, recursively through the expanded bodies. Edges naming unknown nodes are kept
 * out (the designer shows the definition while it is being written; validation reports them).
 */
export function buildElements(
  graph: GraphDefinition,
  options: BuildOptions,
  scope?: string,
  pathPrefix = '$',
  // A subflow's path is not in this definition: its elements carry no path.
  inDefinition = true,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = [];
  const ids = new Set<string>();
  const list = Array.isArray(graph?.nodes) ? graph.nodes : [];
  list.forEach((definition, index) => {
    if (!definition || typeof definition !== 'object' || typeof definition.id !== 'string' || ids.has(definition.id))
      return;
    ids.add(definition.id);
    const id = childNodeId(scope, definition.id);
    const path = inDefinition ? `${pathPrefix}.nodes[${index}]` : '';
    const expandable = definition.type === 'loop' || definition.type === 'foreach' || definition.type === 'subflow';
    const expanded = expandable && options.expanded.has(id);
    const node: GraphNode = { id, definition, path, expandable, expanded };
    if (expanded && (definition.type === 'loop' || definition.type === 'foreach')) {
      node.children = buildElements(definition.body, options, id, `${path}.body`, inDefinition);
    } else if (expanded && definition.type === 'subflow') {
      const sub = options.subflows.get(id);
      if (typeof sub === 'object') node.children = buildElements(sub, options, id, '', false);
      else node.children = { nodes: [], edges: [], note: sub ?? 'loading…' };
    }
    nodes.push(node);
  });
  const edges: GraphEdge[] = [];
  const edgeList = Array.isArray(graph?.edges) ? graph.edges : [];
  edgeList.forEach((definition, index) => {
    if (!definition || !ids.has(definition.from) || !ids.has(definition.to)) return;
    edges.push({
      id: edgeId(scope, index),
      source: childNodeId(scope, definition.from),
      target: childNodeId(scope, definition.to),
      definition,
      path: inDefinition ? `${pathPrefix}.edges[${index}]` : '',
      label: edgeLabel(definition),
    });
  });
  return { nodes, edges };
}
