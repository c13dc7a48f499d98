import { condition, setHandler } from '@temporalio/workflow';
import { FlowExecution, type OperatorDecision } from './flow-execution';
import {
  approveUpdate,
  rejectUpdate,
  retryNodeSignal,
  retryNodeUpdate,
  skipNodeSignal,
  skipNodeUpdate,
  stateQuery,
  type RetryNodeInput,
  type SkipNodeInput,
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

  // Operator decisions on a node paused on error: updates answer with the refusal; signals cannot, so they drop it.
  for (const [kind, update, signal] of [
    ['retry', retryNodeUpdate, retryNodeSignal],
    ['skip', skipNodeUpdate, skipNodeSignal],
  ] as const) {
    const decide = (input: RetryNodeInput & SkipNodeInput) => execution.decide(input.nodeId, { kind, input } as OperatorDecision);
    setHandler(
      update,
      async (input: RetryNodeInput & SkipNodeInput) => {
        decide(input);
        // Answer with the state once the node has acted on the decision (RUNNING again, or SKIPPED).
        await condition(() => !execution.hasPendingDecision(input.nodeId));
        return state;
      },
      {
        validator: ({ nodeId }) => {
          const reason = execution.refusal(nodeId);
          if (reason) throw new Error(reason);
        },
      },
    );
    setHandler(signal, (input: RetryNodeInput & SkipNodeInput) => {
      if (!execution.refusal(input.nodeId)) decide(input);
    });
  }

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
