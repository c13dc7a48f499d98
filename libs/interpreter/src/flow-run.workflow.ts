import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { TaskPlanNode } from '@weft/dsl';
import { attemptOf, toNodeError } from './failures';
import { stateQuery } from './messages';
import { nodeTable } from './node-table';
import {
  FINISHED_NODE_STATUSES,
  initialRunState,
  type FlowRunInput,
  type NodeState,
  type NodeStatus,
  type RunState,
} from './run-state';
import { runTask } from './run-task';
import { FLOW_STATUS } from './search-attributes';

/**
 * The interpreter: walks the plan's DAG durably. A node starts once all its predecessors succeeded;
 * independent nodes run in parallel. The first failure cancels the running nodes and fails the run.
 */
export async function flowRun(input: FlowRunInput): Promise<Record<string, unknown>> {
  const { plan } = input;
  const state = initialRunState(input, Date.now());
  setHandler(stateQuery, () => state);
  const publish = () => setCurrentDetails(nodeTable(state));

  const waitingOn = new Map(plan.nodes.map((n) => [n.id, n.predecessors.length]));
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const nodeScope = new CancellationScope();
  let inFlight = 0;
  let failure: { node: TaskPlanNode; error: unknown } | undefined;

  const finishNode = (node: NodeState, status: NodeStatus) => {
    node.status = status;
    const now = Date.now();
    if (node.startedAt) {
      node.finishedAt = new Date(now).toISOString();
      node.durationMs = now - Date.parse(node.startedAt);
    }
    state.progress[0] += 1;
  };

  const start = (planNode: TaskPlanNode) => {
    const node = state.nodes[planNode.id];
    node.status = 'RUNNING';
    node.startedAt = new Date(Date.now()).toISOString();
    node.attempt = 1;
    node.inputs = planNode.inputs;
    inFlight += 1;
    nodeScope
      .run(() => runTask(planNode, planNode.inputs))
      .then(
        (result) => {
          node.attempt = result.attempt;
          node.output = result.output;
          finishNode(node, 'SUCCEEDED');
          for (const next of planNode.successors) {
            const left = waitingOn.get(next)! - 1;
            waitingOn.set(next, left);
            if (left === 0 && !failure) start(byId.get(next)!);
          }
        },
        (error: unknown) => {
          node.attempt = attemptOf(error, planNode.retry.maximumAttempts) ?? node.attempt;
          if (isCancellation(error) && (failure || nodeScope.consideredCancelled)) {
            finishNode(node, 'CANCELLED');
            return;
          }
          node.error = toNodeError(error);
          finishNode(node, 'FAILED');
          if (!failure) {
            failure = { node: planNode, error };
            nodeScope.cancel();
          }
        },
      )
      .finally(() => {
        inFlight -= 1;
        publish();
      });
  };

  for (const node of plan.nodes) if (node.predecessors.length === 0) start(node);
  publish();
  try {
    await condition(() => inFlight === 0);
  } catch (err) {
    if (!isCancellation(err)) throw err;
    nodeScope.cancel();
    await CancellationScope.nonCancellable(() => condition(() => inFlight === 0));
    finishRun(state, 'CANCELLED');
    publish();
    throw err;
  }

  if (failure) {
    const message = `node "${failure.node.id}" failed: ${state.nodes[failure.node.id].error?.message}`;
    state.error = { message, type: 'NodeFailed', cause: state.nodes[failure.node.id].error };
    finishRun(state, 'FAILED');
    publish();
    throw ApplicationFailure.create({
      message,
      type: 'NodeFailed',
      nonRetryable: true,
      details: [{ nodeId: failure.node.id }],
      cause: failure.error instanceof Error ? failure.error : undefined,
    });
  }

  state.output = Object.fromEntries(Object.values(state.nodes).map((n) => [n.id, n.output]));
  finishRun(state, 'SUCCEEDED');
  publish();
  return state.output;
}

function finishRun(state: RunState, status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED') {
  for (const node of Object.values(state.nodes)) {
    if (!FINISHED_NODE_STATUSES.has(node.status)) {
      node.status = 'CANCELLED';
      state.progress[0] += 1;
    }
  }
  state.status = status;
  state.finishedAt = new Date(Date.now()).toISOString();
  upsertSearchAttributes([{ key: FLOW_STATUS, value: status }]);
}
