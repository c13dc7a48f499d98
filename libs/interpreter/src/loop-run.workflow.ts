import {
  ApplicationFailure,
  type CancellationScope,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  patched,
  setWorkflowOptions,
  workflowInfo,
} from '@temporalio/workflow';
import {
  conditionWithoutJsonata,
  evaluateCondition,
  type EvaluationOptions,
  type ExpressionScope,
} from '@weft/dsl/runtime';
import { writeClosingRecords } from './closing-records';
import { expressionOptions } from './expression-options';
import { scopeOf } from './expression-scope';
import { toNodeError } from './failures';
import { FlowExecution } from './flow-execution';
import { walkIterations, type LoopProgress } from './loop-iterations';
import { registerOperatorHandlers } from './operator-handlers';
import { PATCHES } from './patches';
import { isDeliberateEnd, unexpectedFailure, WORKFLOW_OPTIONS } from './run-boundary';
import { RunControl } from './run-control';
import { runFailureOf } from './run-failure';
import { definedBreakpoints, initialRunState, type LoopRunInput, type LoopRunResult, type RunState } from './run-state';
import { WorkMeter } from './work-meter';

/**
 * The iterations of a loop node, as a child of its run: the body runs (do-while) until `while` is false or
 * maxIterations is reached. Long loops continue as new between iterations, carrying the count, the variables
 * and the operator state (paused, breakpoints, audit trail). Node operations address the current iteration.
 */
export async function loopRun(input: LoopRunInput): Promise<LoopRunResult> {
  const progress: LoopProgress = { iteration: input.iteration, last: input.last };
  const vars = input.vars;
  const control = new RunControl(input.control ?? { breakpoints: definedBreakpoints(input.body) }, false);
  let current: RunState = { ...initialRunState(input.body, input.inputs, Date.now()), vars };
  let execution: FlowExecution | undefined;
  const meter = new WorkMeter();
  const loopState = (): RunState => ({ ...current, iteration: progress.iteration, maxIterations: input.maxIterations });
  registerOperatorHandlers({
    control,
    state: loopState,
    vars: () => vars,
    execution: () => execution,
    nodeIds: new Set(input.body.nodes.map((n) => n.id)),
  });
  /** A fresh state and walk for the next iteration; without a scope given, the walk makes its own. */
  const beginIteration = (scope?: CancellationScope): FlowExecution => {
    current = { ...initialRunState(input.body, input.inputs, Date.now()), vars };
    const nested = { scope: { iteration: progress.iteration } };
    execution = new FlowExecution(input.body, current, control, nested, meter, scope);
    return execution;
  };
  const continueLoopAsNew = () =>
    continueAsNew<typeof loopRun>({ ...input, vars, ...progress, control: control.snapshot() });

  try {
    if (patched(PATCHES.leanIterations)) {
      const ending = await walkIterations(input, progress, beginIteration, (finished) =>
        whileHoldsNow(input, current, finished, meter),
      );
      if (ending === 'continue-as-new') await continueLoopAsNew();
    } else {
      while (progress.iteration < input.maxIterations) {
        progress.last = await beginIteration().run();
        progress.iteration += 1;
        if (input.while !== undefined && !(await holdsAfter(input, current, progress.iteration - 1, meter))) break;
        if (workflowInfo().continueAsNewSuggested && progress.iteration < input.maxIterations) {
          await continueLoopAsNew();
        }
      }
    }
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    const failure = isDeliberateEnd(err) ? err : unexpectedFailure(err);
    const status = isCancellation(err) ? 'CANCELLED' : 'FAILED';
    writeClosingRecords(control.view({ ...loopState(), status, error: toNodeError(failure), finishedAt: now() }), {
      flowStatus: true,
    });
    throw failure;
  }
  const { iteration: iterations, last } = progress;
  const output = { iterations, last };
  writeClosingRecords(control.view({ ...loopState(), status: 'SUCCEEDED', output, finishedAt: now() }), {
    flowStatus: true,
  });
  return { iterations, vars, last };
}
setWorkflowOptions(WORKFLOW_OPTIONS, loopRun);

/** The loop's `while`, after an iteration; an error in it fails the loop with the expression and its path. */
async function holdsAfter(input: LoopRunInput, state: RunState, iteration: number, meter: WorkMeter): Promise<boolean> {
  const decided = whileWithoutJsonata(input, state, iteration, meter);
  if ('holds' in decided) return decided.holds;
  try {
    return await evaluateCondition(input.while!, decided.scope, `${input.path}.while`, meter, decided.options);
  } catch (err) {
    throw whileFailure(err);
  }
}

/** holdsAfter() without a promise when the fast path decides it (runs with PATCHES.leanIterations). */
function whileHoldsNow(
  input: LoopRunInput,
  state: RunState,
  iteration: number,
  meter: WorkMeter,
): boolean | Promise<boolean> {
  const decided = whileWithoutJsonata(input, state, iteration, meter);
  if ('holds' in decided) return decided.holds;
  return evaluateCondition(input.while!, decided.scope, `${input.path}.while`, meter, decided.options).catch(
    (err: unknown) => {
      throw whileFailure(err);
    },
  );
}

/** The `while` decided by the fast path, or what JSONata needs to decide it. */
function whileWithoutJsonata(
  input: LoopRunInput,
  state: RunState,
  iteration: number,
  meter: WorkMeter,
): { holds: boolean } | { scope: ExpressionScope; options: EvaluationOptions } {
  const scope = scopeOf(state, workflowInfo().workflowId, { iteration });
  const options = expressionOptions();
  const now = options.fastPath ? conditionWithoutJsonata(input.while!, scope) : undefined;
  if (!now) return { scope, options };
  meter.steps += now.steps;
  return { holds: now.holds };
}

function whileFailure(err: unknown): ApplicationFailure {
  const { message, type } = runFailureOf(err);
  return ApplicationFailure.create({ message, type, nonRetryable: true });
}

function now(): string {
  return new Date(Date.now()).toISOString();
}
