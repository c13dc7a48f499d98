import { setHandler } from '@temporalio/workflow';
import { FlowExecution } from './flow-execution';
import {
  approveUpdate,
  rejectUpdate,
  retryNodeSignal,
  retryNodeUpdate,
  skipNodeSignal,
  skipNodeUpdate,
  stateQuery,
} from './messages';
import { upgradePlan } from './plan-upgrade';
import { initialRunState, type FlowRunInput } from './run-state';

/**
 * The interpreter: walks the plan's DAG durably, one activity per task node, pure nodes in the workflow.
 * The first failure (of a node whose onError is "fail") cancels the running nodes and fails the run.
 */
export async function flowRun(input: FlowRunInput): Promise<unknown> {
  const plan = upgradePlan(input.plan);
  const execution = new FlowExecution(plan, initialRunState(plan, input.inputs, Date.now()));
  const { state } = execution;
  setHandler(stateQuery, () => state);

  const refuse = (nodeId: string) => {
    const reason = execution.refusal(nodeId);
    if (reason) throw new Error(reason);
  };
  setHandler(
    retryNodeUpdate,
    (request) => {
      execution.decide(request.nodeId, { kind: 'retry', input: request });
      return state;
    },
    { validator: ({ nodeId }) => refuse(nodeId) },
  );
  setHandler(
    skipNodeUpdate,
    (request) => {
      execution.decide(request.nodeId, { kind: 'skip', input: request });
      return state;
    },
    { validator: ({ nodeId }) => refuse(nodeId) },
  );
  setHandler(retryNodeSignal, (request) => {
    if (!execution.refusal(request.nodeId)) execution.decide(request.nodeId, { kind: 'retry', input: request });
  });
  setHandler(skipNodeSignal, (request) => {
    if (!execution.refusal(request.nodeId)) execution.decide(request.nodeId, { kind: 'skip', input: request });
  });

  for (const [update, decision] of [
    [approveUpdate, 'approved'],
    [rejectUpdate, 'rejected'],
  ] as const) {
    setHandler(
      update,
      ({ nodeId, payload, by, comment }) => {
        execution.recordApproval(nodeId, { decision, payload, by, comment });
        return state;
      },
      {
        validator: ({ nodeId, payload }) => {
          const reason = execution.approvalRefusal(nodeId, payload);
          if (reason) throw new Error(reason);
        },
      },
    );
  }

  return execution.run();
}
