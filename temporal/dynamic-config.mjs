// Server settings Weft runs with, for the dev server (`npm run dev`, tests, bench). The compose cluster's
// temporal/compose/dynamicconfig.yaml carries the same performance keys (a unit test keeps the two in line).

/**
 * The history service reads its task queues under per-shard rate limits of 20 reads/s by default. The dev
 * server has one shard and each activity step needs two transfer-queue reads, so once the burst is spent
 * every chain is held at ~100 ms per step whatever the workers do. Raising the limits lets a step cost what
 * the machine costs; the price is more, smaller reads of the persistence store when many tasks are queued.
 */
export const PERFORMANCE_DYNAMIC_CONFIG = {
  'history.transferProcessorMaxPollRPS': 1000,
  'history.timerProcessorMaxPollRPS': 1000,
  'history.visibilityProcessorMaxPollRPS': 1000,
  'history.outboundProcessorMaxPollRPS': 1000,
  /**
   * A timer task fires no earlier than this after it is written (default 1 s): the history service reads its timer
   * queue up to that far ahead. The interpreter ends a workflow task after much work with a 1 ms timer (after ~10,000
   * units of work, and inside an evaluation every 2,000 steps), and each of those waited a whole second. Measured:
   * such a timer fires after 5-20 ms with 10 ms. Costs: the timer queue is read closer to now, in smaller batches.
   */
  'history.timerProcessorMaxTimeShift': '10ms',
  /**
   * Eager activity dispatch: a worker completing a workflow task gets the activity tasks it just scheduled on its own
   * queue in the reply (when it has free slots), skipping a transfer-queue read and a matching round trip per step.
   * Measured in one bench session (bench/RESULTS.md): chain of 100 activities 2.3-2.6 s → 1.6-1.9 s, 1,000-way
   * fan-out -20 %. Costs: such tasks skip the task queue, so its priorities and rate limits do not order them (tasks
   * on other queues, and all tasks when the worker's slots are full, go through matching as before).
   */
  'system.enableActivityEagerExecution': true,
};

/**
 * Settings for the dev server alone: one process, one history shard, one matching host. A task queue has 4 partitions
 * by default so that its load spreads over matching hosts; in one process that only adds forwarding between
 * partitions whenever a poller waits on one and a task lands on another. Measured on a 1,000-way fan-out of
 * activities (alternating runs on two dev servers): 4-6 % faster with one, 4 % less server CPU. With one partition
 * task-queue priorities also order the whole queue, as the tests observe it (test/e2e/run-starts.test.ts); Temporal
 * enforces them per partition. The compose cluster keeps the default, which is there for several matching hosts.
 */
export const DEV_SERVER_DYNAMIC_CONFIG = {
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
};

/** Updates are on by default in server 1.31; this keeps an older `temporal` from PATH in line. */
export const FEATURE_DYNAMIC_CONFIG = {
  'frontend.enableUpdateWorkflowExecution': true,
};

/** `--dynamic-config-value` arguments of `temporal server start-dev` for a set of settings. */
export function dynamicConfigArgs(settings) {
  return Object.entries(settings).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}
