import { LIMITS, type ForeachPlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime, Outcome } from '../node-runtime';
import { RunFailure } from '../run-failure';
import type { ForeachRunInput, ForeachRunResult, NodeState } from '../run-state';

/** Maps the body over the items in a child foreach run. */
export async function executeForeach(rt: NodeRuntime, planNode: ForeachPlanNode, node: NodeState): Promise<Outcome> {
  const { state } = rt;
  const items = await rt.render(planNode.items, `${planNode.path}.items`);
  if (!Array.isArray(items)) {
    throw new RunFailure(`${planNode.path}.items must give a list, got ${JSON.stringify(items) ?? 'nothing'}`, 'ExpressionError');
  }
  if (items.length > LIMITS.maxForeachItems) {
    throw new RunFailure(`${planNode.path}.items gave ${items.length} items; the limit is ${LIMITS.maxForeachItems}`, 'TooManyItems');
  }
  let result: ForeachRunResult = { outputs: [], succeeded: 0, failed: 0, errors: [] };
  if (items.length) {
    const input: ForeachRunInput = {
      body: planNode.body,
      items,
      concurrency: planNode.concurrency,
      onItemError: planNode.onItemError,
      path: planNode.path,
      inputs: state.inputs,
      vars: state.vars,
      next: 0,
      outputs: [],
      errors: [],
    };
    const summary = `foreach ${planNode.id} of ${state.flowId} v${state.version}`;
    result = await rt.childRun<ForeachRunResult>(node, 'foreach', input, summary, state);
  }
  node.items = { total: items.length, succeeded: result.succeeded, failed: result.failed };
  node.output = result;
  await rt.mapOutputs(planNode, result);
  rt.finishNode(node, 'SUCCEEDED');
  return 'SUCCEEDED';
}
