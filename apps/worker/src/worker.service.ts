import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { builtInComponents, registerComponents } from '@weft/components';
import { createWeftWorker } from './create-worker';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config';

/** Owns the Temporal worker: starts it after boot, drains it on shutdown, closes the connection last. */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    const { temporal, workflowBundle, shutdownGraceMs, workflowThreads } = this.config;
    this.connection = await NativeConnection.connect(temporal.connection);
    this.worker = await createWeftWorker({
      connection: this.connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      shutdownGraceTime: shutdownGraceMs,
      workflowThreads,
      ...(workflowBundle && { workflowBundle: { codePath: workflowBundle } }),
    });
    this.running = this.worker.run();
    this.running.catch((err: unknown) => {
      this.logger.error(`worker stopped: ${(err as Error).message}`, (err as Error).stack);
      process.exitCode = 1;
    });
    this.logger.log(
      `worker polling task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})`,
    );
    this.registerBuiltIns();
  }

  /** Tells the control plane which built-ins this worker serves (GET /components); runs never wait for it. */
  private registerBuiltIns(): void {
    const { registration, temporal } = this.config;
    if (!registration) return;
    registerComponents(builtInComponents, {
      ...registration,
      taskQueue: temporal.taskQueue,
      identity: this.worker!.options.identity,
      onRetry: (message) => this.logger.warn(message),
    }).then(
      () => this.logger.log(`registered the built-in components with ${registration.apiUrl}`),
      (err: unknown) => this.logger.error(`registering the built-in components: ${(err as Error).message}`),
    );
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    try {
      if (this.worker?.getState() === 'RUNNING') {
        this.logger.log(`shutting down (${signal ?? 'close'}): finishing running activities`);
        this.worker.shutdown();
      }
      await this.running?.catch(() => undefined);
    } finally {
      await this.connection?.close();
    }
  }
}
