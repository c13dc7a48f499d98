import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';

/** The real API app on a free port, configured from the environment as `npm run api` would be. */
export async function startInProcessApi(
  address: string,
  taskQueue: string,
): Promise<{ app: INestApplication; base: string }> {
  Object.assign(process.env, {
    DATABASE_URL: 'pglite://memory',
    WEFT_AUTH: 'off',
    WEFT_RATE_LIMIT_PER_MINUTE: '0',
    WEFT_LOG_LEVEL: 'silent',
    WEFT_TASK_QUEUE: taskQueue,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: 'default',
  });
  // Imported only now: the app reads its settings from the environment set above.
  const { AppModule } = await import('../apps/api/src/app.module');
  const { configureApp } = await import('../apps/api/src/configure-app');
  const { freePort } = await import('../test/harness/free-port.js');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${port}` };
}
