import type { SetPlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime, Outcome } from '../node-runtime';
import type { NodeState } from '../run-state';

/** Assigns variables from expressions, inside the workflow. */
export async function executeSet(rt: NodeRuntime, planNode: SetPlanNode, node: NodeState): Promise<Outcome> {
  const values = (await rt.render(planNode.assign, `${planNode.path}.assign`)) as Record<string, unknown>;
  rt.assignVariables(values, `${planNode.path}.assign`);
  node.output = values;
  rt.finishNode(node, 'SUCCEEDED');
  return 'SUCCEEDED';
}
