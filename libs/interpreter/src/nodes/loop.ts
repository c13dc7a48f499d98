import type { LoopPlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime, Outcome } from '../node-runtime';
import type { LoopRunInput, LoopRunResult, NodeState } from '../run-state';

/** Runs the body's iterations in a child loop run; the variables come back from it. */
export async function executeLoop(rt: NodeRuntime, planNode: LoopPlanNode, node: NodeState): Promise<Outcome> {
  const { state } = rt;
  const input: LoopRunInput = {
    body: planNode.body,
    ...(planNode.while !== undefined && { while: planNode.while }),
    maxIterations: planNode.maxIterations,
    path: planNode.path,
    inputs: state.inputs,
    vars: state.vars,
    iteration: 0,
  };
  const summary = `loop ${planNode.id} of ${state.flowId} v${state.version}`;
  const result = await rt.childRun<LoopRunResult>(node, 'loop', input, summary, state);
  Object.assign(state.vars, result.vars);
  node.iterations = result.iterations;
  node.output = { iterations: result.iterations, last: result.last };
  await rt.mapOutputs(planNode, node.output);
  rt.finishNode(node, 'SUCCEEDED');
  return 'SUCCEEDED';
}
