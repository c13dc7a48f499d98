import type { SwitchPlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime, Outcome } from '../node-runtime';
import type { NodeState } from '../run-state';

/** A gateway does nothing itself: its outgoing edges' conditions are the cases (see edge-decisions.ts). */
export async function executeSwitch(rt: NodeRuntime, _planNode: SwitchPlanNode, node: NodeState): Promise<Outcome> {
  rt.finishNode(node, 'SUCCEEDED');
  return 'SUCCEEDED';
}
