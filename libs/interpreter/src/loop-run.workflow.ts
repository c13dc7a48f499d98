import { continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { evaluateCondition } from '@weft/dsl';
import { scopeOf } from './expression-scope';
import { FlowExecution } from './flow-execution';
import { stateQuery } from './messages';
import { initialRunState, type LoopRunInput, type LoopRunResult, type RunState } from './run-state';

/**
 * The iterations of a loop node, as a child of its run: the body runs (do-while) until `while` is false or
 * maxIterations is reached. Long loops continue as new between iterations, carrying the count and the variables.
 */
export async function loopRun(input: LoopRunInput): Promise<LoopRunResult> {
  let { iteration, vars, last } = input;
  let current: RunState = { ...initialRunState(input.body, input.inputs, Date.now()), vars };
  setHandler(stateQuery, () => ({ ...current, vars, iteration, maxIterations: input.maxIterations }));

  while (iteration < input.maxIterations) {
    current = { ...initialRunState(input.body, input.inputs, Date.now()), vars };
    const execution = new FlowExecution(input.body, current, { scope: { iteration } });
    last = await execution.run();
    vars = current.vars;
    iteration += 1;
    if (input.while !== undefined) {
      const scope = scopeOf(current, workflowInfo().workflowId, { iteration: iteration - 1 });
      if (!(await evaluateCondition(input.while, scope, `${input.path}.while`))) break;
    }
    if (workflowInfo().continueAsNewSuggested && iteration < input.maxIterations) {
      await continueAsNew<typeof loopRun>({ ...input, vars, iteration, last });
    }
  }
  return { iterations: iteration, vars, last };
}
