import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type NativeConnectionOptions } from '@temporalio/worker';
import { hostname } from 'node:os';
import { componentActivities } from './catalog';
import type { Component } from './component';
import { weftDataConverter } from './payloads';
import { registerComponents, type RegistrationOptions } from './register-components';

export interface ComponentWorkerOptions {
  components: readonly Component[];
  /** The task queue of this team's worker; tasks of its components are routed there. */
  taskQueue: string;
  /** @default TEMPORAL_ADDRESS or localhost:7233 */
  connection?: NativeConnection | NativeConnectionOptions;
  /** @default TEMPORAL_NAMESPACE or 'default' */
  namespace?: string;
  /** @default `${process.pid}@${hostname()}` */
  identity?: string;
  /** Must match every other Weft process's (docs/claim-check.md). @default weftDataConverter() from the environment */
  dataConverter?: DataConverter;
  /**
   * Where to register the components (see registerComponents); omit it to serve without registering.
   * @default undefined
   */
  register?: Omit<RegistrationOptions, 'taskQueue' | 'identity'>;
}

export interface ComponentWorker {
  worker: Worker;
  /** Settles when the worker has stopped; rejects when the control plane refused the registration. */
  done: Promise<void>;
  /** Lets running components finish, then stops. */
  stop(): Promise<void>;
}

/**
 * Serves components on a task queue of their own, without the interpreter workflow, and registers them with the
 * control plane while it starts polling: a team runs its own TypeScript component worker this way.
 * @example
 * const { done } = await runComponentWorker({
 *   components: [greet],
 *   taskQueue: 'team-a',
 *   register: { apiUrl: 'http://localhost:3000', apiKey: process.env.WEFT_API_KEY },
 * });
 * await done;
 */
export async function runComponentWorker(options: ComponentWorkerOptions): Promise<ComponentWorker> {
  const identity = options.identity ?? `${process.pid}@${hostname()}`;
  const owned = !(options.connection instanceof NativeConnection);
  const connection =
    options.connection instanceof NativeConnection
      ? options.connection
      : await NativeConnection.connect(
          options.connection ?? { address: process.env.TEMPORAL_ADDRESS || 'localhost:7233' },
        );
  let worker: Worker;
  try {
    worker = await Worker.create({
      connection,
      namespace: options.namespace ?? (process.env.TEMPORAL_NAMESPACE || 'default'),
      taskQueue: options.taskQueue,
      identity,
      dataConverter: options.dataConverter ?? weftDataConverter(),
      activities: componentActivities(options.components),
      // Heartbeats carry a running node's log lines (docs/node-logs.md): at most a second old for `--follow`.
      maxHeartbeatThrottleInterval: '1s',
      defaultHeartbeatThrottleInterval: '1s',
    });
  } catch (err) {
    if (owned) await connection.close();
    throw err;
  }
  const stop = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch(() => undefined);
  };
  const running = worker.run().finally(() => (owned ? connection.close() : undefined));
  const registered = options.register
    ? registerComponents(options.components, { ...options.register, taskQueue: options.taskQueue, identity })
    : Promise.resolve();
  const done = registered.then(
    () => running,
    async (err: unknown) => {
      await stop();
      throw err;
    },
  );
  // The caller may only await `done` later; a refusal must not count as unhandled meanwhile.
  done.catch(() => undefined);
  return { worker, done, stop };
}
