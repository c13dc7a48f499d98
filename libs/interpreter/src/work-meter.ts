import { condition, patched } from '@temporalio/workflow';
import type { ExpressionMeter } from '@weft/dsl/runtime';
import { PATCHES } from './patches';

/**
 * Work units (about 0.1 ms each in the sandbox: one expression step) that starting a node counts for. A node that runs
 * in the workflow (set, switch, a wait's or approval's start, a local task) counts 20, so at most 500 of them start
 * in one workflow task: thousands at once (4,000 parallel set nodes) aborted the worker process in the sandbox ("async
 * hook stack has become corrupted"), 500 a task ran them all. A remote task only schedules its activity: 4.
 */
const NODE_WORK = 20;
const REMOTE_TASK_WORK = 4;

/**
 * Work after which the next node waits for a durable 1 ms timer: the workflow task ends there and the walk goes on in
 * the next one. Nodes in the workflow itself (set, switch, conditions; local tasks) run without a command between
 * them, so thousands of them, or a loop of them, would otherwise run in one workflow task past Temporal's deadlock
 * timeout (the task fails and is retried forever). About a second of work; a counted, never timed, amount, so a
 * replay yields at exactly the same node.
 */
export const YIELD_AFTER_WORK = 10_000;

/**
 * The work a workflow's walks have done since they last let the workflow task end: the nodes started and the
 * expression steps evaluated (the meter is given to every evaluation). Loop and foreach runs share one across their
 * iterations and items.
 */
export class WorkMeter implements ExpressionMeter {
  steps = 0;
  private pending?: Promise<void>;

  /** Counts a node's start; true when the node must first wait for `yield()`. */
  countNode(remoteTask: boolean): boolean {
    this.steps += remoteTask ? REMOTE_TASK_WORK : NODE_WORK;
    return this.steps >= YIELD_AFTER_WORK && patched(PATCHES.yieldToServer);
  }

  /**
   * Where a long evaluation pauses (every PAUSE_EVERY_STEPS of its steps): the same timer, so the task ends there and
   * the evaluation goes on in the next. Runs recorded before evaluations paused never do.
   */
  pause(): Promise<void> | undefined {
    return patched(PATCHES.pauseLongEvaluations) ? this.yield() : undefined;
  }

  /** One short durable timer, shared by every node that waits for it. */
  yield(): Promise<void> {
    this.pending ??= condition(() => false, 1, { summary: 'yield: end the workflow task after much work' }).then(() => {
      this.steps = 0;
      this.pending = undefined;
    });
    return this.pending;
  }
}
