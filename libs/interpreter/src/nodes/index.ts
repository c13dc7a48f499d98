import type { PlanNode } from '@weft/dsl/runtime';
import type { NodeRuntime, Outcome } from '../node-runtime';
import type { NodeState } from '../run-state';
import { executeApproval } from './approval';
import { executeEnd } from './end';
import { executeFail } from './fail';
import { executeForeach } from './foreach';
import { executeLoop } from './loop';
import { executeSet } from './set';
import { executeSwitch } from './switch';
import { executeWork } from './task';
import { executeWait } from './wait';

/** Runs one node of any kind (plain tasks take the walk's own fast path) and says how it ended. */
export function executeNode(rt: NodeRuntime, planNode: PlanNode, node: NodeState): Promise<Outcome> {
  switch (planNode.kind) {
    case 'task':
    case 'subflow':
      return executeWork(rt, planNode, node);
    case 'approval':
      return executeApproval(rt, planNode, node);
    case 'loop':
      return executeLoop(rt, planNode, node);
    case 'foreach':
      return executeForeach(rt, planNode, node);
    case 'set':
      return executeSet(rt, planNode, node);
    case 'wait':
      return executeWait(rt, planNode, node);
    case 'switch':
      return executeSwitch(rt, planNode, node);
    case 'end':
      return executeEnd(rt, planNode, node);
    case 'fail':
      return executeFail(rt, planNode, node);
  }
}
