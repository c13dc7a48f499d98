import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  TemporalFailure,
  TimeoutFailure,
} from '@temporalio/common';
import type { ComponentFailureDetails } from '@weft/dsl/runtime';
import type { NodeError } from './run-state';

/** A Temporal failure chain as a plain NodeError tree. */
export function toNodeError(err: unknown): NodeError {
  if ((err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) && err.cause)
    return toNodeError(err.cause);
  if (err instanceof TimeoutFailure) {
    return { message: `activity timed out (${err.timeoutType ?? 'unknown timeout'})`, type: 'Timeout' };
  }
  if (err instanceof ApplicationFailure) {
    return {
      message: err.message,
      type: err.type ?? 'Error',
      ...(err.nonRetryable && { nonRetryable: true }),
      ...(err.cause && { cause: toNodeError(err.cause) }),
    };
  }
  if (err instanceof CancelledFailure) return { message: err.message || 'cancelled', type: 'Cancelled' };
  if (err instanceof TemporalFailure) return { message: err.message, type: err.name };
  if (err instanceof Error) return { message: err.message, type: err.name };
  return { message: String(err), type: 'Error' };
}

/**
 * The attempt a failed activity ended on: reported by the component activity itself, or the policy's
 * maximum when Temporal says the attempts ran out.
 */
export function attemptOf(err: unknown, maximumAttempts: number): number | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const first = cause.details?.[0] as ComponentFailureDetails | undefined;
    if (typeof first?.attempt === 'number') return first.attempt;
  }
  if (err instanceof ActivityFailure && err.retryState === 'MAXIMUM_ATTEMPTS_REACHED') return maximumAttempts;
  return undefined;
}
