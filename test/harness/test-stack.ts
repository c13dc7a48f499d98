import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { AppModule } from '../../apps/api/src/app.module';
import { API_CONFIG, readApiConfig } from '../../apps/api/src/config/api-config';
import { configureApp } from '../../apps/api/src/configure-app';
import { createWeftWorker } from '../../apps/worker/src/create-worker';
import { weftDataConverter } from '@weft/components';
import { workflowsPath } from '@weft/interpreter';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { freePort } from './free-port';
import { createPostgresDatabase } from './test-database';

/** Where the in-process workers' Temporal runtime serves its Prometheus metrics, once installed. */
let workerMetricsUrl: string | undefined;
let bundle: Promise<{ code: string }> | undefined;

/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  return bundle;
}

export interface TestStackOptions {
  /** The API's DATABASE_URL: a fresh PostgreSQL database dropped at close unless given (pglite://memory, pglite:///dir). */
  databaseUrl?: string;
  /** WEFT_AUTH: off unless given, so tests that are not about keys need none. */
  auth?: 'on' | 'off';
}

export interface TestStack {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  client: Client;
  worker: Worker;
  taskQueue: string;
  databaseUrl: string;
  /** The Prometheus endpoint of this process's Temporal runtime (the SDK's metrics and weft_runs_ended_total). */
  workerMetricsUrl: string;
  /** Closes the API app and starts a new one on the same database and task queue, as a restarted process would. */
  restartApi(): Promise<void>;
  /** Shuts the worker down and waits until it has stopped: what is read afterwards needs no worker. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real stack in-process: the Nest API app and a Weft worker on a task queue of its own,
 * both against the dev server that globalSetup started.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  if (!workerMetricsUrl) {
    const bindAddress = `127.0.0.1:${await freePort()}`;
    // Tests fail activities and runs on purpose; the SDK's WARN lines for them would drown the report.
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: {
        // Core warns when local-activity chains hold a workflow task past 5 s, which the long-loop tests do on purpose.
        logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} },
        metrics: { prometheus: { bindAddress } },
      },
    });
    workerMetricsUrl = `http://${bindAddress}/metrics`;
  }
  const address = process.env.TEMPORAL_ADDRESS!;
  const taskQueue = `weft-test-${randomUUID()}`;
  process.env.WEFT_TASK_QUEUE = taskQueue;

  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await createWeftWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();

  const ownDatabase = options.databaseUrl ? undefined : await createPostgresDatabase();
  const databaseUrl = options.databaseUrl ?? ownDatabase!.url;
  const startApi = async () => {
    process.env.WEFT_TASK_QUEUE = taskQueue;
    process.env.DATABASE_URL = databaseUrl;
    process.env.WEFT_AUTH = options.auth ?? 'off';
    // Tests poll hard; only the test of the limit itself (which sets it) is rate limited.
    process.env.WEFT_RATE_LIMIT_PER_MINUTE ??= '0';
    // The API's JSON request log stays out of jest's output.
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(API_CONFIG)
      .useFactory({ factory: () => ({ ...readApiConfig(), logLevel: 'silent' }) })
      .compile();
    const app = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
    await app.init();
    return app;
  };
  const client = new Client({
    connection: await Connection.connect({ address }),
    namespace: 'default',
    dataConverter: weftDataConverter(),
  });

  const stack: TestStack = {
    app: await startApi(),
    http: () => request(stack.app.getHttpServer()),
    client,
    worker,
    taskQueue,
    databaseUrl,
    workerMetricsUrl,
    async restartApi() {
      await stack.app.close();
      stack.app = await startApi();
    },
    async stopWorker() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
    async close() {
      await stack.app.close();
      await client.connection.close();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await nativeConnection.close();
      await ownDatabase?.drop();
    },
  };
  return stack;
}
