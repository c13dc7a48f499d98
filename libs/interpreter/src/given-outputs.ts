import type { PlanNode } from '@weft/dsl/runtime';

/** The output a rerun takes from its source run for one node, and the run it comes from. */
export interface GivenOutput {
  output: unknown;
  from: string;
}

/** By node id: the nodes a rerun does not run again. */
export type GivenOutputs = Record<string, GivenOutput>;

/**
 * The kinds of node whose whole effect on the run is their output (and the `outputs` mapped from it): the
 * work and waiting a rerun can take as given. Nodes that run in the workflow (set, switch, end, fail) are
 * deterministic and cheap and run again, so their variable writes and decisions follow the rerun's inputs;
 * a loop too, since its body's variable writes are not in its output.
 */
const GIVABLE_KINDS: ReadonlySet<PlanNode['kind']> = new Set(['task', 'subflow', 'approval', 'wait', 'foreach']);

export function isGivable(node: Pick<PlanNode, 'kind'>): boolean {
  return GIVABLE_KINDS.has(node.kind);
}

/** The given output of a node, when the run has one for it and the node is of a kind that can be given. */
export function givenFor(given: GivenOutputs | undefined, node: PlanNode): GivenOutput | undefined {
  if (!given || !isGivable(node) || !Object.prototype.hasOwnProperty.call(given, node.id)) return undefined;
  return given[node.id];
}
