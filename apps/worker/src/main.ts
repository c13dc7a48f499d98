import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import { readWorkerConfig, type WorkerConfig } from './worker-config';
import { nestLogger, temporalLogger } from './worker-logging';
import { WorkerModule } from './worker.module';

async function main() {
  const config = readWorkerConfig();
  installRuntime(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.withConfig(config), {
    logger: nestLogger(config.logLevel),
  });
  if (config.metrics) Logger.log(`Temporal SDK metrics on http://${config.metrics.bindAddress}/metrics`, 'Weft');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      Logger.log(`${signal} received: draining the worker`, 'Weft');
      app.close().then(
        () => process.exit(process.exitCode ?? 0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }
}

/** The Temporal runtime: its logger, no signal handling of its own, and the Prometheus exporter when configured. */
function installRuntime(config: WorkerConfig): void {
  try {
    Runtime.install({
      // This file is the one owner of SIGTERM/SIGINT: the Temporal runtime must not react to them, and Nest's
      // own hooks would re-raise the signal after closing, so the process would not exit 0 after a clean drain.
      shutdownSignals: [],
      logger: temporalLogger(config.logLevel),
      // The SDK's own metrics (task latencies, slots, polls…) and the workflows' weft_runs_ended_total.
      ...(config.metrics && {
        telemetryOptions: { metrics: { prometheus: { bindAddress: config.metrics.bindAddress } } },
      }),
    });
  } catch (err) {
    if (!config.metrics) throw err;
    // Most likely the port is taken (another worker on this host): say which setting to change.
    const reason = (err as Error).message;
    throw new Error(
      `WEFT_WORKER_METRICS_PORT: cannot serve metrics on ${config.metrics.bindAddress}: ${reason} (0 disables)`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
