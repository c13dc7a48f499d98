import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { readTemporalEnv } from '@weft/interpreter';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module';
import { API_CONFIG, readApiConfig } from '../../apps/api/src/config/api-config';
import { configureApp } from '../../apps/api/src/configure-app';
import { TEMPORAL_ENV } from '../../apps/api/src/temporal/temporal.module';
import { kill9, spawnManaged, waitForLog, type Managed } from '../chaos/processes';
import { freePort } from '../harness/free-port';
import { sampleValue } from '../harness/prometheus';
import { createPostgresDatabase, type TestDatabase } from '../harness/test-database';
import { waitFor } from '../harness/wait-for';

const root = join(__dirname, '..', '..');

describe('the API while Temporal is down', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let temporal: Managed | undefined;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'weft-temporal-down-'));
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    database = await createPostgresDatabase();
    port = await freePort();
    // Nothing listens there yet: the API must boot all the same.
    const env = { ...process.env, TEMPORAL_ADDRESS: `127.0.0.1:${port}`, DATABASE_URL: database.url, WEFT_AUTH: 'off' };
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(API_CONFIG)
      .useFactory({ factory: () => ({ ...readApiConfig(env), logLevel: 'silent', metricsRunsTtlMs: 0 }) })
      .overrideProvider(TEMPORAL_ENV)
      .useFactory({ factory: () => readTemporalEnv(env) })
      .compile();
    app = configureApp(moduleRef.createNestApplication({ logger: false }));
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    if (temporal) await kill9(temporal);
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const flow = { id: 'while-down', nodes: [{ id: 'a', type: 'task', component: 'core.noop', inputs: {} }] };

  it('boots, says it is not ready, and answers 503 with Retry-After to what needs Temporal', async () => {
    const health = await http().get('/health').expect(503);
    expect(health.body).toMatchObject({
      status: 'error',
      temporal: { reachable: false, address: `127.0.0.1:${port}`, namespace: 'default' },
      details: { database: { status: 'up' }, temporal: { status: 'down' } },
    });
    await http().get('/health/ready').expect(503);
    expect((await http().get('/health/live').expect(200)).body).toMatchObject({ status: 'ok' });

    // The store does not need Temporal: publishing works.
    await http().post('/flows').send(flow).expect(201);
    const started = Date.now();
    const start = await http().post(`/flows/${flow.id}/runs`).send({ inputs: {} }).expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(start.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(start.headers['retry-after']).toBe('5');
    expect(start.body).toMatchObject({
      type: 'urn:weft:problem:temporal-unavailable',
      status: 503,
      instance: `/flows/${flow.id}/runs`,
    });
    await http().get('/runs/any-run').expect(503);

    // Metrics still answer; the run counts say they could not be read.
    const metrics = await http().get('/metrics').expect(200);
    expect(sampleValue(metrics.text, 'weft_runs_counts_fresh')).toBe(0);
    expect(
      sampleValue(metrics.text, 'weft_http_request_duration_seconds_count', {
        route: '/flows/:flowId/runs',
        status: '503',
      }),
    ).toBe(1);
  });

  it('answers normally once Temporal is up, without a restart', async () => {
    temporal = spawnManaged(
      'temporal',
      process.execPath,
      [join(root, 'test', 'chaos', 'temporal-launcher.mjs'), String(port), join(dir, 'temporal.db'), 'default'],
      { cwd: root, env: process.env, log: join(dir, 'temporal.log') },
    );
    await waitForLog(temporal, 'dev server ready', { timeoutMs: 90_000 });

    const health = await waitFor(
      () => http().get('/health'),
      (res) => res.status === 200,
      { timeoutMs: 30_000, what: 'GET /health to answer 200' },
    );
    expect(health.body).toMatchObject({ status: 'ok', temporal: { reachable: true } });
    await http().get('/health/ready').expect(200);
    const run = await http().post(`/flows/${flow.id}/runs`).send({ inputs: {} }).expect(201);
    expect(run.body.runId).toMatch(/^while-down-/);
  }, 120_000);
});
