import { condition } from '@temporalio/workflow';
import type { ApprovalPlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime, Outcome } from '../node-runtime';
import { RunFailure } from '../run-failure';
import type { NodeState } from '../run-state';

/** Waits (WAITING) for an approve/reject update, an operator's skip, or the timeout outcome. */
export async function executeApproval(rt: NodeRuntime, planNode: ApprovalPlanNode, node: NodeState): Promise<Outcome> {
  node.status = 'WAITING';
  const decided = () => rt.approvals.has(planNode.id) || rt.decisions.has(planNode.id);
  const inTime = planNode.timeoutMs === undefined ? (await condition(decided), true) : await condition(decided, planNode.timeoutMs);
  const skip = rt.takeSkip(planNode.id);
  if (skip) return rt.operatorSkip(planNode, node, skip);
  let approval = rt.approvals.get(planNode.id);
  if (!inTime || !approval) {
    if (planNode.onTimeout === 'fail') {
      throw new RunFailure(`approval "${planNode.id}" got no decision within ${planNode.timeoutMs}ms`, 'ApprovalTimeout');
    }
    approval = { decision: planNode.onTimeout === 'approve' ? 'approved' : 'rejected', by: 'timeout' };
  }
  node.output = { ...approval, at: new Date(Date.now()).toISOString() };
  rt.finishNode(node, 'SUCCEEDED');
  return 'SUCCEEDED';
}
