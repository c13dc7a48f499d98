import type { EndPlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime, Outcome } from '../node-runtime';
import type { NodeState } from '../run-state';

/** Ends the run successfully with its output; nodes still running are cancelled and marked SKIPPED. */
export async function executeEnd(rt: NodeRuntime, planNode: EndPlanNode, node: NodeState): Promise<Outcome> {
  const output = planNode.output !== undefined ? await rt.render(planNode.output, `${planNode.path}.output`) : await rt.runOutput();
  rt.endRun(output);
  node.output = output;
  rt.finishNode(node, 'SUCCEEDED');
  return 'SUCCEEDED';
}
