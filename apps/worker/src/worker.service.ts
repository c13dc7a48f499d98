import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { readTemporalEnv } from '@weft/interpreter';
import { existsSync } from 'node:fs';
import { createWeftWorker } from './create-worker';

/** Owns the Temporal worker: starts it after boot, drains it on shutdown, closes the connection last. */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    const env = readTemporalEnv();
    const bundlePath = process.env.WEFT_WORKFLOW_BUNDLE;
    if (bundlePath && !existsSync(bundlePath)) throw new Error(`WEFT_WORKFLOW_BUNDLE not found: ${bundlePath}`);
    this.connection = await NativeConnection.connect({ address: env.address });
    this.worker = await createWeftWorker({
      connection: this.connection,
      namespace: env.namespace,
      taskQueue: env.taskQueue,
      ...(bundlePath && { workflowBundle: { codePath: bundlePath } }),
    });
    this.running = this.worker.run();
    this.running.catch((err: unknown) => {
      this.logger.error(`worker stopped: ${(err as Error).message}`, (err as Error).stack);
      process.exitCode = 1;
    });
    this.logger.log(`worker polling task queue "${env.taskQueue}" on ${env.address} (namespace ${env.namespace})`);
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
