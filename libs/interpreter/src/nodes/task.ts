import { isCancellation } from '@temporalio/workflow';
import { hasTemplate, type ComponentResult, type SubflowPlanNode, type TaskPlanNode, type PlanNode } from '@weft/dsl/runtime';
import { attemptOf, toNodeError } from '../failures';
import type { NodeRuntime, Outcome } from '../node-runtime';
import type { NodeState } from '../run-state';
import { runTask } from '../run-task';
import { runSubflow } from './subflow';

/** The common case, run without awaits of its own: literal inputs, no output mapping, failures fail the run. */
export function isPlainTask(node: PlanNode): node is TaskPlanNode {
  return node.kind === 'task' && !node.templated && !node.outputs && node.onError === 'fail';
}

export function executePlainTask(planNode: TaskPlanNode, node: NodeState): Promise<ComponentResult> {
  node.attempt = 1;
  node.inputs = planNode.inputs;
  return runTask(planNode, planNode.inputs);
}

/** A task or subflow: inputs rendered, outputs mapped into variables, onError applied. */
export async function executeWork(rt: NodeRuntime, planNode: TaskPlanNode | SubflowPlanNode, node: NodeState): Promise<Outcome> {
  let inputs = hasTemplate(planNode.inputs)
    ? ((await rt.render(planNode.inputs, `${planNode.path}.inputs`)) as Record<string, unknown>)
    : planNode.inputs;
  const maximumAttempts = planNode.kind === 'task' ? planNode.retry.maximumAttempts : 1;
  for (;;) {
    const priorAttempts = node.attempt;
    node.attempt = priorAttempts + 1;
    node.inputs = inputs;
    try {
      const result = planNode.kind === 'task' ? await runTask(planNode, inputs) : await runSubflow(rt, planNode, node, inputs);
      node.attempt = priorAttempts + result.attempt;
      node.output = result.output;
      await rt.mapOutputs(planNode, result.output);
      rt.finishNode(node, 'SUCCEEDED');
      return 'SUCCEEDED';
    } catch (err) {
      if (isCancellation(err) && rt.cancelling) throw err;
      node.attempt = priorAttempts + (attemptOf(err, maximumAttempts) ?? 1);
      node.error = toNodeError(err);
      if (planNode.onError === 'continue') {
        rt.finishNode(node, 'FAILED');
        return 'FAILED';
      }
      if (planNode.onError !== 'pause') throw err;
    }
    const decision = await rt.awaitOperator(node);
    if (decision.kind === 'skip') return rt.operatorSkip(planNode, node, decision.input);
    if (decision.input.inputs) inputs = decision.input.inputs;
    delete node.error;
    delete node.pauseReason;
    node.status = 'RUNNING';
  }
}
