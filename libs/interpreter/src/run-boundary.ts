import { ApplicationFailure, ContinueAsNew, isCancellation } from '@temporalio/workflow';
import { TemporalFailure } from '@temporalio/common';

/**
 * Workflow definition options of every Weft workflow: any error thrown out of it fails the run (or the update)
 * rather than the workflow task, which Temporal would retry forever (a wedged run). Non-determinism found by
 * the SDK's core is not an error thrown here, so a bad deploy still fails the task and can be fixed by a deploy.
 */
export const WORKFLOW_OPTIONS = { failureExceptionTypes: [Error] };

/** Whether an error leaving a workflow is one of the ways it is meant to end. */
export function isDeliberateEnd(err: unknown): boolean {
  return err instanceof TemporalFailure || err instanceof ContinueAsNew || isCancellation(err);
}

/** An error the interpreter did not expect, as the typed, non-retryable failure of the run. */
export function unexpectedFailure(err: unknown): ApplicationFailure {
  const message = err instanceof Error ? err.message : String(err);
  return ApplicationFailure.create({
    message: `interpreter error: ${message}`,
    type: 'InterpreterError',
    nonRetryable: true,
    cause: err instanceof Error ? err : undefined,
  });
}
