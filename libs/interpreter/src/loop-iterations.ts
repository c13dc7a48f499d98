import { CancellationScope, CancelledFailure, workflowInfo } from '@temporalio/workflow';
import type { FlowExecution, WalkOutcome } from './flow-execution';
import type { LoopRunInput } from './run-state';

/** Where a loop run is: the next iteration (from 0) and the last iteration's output. */
export interface LoopProgress {
  iteration: number;
  last: unknown;
}

/**
 * Walks a loop run's iterations one after another, each started from the completion callback of the one before
 * (FlowExecution.walk): no scope, condition() or await per iteration, so an iteration costs about the promises of
 * its nodes (bench/RESULTS.md). Resolves when the loop has ended or should continue as new; rejects with the failure
 * that fails the loop, or the workflow's cancellation.
 */
export function walkIterations(
  input: LoopRunInput,
  progress: LoopProgress,
  begin: (scope: CancellationScope) => FlowExecution,
  whileHolds: (finishedIteration: number) => boolean | Promise<boolean>,
): Promise<'ended' | 'continue-as-new'> {
  const scopes = new IterationScopes(CancellationScope.current());
  return new Promise((resolve, reject) => {
    const next = (): void => {
      if (progress.iteration >= input.maxIterations) return resolve('ended');
      begin(scopes.next()).walk(afterIteration);
    };
    // Called from the walk's callbacks: a throw there would fail the workflow task, so every error rejects instead.
    const afterIteration = (outcome: WalkOutcome): void => {
      try {
        if ('cancelled' in outcome) return reject(scopes.cancellation());
        if ('error' in outcome) return reject(outcome.error);
        progress.last = outcome.output;
        progress.iteration += 1;
        if (input.while === undefined) return goOn(true);
        const holds = whileHolds(progress.iteration - 1);
        if (typeof holds === 'boolean') goOn(holds);
        else holds.then(goOn, reject);
      } catch (err) {
        reject(err);
      }
    };
    const goOn = (holds: boolean): void => {
      try {
        if (!holds) return resolve('ended');
        if (workflowInfo().continueAsNewSuggested && progress.iteration < input.maxIterations) {
          return resolve('continue-as-new');
        }
        next();
      } catch (err) {
        reject(err);
      }
    };
    next();
  });
}

/**
 * The cancellation scope the iterations share, a child of the loop run's. An iteration that an `end` node ended
 * cancelled it to stop its other nodes; the next iteration gets a fresh one.
 */
class IterationScopes {
  private scope: CancellationScope;
  private reason?: unknown;

  constructor(private readonly parent: CancellationScope) {
    this.scope = new CancellationScope({ cancellable: true, parent });
    parent.cancelRequested.catch((err: unknown) => {
      this.reason = err;
    });
  }

  next(): CancellationScope {
    if (this.scope.consideredCancelled && !this.parent.consideredCancelled) {
      this.scope = new CancellationScope({ cancellable: true, parent: this.parent });
    }
    return this.scope;
  }

  /** Why the loop run was cancelled: what its own scope was cancelled with. */
  cancellation(): unknown {
    return this.reason ?? new CancelledFailure('the loop run was cancelled');
  }
}
