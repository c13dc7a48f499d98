import type { FailPlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime, Outcome } from '../node-runtime';
import { RunFailure } from '../run-failure';
import type { NodeState } from '../run-state';

/** Fails the run with the node's message and error type. */
export async function executeFail(rt: NodeRuntime, planNode: FailPlanNode, node: NodeState): Promise<Outcome> {
  const message = String(await rt.render(planNode.message, `${planNode.path}.message`));
  node.error = { message, type: planNode.errorType };
  throw new RunFailure(message, planNode.errorType, undefined, planNode.id);
}
