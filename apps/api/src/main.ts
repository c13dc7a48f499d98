import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

async function main() {
  const app = configureApp(await NestFactory.create(AppModule));
  const port = Number(process.env.WEFT_API_PORT || 3000);
  await app.listen(port, process.env.WEFT_API_HOST || '127.0.0.1');
  Logger.log(`API on http://localhost:${port} (OpenAPI at /docs)`, 'Weft');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
