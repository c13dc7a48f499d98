import { jsonBytes, LIMITS, type ComponentResult, type SubflowPlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime } from '../node-runtime';
import { RunFailure } from '../run-failure';
import type { FlowRunInput, NodeState } from '../run-state';

/** A child run of the pinned subflow plan. */
export async function runSubflow(
  rt: NodeRuntime,
  planNode: SubflowPlanNode,
  node: NodeState,
  inputs: Record<string, unknown>,
): Promise<ComponentResult> {
  const input: FlowRunInput = { plan: planNode.plan, inputs };
  const summary = `${planNode.plan.flowId} v${planNode.plan.version} (subflow ${planNode.id})`;
  const output = await rt.childRun<unknown>(node, 'subflow', input, summary, planNode.plan);
  const bytes = jsonBytes(output);
  if (bytes > LIMITS.maxNodeOutputBytes) {
    throw new RunFailure(`subflow output is ${bytes} bytes; the limit is ${LIMITS.maxNodeOutputBytes}`, 'OutputTooLarge');
  }
  return { output, attempt: 1 };
}
