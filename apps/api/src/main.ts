import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { API_CONFIG, type ApiConfig } from './config/api-config';
import { configureApp } from './configure-app';

async function main() {
  // Lines logged while the app is built wait for the JSON logger, then go out through it.
  const app = configureApp(await NestFactory.create(AppModule, { bufferLogs: true }));
  app.useLogger(app.get(PinoLogger));
  const { host, port } = app.get<ApiConfig>(API_CONFIG);
  await app.listen(port, host);
  Logger.log(`API on http://localhost:${port} (OpenAPI at /docs, metrics at /metrics)`, 'Weft');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
