import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import { WorkerModule } from './worker.module';

async function main() {
  // This file is the one owner of SIGTERM/SIGINT: the Temporal runtime must not react to them, and Nest's
  // own hooks would re-raise the signal after closing, so the process would not exit 0 after a clean drain.
  Runtime.install({ shutdownSignals: [] });
  const app = await NestFactory.createApplicationContext(WorkerModule);
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

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
