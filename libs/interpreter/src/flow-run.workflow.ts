import { FlowExecution } from './flow-execution';
import { registerOperatorHandlers } from './operator-handlers';
import { upgradePlan } from './plan-upgrade';
import { RunControl } from './run-control';
import { definedBreakpoints, initialRunState, type FlowRunInput } from './run-state';

/**
 * The interpreter: walks the plan's DAG durably, one activity per task node, pure nodes in the workflow.
 * The first failure (of a node whose onError is "fail") cancels the running nodes and fails the run.
 */
export async function flowRun(input: FlowRunInput): Promise<unknown> {
  const plan = upgradePlan(input.plan);
  const control = new RunControl({ breakpoints: [...definedBreakpoints(plan), ...(input.breakpoints ?? [])] }, true);
  const execution = new FlowExecution(plan, initialRunState(plan, input.inputs, Date.now()), control);
  registerOperatorHandlers({
    control,
    state: () => execution.state,
    vars: () => execution.state.vars,
    execution: () => execution,
    nodeIds: new Set(plan.nodes.map((n) => n.id)),
  });
  return execution.run();
}
