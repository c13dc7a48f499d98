import { setWorkflowOptions } from '@temporalio/workflow';
import { FlowExecution } from './flow-execution';
import { registerOperatorHandlers } from './operator-handlers';
import { upgradePlan } from './plan-upgrade';
import { isDeliberateEnd, unexpectedFailure, WORKFLOW_OPTIONS } from './run-boundary';
import { RunControl } from './run-control';
import { RunFailure } from './run-failure';
import { RunNotifier } from './run-notifier';
import { definedBreakpoints, initialRunState, type FlowRunInput } from './run-state';

/**
 * The interpreter: walks the plan's DAG durably, one activity per task node, pure nodes in the workflow.
 * The first failure (of a node whose onError is "fail") cancels the running nodes and fails the run.
 */
export async function flowRun(input: FlowRunInput): Promise<unknown> {
  let execution: FlowExecution | undefined;
  let notifier: RunNotifier | undefined;
  try {
    const plan = upgradePlan(input.plan);
    const control = new RunControl({ breakpoints: [...definedBreakpoints(plan), ...(input.breakpoints ?? [])] }, true);
    const started = new FlowExecution(plan, initialRunState(plan, input.inputs, Date.now()), control);
    started.given = input.given;
    execution = started;
    registerOperatorHandlers({
      control,
      state: () => started.state,
      vars: () => started.state.vars,
      execution: () => started,
      nodeIds: new Set(plan.nodes.map((n) => n.id)),
    });
    // Only runs whose flow has webhook subscribers (the API says so at start) emit events.
    if (input.notify) notifier = RunNotifier.start(input.notify, plan, () => started.state, control);
    return await started.run();
  } catch (err) {
    if (isDeliberateEnd(err)) throw err;
    // A bug or a malformed input: the run fails with the error in its state, never the workflow task.
    if (execution?.state.status === 'RUNNING')
      throw execution.failBeforeEnd(new RunFailure(unexpectedFailure(err).message, 'InterpreterError', err));
    throw unexpectedFailure(err);
  } finally {
    if (notifier) await notifier.close();
  }
}
setWorkflowOptions(WORKFLOW_OPTIONS, flowRun);
