import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

async function main() {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
