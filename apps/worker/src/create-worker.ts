import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
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
}

/** A worker that runs the interpreter workflow and one activity per component. */
export function createWeftWorker(options: WeftWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: componentActivities(options.components ?? builtInComponents),
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
    // Large inputs and outputs go to the blob store, the history keeps references (docs/claim-check.md).
    dataConverter: weftDataConverter(),
    // Heartbeats carry a running node's log lines (docs/node-logs.md): at most a second old for `weft run logs --follow`.
    maxHeartbeatThrottleInterval: '1s',
    defaultHeartbeatThrottleInterval: '1s',
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
  });
}
