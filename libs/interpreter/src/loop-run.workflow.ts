import { continueAsNew, workflowInfo } from '@temporalio/workflow';
import { evaluateCondition } from '@weft/dsl';
import { scopeOf } from './expression-scope';
import { FlowExecution } from './flow-execution';
import { registerOperatorHandlers } from './operator-handlers';
import { RunControl } from './run-control';
import { definedBreakpoints, initialRunState, type LoopRunInput, type LoopRunResult, type RunState } from './run-state';

/**
 * The iterations of a loop node, as a child of its run: the body runs (do-while) until `while` is false or
 * maxIterations is reached. Long loops continue as new between iterations, carrying the count, the variables
 * and the operator state (paused, breakpoints, audit trail). Node operations address the current iteration.
 */
export async function loopRun(input: LoopRunInput): Promise<LoopRunResult> {
  let { iteration, last } = input;
  const vars = input.vars;
  const control = new RunControl(input.control ?? { breakpoints: definedBreakpoints(input.body) }, false);
  let current: RunState = { ...initialRunState(input.body, input.inputs, Date.now()), vars };
  let execution: FlowExecution | undefined;
  registerOperatorHandlers({
    control,
    state: () => ({ ...current, iteration, maxIterations: input.maxIterations }),
    vars: () => vars,
    execution: () => execution,
    nodeIds: new Set(input.body.nodes.map((n) => n.id)),
  });

  while (iteration < input.maxIterations) {
    current = { ...initialRunState(input.body, input.inputs, Date.now()), vars };
    execution = new FlowExecution(input.body, current, control, { scope: { iteration } });
    last = await execution.run();
    iteration += 1;
    if (input.while !== undefined) {
      const scope = scopeOf(current, workflowInfo().workflowId, { iteration: iteration - 1 });
      if (!(await evaluateCondition(input.while, scope, `${input.path}.while`))) break;
    }
    if (workflowInfo().continueAsNewSuggested && iteration < input.maxIterations) {
      await continueAsNew<typeof loopRun>({ ...input, vars, iteration, last, control: control.snapshot() });
    }
  }
  return { iterations: iteration, vars, last };
}
