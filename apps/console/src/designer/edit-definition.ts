import type { EdgeDefinition, FlowDefinition, NodeType } from '../api/types';
import { freshId, nodeTemplate } from './node-templates';

/**
 * Canvas edits of the top-level graph, as pure functions of the definition: each returns a new definition, which the
 * designer writes back into the JSON text.
 */

/** Adds a node of `type`; when `after` names a node, an edge from it too. Returns the new node's id. */
export function addNode(flow: FlowDefinition, type: NodeType, after?: string): { flow: FlowDefinition; id: string } {
  const nodes = flow.nodes ?? [];
  const id = freshId(
    type,
    nodes.map((n) => n.id),
  );
  const edges: EdgeDefinition[] = [...(flow.edges ?? [])];
  if (after && nodes.some((n) => n.id === after)) edges.push({ from: after, to: id });
  return { flow: { ...flow, nodes: [...nodes, nodeTemplate(type, id)], edges }, id };
}

/** Removes a node and every edge to or from it. */
export function removeNode(flow: FlowDefinition, id: string): FlowDefinition {
  return {
    ...flow,
    nodes: (flow.nodes ?? []).filter((n) => n.id !== id),
    edges: (flow.edges ?? []).filter((e) => e.from !== id && e.to !== id),
  };
}

export function removeEdge(flow: FlowDefinition, index: number): FlowDefinition {
  return { ...flow, edges: (flow.edges ?? []).filter((_, i) => i !== index) };
}

/** Adds the edge `from → to` unless it is there already or would loop a node onto itself. */
export function connect(flow: FlowDefinition, from: string, to: string): FlowDefinition {
  const edges = flow.edges ?? [];
  if (from === to || edges.some((e) => e.from === from && e.to === to && !e.when && !e.on)) return flow;
  return { ...flow, edges: [...edges, { from, to }] };
}
