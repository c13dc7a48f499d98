import {
  fromWirePlan,
  isWirePlan,
  type ExecutionPlan,
  type PlanEdge,
  type PlanNode,
  type WirePlan,
} from '@weft/dsl/runtime';

/** A plan as the first interpreter received it: task nodes linked by predecessor and successor ids. */
interface PlanV1 {
  flowId: string;
  version: number;
  nodes: (Record<string, unknown> & { id: string; predecessors: string[]; successors: string[] })[];
}

/**
 * The plan of a run's input as a current plan: the API sends its wire form (wire-plan.ts); runs started before
 * edges became first-class carry a v1 plan in their (immutable) workflow input, read so that they replay and continue
 * unchanged.
 */
export function upgradePlan(plan: ExecutionPlan | WirePlan | PlanV1): ExecutionPlan {
  if (isWirePlan(plan)) return fromWirePlan(plan);
  if ('edges' in plan && Array.isArray(plan.edges)) return plan;
  const v1 = plan as PlanV1;
  const edges: PlanEdge[] = [];
  const incoming = new Map<string, number[]>(v1.nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, number[]>(v1.nodes.map((n) => [n.id, []]));
  for (const node of v1.nodes) {
    for (const to of node.successors) {
      incoming.get(to)!.push(edges.length);
      outgoing.get(node.id)!.push(edges.length);
      edges.push({ from: node.id, to, on: 'success', path: `$.edges[${edges.length}]` });
    }
  }
  const nodes = v1.nodes.map(({ predecessors: _p, successors: _s, ...node }, i) => ({
    ...node,
    path: `$.nodes[${i}]`,
    templated: false,
    onError: 'fail',
    incoming: incoming.get(node.id)!,
    outgoing: outgoing.get(node.id)!,
  })) as unknown as PlanNode[];
  return { flowId: v1.flowId, version: v1.version, nodes, edges, variables: {} };
}
