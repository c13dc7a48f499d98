import { condition } from '@temporalio/workflow';
import { isDuration, toMilliseconds, type WaitPlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime, Outcome } from '../node-runtime';
import { RunFailure } from '../run-failure';
import type { NodeState } from '../run-state';

/** A durable timer an operator's skip can end early; without a skip its commands are those of a plain sleep. */
export async function executeWait(rt: NodeRuntime, planNode: WaitPlanNode, node: NodeState): Promise<Outcome> {
  const ms = await waitMs(rt, planNode);
  node.status = 'WAITING';
  if (ms > 0) await condition(() => rt.decisions.has(planNode.id), ms, { summary: `${planNode.name} (wait)` });
  const skip = rt.takeSkip(planNode.id);
  if (skip) return rt.operatorSkip(planNode, node, skip);
  node.output = { waitedMs: ms };
  rt.finishNode(node, 'SUCCEEDED');
  return 'SUCCEEDED';
}

async function waitMs(rt: NodeRuntime, planNode: WaitPlanNode): Promise<number> {
  if (planNode.until !== undefined) {
    const until = await rt.render(planNode.until, `${planNode.path}.until`);
    const at = typeof until === 'string' ? Date.parse(until) : Number.NaN;
    if (Number.isNaN(at)) throw new RunFailure(`${planNode.path}.until: "${String(until)}" is not an ISO-8601 instant`, 'ExpressionError');
    return Math.max(0, at - Date.now());
  }
  const duration = typeof planNode.duration === 'string' ? await rt.render(planNode.duration, `${planNode.path}.duration`) : planNode.duration;
  if (!isDuration(duration)) {
    throw new RunFailure(`${planNode.path}.duration: ${JSON.stringify(duration)} is not a duration`, 'ExpressionError');
  }
  return toMilliseconds(duration);
}
