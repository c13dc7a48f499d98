import { ApplicationFailure, CancellationScope, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import { toNodeError } from './failures';
import { FlowExecution } from './flow-execution';
import { registerOperatorHandlers } from './operator-handlers';
import { RunControl } from './run-control';
import { definedBreakpoints, initialRunState, type ForeachRunInput, type ForeachRunResult, type RunState } from './run-state';

/**
 * The items of a foreach node, as a child of its run: the body runs once per item with `item` and `index`
 * in scope, at most `concurrency` at a time, each on its own copy of the variables. Long lists continue as
 * new: launching stops, the items in flight finish, and the next run starts where this one stopped.
 * While paused, no item starts and no node of an item in flight starts.
 */
export async function foreachRun(input: ForeachRunInput): Promise<ForeachRunResult> {
  const { items, body } = input;
  const outputs = input.outputs;
  const errors = input.errors;
  let next = input.next;
  let inFlight = 0;
  let draining = false;
  let awaitingResume = false;
  let failure: { index: number; error: unknown } | undefined;
  const itemsScope = new CancellationScope();
  const control = new RunControl(input.control ?? { breakpoints: definedBreakpoints(body) }, false);

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
      new FlowExecution(body, state, control, { scope: { item: items[index], index } }).run().then(
        (output) => {
          outputs[index] = output;
          inFlight -= 1;
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
    await continueAsNew<typeof foreachRun>({ ...input, next, outputs, errors, control: control.snapshot() });
  }
  return { outputs, succeeded: items.length - errors.length, failed: errors.length, errors };
}

function ignoreCancellation(): void {}
