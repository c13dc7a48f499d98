import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { availableParallelism } from 'node:os';
import { builtInComponents, componentActivities, weftDataConverter, type Component } from '@weft/components';
import { workflowsPath } from '@weft/interpreter';

export interface WeftWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** @default the built-in components */
  components?: readonly Component[];
  /** A prebuilt bundle (production); without it the workflow code is bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** How long running activities may take to finish after shutdown begins. @default '30s' */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Threads that run workflow code. @default defaultWorkflowThreads() */
  workflowThreads?: number;
}

/**
 * One workflow thread per core, 2 to 4. A thread answers the workflow tasks queued on it together, once its queue is
 * empty (the SDK waits a macrotask after each activation, and Node hands a thread all its queued messages first), so
 * each task's time is that of all of them; past Temporal's 10 s they all time out, and their retries come back
 * together and time out again. The SDK's default of one thread makes that queue as long as it can be; with two,
 * eight runaway expressions at once (1.8 s each) finish in 8 s instead of timing out at 14.8 s.
 */
export function defaultWorkflowThreads(): number {
  return Math.min(4, Math.max(2, availableParallelism()));
}

/** A worker that runs the interpreter workflow and one activity per component. */
export function createWeftWorker(options: WeftWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: componentActivities(options.components ?? builtInComponents),
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
    workflowThreadPoolSize: options.workflowThreads ?? defaultWorkflowThreads(),
    // Large inputs and outputs go to the blob store, the history keeps references (docs/claim-check.md).
    dataConverter: weftDataConverter(),
    // Heartbeats carry a running node's log lines (docs/node-logs.md): at most a second old for `weft run logs --follow`.
    maxHeartbeatThrottleInterval: '1s',
    defaultHeartbeatThrottleInterval: '1s',
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
  });
}
