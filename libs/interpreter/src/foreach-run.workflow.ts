import {
  ApplicationFailure,
  CancellationScope,
  condition,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  setWorkflowOptions,
  workflowInfo,
} from '@temporalio/workflow';
import { jsonBytes, LIMITS } from '@weft/dsl/runtime';
import { writeClosingRecords } from './closing-records';
import { toNodeError } from './failures';
import { FlowExecution } from './flow-execution';
import { registerOperatorHandlers } from './operator-handlers';
import { isDeliberateEnd, unexpectedFailure, WORKFLOW_OPTIONS } from './run-boundary';
import { RunControl } from './run-control';
import { WorkMeter } from './work-meter';
import {
  definedBreakpoints,
  initialRunState,
  type ForeachRunInput,
  type ForeachRunResult,
  type RunState,
} from './run-state';

/**
 * The items of a foreach node, as a child of its run: the body runs once per item with `item` and `index`
 * in scope, at most `concurrency` at a time, each on its own copy of the variables. Long lists continue as
 * new: launching stops, the items in flight finish, and the next run starts where this one stopped.
 * While paused, no item starts and no node of an item in flight starts.
 */
export async function foreachRun(input: ForeachRunInput): Promise<ForeachRunResult> {
  const control = new RunControl(input.control ?? { breakpoints: definedBreakpoints(input.body) }, false);
  const view = (status: RunState['status'], fields: Partial<RunState>): RunState =>
    control.view({
      ...initialRunState(input.body, input.inputs, Date.now()),
      vars: input.vars,
      status,
      progress: [input.items.length, input.items.length],
      finishedAt: new Date(Date.now()).toISOString(),
      ...fields,
    });
  let result: ForeachRunResult;
  try {
    result = await runItems(input, control);
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    const failure = isDeliberateEnd(err) ? err : unexpectedFailure(err);
    writeClosingRecords(view(isCancellation(err) ? 'CANCELLED' : 'FAILED', { error: toNodeError(failure) }), {
      flowStatus: true,
    });
    throw failure;
  }
  writeClosingRecords(view('SUCCEEDED', { output: result }), { flowStatus: true });
  return result;
}
setWorkflowOptions(WORKFLOW_OPTIONS, foreachRun);

async function runItems(input: ForeachRunInput, control: RunControl): Promise<ForeachRunResult> {
  const { items, body } = input;
  const outputs = input.outputs;
  const errors = input.errors;
  let next = input.next;
  let inFlight = 0;
  let draining = false;
  let awaitingResume = false;
  let failure: { index: number; error: unknown } | undefined;
  let outputBytes = input.outputBytes ?? 0;
  const meter = new WorkMeter();
  const itemsScope = new CancellationScope();

  registerOperatorHandlers({
    control,
    state: (): RunState => ({
      ...initialRunState(body, input.inputs, Date.now()),
      vars: input.vars,
      progress: [next - inFlight, items.length],
      items: { total: items.length, done: next - inFlight, failed: errors.length, inFlight },
    }),
    vars: () => input.vars,
    execution: () => undefined,
    nodeIds: new Set(body.nodes.map((n) => n.id)),
  });

  const launch = (): void => {
    while (inFlight < input.concurrency && next < items.length && !failure && !draining) {
      if (workflowInfo().continueAsNewSuggested) {
        draining = true;
        break;
      }
      if (control.paused) {
        // Called from item callbacks inside itemsScope, so the items launched on resume are in it too.
        if (!awaitingResume) {
          awaitingResume = true;
          condition(() => !control.paused).then(() => {
            awaitingResume = false;
            launch();
          }, ignoreCancellation);
        }
        break;
      }
      const index = next++;
      inFlight += 1;
      const state = { ...initialRunState(body, input.inputs, Date.now()), vars: { ...input.vars } };
      new FlowExecution(body, state, control, { scope: { item: items[index], index } }, meter).run().then(
        (output) => {
          outputs[index] = output;
          inFlight -= 1;
          outputBytes += jsonBytes(output);
          if (outputBytes > LIMITS.maxForeachOutputBytes && !failure) {
            failure = { index, error: outputsTooLarge(outputBytes) };
            itemsScope.cancel();
            return;
          }
          launch();
        },
        (error: unknown) => {
          inFlight -= 1;
          if (failure) return;
          if (input.onItemError === 'continue') {
            outputs[index] = null;
            const { message, type } = toNodeError(error);
            errors.push({ index, message, type });
            launch();
            return;
          }
          failure = { index, error };
          itemsScope.cancel();
        },
      );
    }
  };

  await itemsScope.run(async () => launch());
  await condition(() => inFlight === 0 && (failure !== undefined || draining || next >= items.length));

  if (failure) {
    if (failure.error instanceof ApplicationFailure && failure.error.type === 'OutputTooLarge') throw failure.error;
    const { message, type } = toNodeError(failure.error);
    throw ApplicationFailure.create({
      message: `item ${failure.index} failed: ${message}`,
      type: 'ForeachItemFailed',
      nonRetryable: true,
      details: [{ index: failure.index, type }],
      cause: failure.error instanceof Error ? failure.error : undefined,
    });
  }
  if (next < items.length) {
    await continueAsNew<typeof foreachRun>({
      ...input,
      next,
      outputs,
      errors,
      outputBytes,
      control: control.snapshot(),
    });
  }
  return { outputs, succeeded: items.length - errors.length, failed: errors.length, errors };
}

function ignoreCancellation(): void {}

function outputsTooLarge(bytes: number): ApplicationFailure {
  return ApplicationFailure.create({
    message: `the item outputs collected so far are ${bytes} bytes; the limit is ${LIMITS.maxForeachOutputBytes}`,
    type: 'OutputTooLarge',
    nonRetryable: true,
  });
}
