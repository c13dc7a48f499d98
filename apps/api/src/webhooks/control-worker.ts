import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { weftDataConverter } from '@weft/components';
import type { TemporalEnv } from '@weft/interpreter';
import { NativeConnection, Worker } from '@temporalio/worker';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { TEMPORAL_ENV } from '../temporal/temporal.module';
import { WebhookDelivery } from './webhook-delivery';

/** How long the worker waits before it tries Temporal again. */
const RECONNECT_MS = 5000;
/** How long shutdown waits for the worker to stop (its activities get 2 s of grace). */
const STOP_WAIT_MS = 10_000;

/**
 * An activity-only Temporal worker inside the API, on the control-plane task queue: it runs the webhook delivery
 * activities, which need the API's store. Every replica polls the queue. It starts in the background, so the API
 * boots while Temporal is down, and retries until Temporal is back; it stops (before the store closes) with the app.
 */
@Injectable()
export class ControlWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ControlWorker');
  private stopping = false;
  private stop!: () => void;
  /** Resolves when the app shuts down: ends the worker's run and any wait between attempts. */
  private readonly stopped = new Promise<void>((resolve) => (this.stop = resolve));
  private running?: Promise<void>;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
    private readonly delivery: WebhookDelivery,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.worker) this.running = this.keepRunning();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.stop();
    // A connection attempt to an address that never answers must not hold the app's shutdown.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private async keepRunning(): Promise<void> {
    while (!this.stopping) {
      let connection: NativeConnection | undefined;
      try {
        connection = await NativeConnection.connect({ ...this.env.connection });
        const worker = await Worker.create({
          connection,
          namespace: this.env.namespace,
          taskQueue: this.config.webhooks.taskQueue,
          activities: this.delivery.activities(),
          shutdownGraceTime: '2s',
          dataConverter: weftDataConverter(),
        });
        await worker.runUntil(this.stopped);
      } catch (err) {
        if (!this.stopping)
          this.logger.warn(`webhook delivery worker down, retrying in ${RECONNECT_MS} ms: ${(err as Error).message}`);
      } finally {
        await connection?.close().catch(() => undefined);
      }
      if (this.stopping) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.stopped, new Promise((resolve) => (timer = setTimeout(resolve, RECONNECT_MS)))]);
      clearTimeout(timer);
    }
  }
}
