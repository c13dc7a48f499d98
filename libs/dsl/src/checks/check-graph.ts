import type { GraphDefinition } from '../types';
import { childPath, type ValidationIssue } from '../validation-issue';

/** Unique node ids, edges between existing nodes, no duplicate edges and no cycles. */
export function checkGraph(flow: GraphDefinition, base = '$'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  flow.nodes.forEach((node, i) => {
    if (ids.has(node.id)) issues.push({ path: `${base}.nodes[${i}].id`, message: `duplicate node id "${node.id}"` });
    ids.add(node.id);
  });

  const edges = flow.edges ?? [];
  const seen = new Set<string>();
  const usable: { from: string; to: string; index: number }[] = [];
  edges.forEach((edge, index) => {
    const path = childPath(`${base}.edges`, index);
    let ok = true;
    for (const end of ['from', 'to'] as const) {
      if (!ids.has(edge[end])) {
        issues.push({ path: `${path}.${end}`, message: `unknown node "${edge[end]}"` });
        ok = false;
      }
    }
    if (!ok) return;
    if (edge.from === edge.to) {
      issues.push({ path, message: `edge from "${edge.from}" to itself makes a cycle` });
      return;
    }
    const key = `${edge.from}\u0000${edge.to}`;
    if (seen.has(key)) {
      issues.push({ path, message: `duplicate edge "${edge.from}" → "${edge.to}"` });
      return;
    }
    seen.add(key);
    usable.push({ ...edge, index });
  });

  const cycle = findCycle(usable);
  if (cycle) {
    issues.push({ path: childPath(`${base}.edges`, cycle.edgeIndex), message: `edges form a cycle: ${cycle.nodes.join(' → ')}` });
  }
  return issues;
}

function findCycle(edges: { from: string; to: string; index: number }[]) {
  const out = new Map<string, { to: string; index: number }[]>();
  for (const edge of edges) {
    const list = out.get(edge.from) ?? [];
    list.push(edge);
    out.set(edge.from, list);
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): { nodes: string[]; edgeIndex: number } | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const edge of out.get(node) ?? []) {
      const next = state.get(edge.to);
      if (next === 'open') {
        return { nodes: [...stack.slice(stack.indexOf(edge.to)), edge.to], edgeIndex: edge.index };
      }
      if (next === undefined) {
        const found = visit(edge.to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of out.keys()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return undefined;
}
