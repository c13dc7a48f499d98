import { Test } from '@nestjs/testing';
import { WorkflowNotFoundError } from '@temporalio/client';
import { readTemporalEnv, type RunEvent } from '@weft/interpreter';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module';
import { newApiKey } from '../../apps/api/src/auth/api-key-format';
import { API_CONFIG, readApiConfig } from '../../apps/api/src/config/api-config';
import { configureApp } from '../../apps/api/src/configure-app';
import { TEMPORAL_ENV } from '../../apps/api/src/temporal/temporal.module';
import { freePort } from '../harness/free-port';
import { createPostgresDatabase } from '../harness/test-database';
import { finalState, runChain } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';
import { startWebhookReceiver, type WebhookReceiver } from '../harness/webhook-receiver';

// Deliveries retried within a second rather than minutes; a silent run's end looked for after 2 s.
process.env.WEFT_WEBHOOK_RETRY_INITIAL_MS = '200';
process.env.WEFT_WEBHOOK_RETRY_MAX_MS = '1000';
process.env.WEFT_WEBHOOK_STATUS_CHECK_MS = '2000';
// Delivery workflows continue as new every 3 events: every test goes through carried-over state.
process.env.WEFT_WEBHOOK_EVENTS_PER_HISTORY = '3';

interface DeliveryRow {
  id: string;
  subscriptionId: string;
  sequence: number;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

let counter = 0;

describe('webhooks: signed, ordered, durable deliveries of run and node events', () => {
  let stack: TestStack;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await stack?.close();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  }

  async function publish(definition: { id: string; [key: string]: unknown }): Promise<string> {
    const id = `${definition.id}-${++counter}-${Date.now()}`;
    await stack
      .http()
      .post('/flows')
      .send({ ...definition, id })
      .expect(201);
    return id;
  }

  async function subscribe(to: WebhookReceiver, body: Record<string, unknown>): Promise<string> {
    const res = await stack
      .http()
      .post('/webhooks')
      .send({ url: to.url, ...body })
      .expect(201);
    to.secret = res.body.secret;
    return res.body.id;
  }

  async function start(flowId: string): Promise<string> {
    return (await stack.http().post(`/flows/${flowId}/runs`).send({}).expect(201)).body.runId;
  }

  const runDeliveries = async (runId: string) =>
    (await stack.http().get(`/runs/${runId}/deliveries`).expect(200)).body as DeliveryRow[];

  /** Resolves once the run's delivery workflow has delivered everything and ended. */
  const deliveriesDone = (runId: string) =>
    waitFor(
      () => stack.client.workflow.getHandle(`${runId}--events`).describe(),
      (d) => d.status.name !== 'RUNNING',
      { what: `the deliveries of ${runId} to end` },
    );

  const types = (events: RunEvent[]) => events.map((e) => (e.node ? `${e.type} ${e.node.id}` : e.type));

  it('delivers every event of a run, signed, in order, with consecutive sequence numbers', async () => {
    const hook = await receiver();
    const flowId = await publish({
      id: 'hooked',
      nodes: [
        { id: 'A', type: 'task', component: 'core.noop' },
        { id: 'B', type: 'set', assign: { done: true } },
        { id: 'C', type: 'task', component: 'core.noop' },
      ],
      variables: { done: false },
      edges: [
        { from: 'A', to: 'B' },
        { from: 'B', to: 'C' },
      ],
    });
    const subscriptionId = await subscribe(hook, { flowId, events: ['*'] });
    const runId = await start(flowId);
    expect((await finalState(stack, runId)).status).toBe('SUCCEEDED');
    await deliveriesDone(runId);

    const events = hook.received.map((d) => d.event);
    expect(types(events)).toEqual([
      'run.started',
      'node.started A',
      'node.succeeded A',
      'node.started B',
      'node.succeeded B',
      'node.started C',
      'node.succeeded C',
      'run.completed',
    ]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events[7]).toMatchObject({ id: `${runId}:8`, runId, flowId, version: 1, run: { status: 'SUCCEEDED' } });
    expect(events[2].node).toMatchObject({ id: 'A', status: 'SUCCEEDED', attempt: 1 });
    expect(hook.refused).toEqual([]);
    const first = hook.received[0].headers;
    expect(first['weft-event-id']).toBe(`${runId}:1`);
    expect(first['weft-event-type']).toBe('run.started');
    expect(first['weft-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const rows = await runDeliveries(runId);
    expect(rows.map((r) => [r.sequence, r.status, r.attempts])).toEqual(
      events.map((e) => [e.sequence, 'delivered', 1]),
    );
    expect(hook.received.map((d) => d.headers['weft-delivery-id'])).toEqual(rows.map((r) => r.id));
    const listed = await stack
      .http()
      .get(`/webhooks/${subscriptionId}/deliveries`)
      .query({ runId, status: 'delivered' })
      .expect(200);
    expect(listed.body).toHaveLength(8);
    // 8 events, 3 per history: the delivery workflow continued as new twice, and nothing was lost or reordered.
    const chain = await runChain(stack, `${runId}--events`);
    expect(chain.map((r) => r.continuedAsNew)).toEqual([true, true, false]);
  });

  it('keeps the events of a receiver that is down (503, then closed) and delivers them, in order, once it is back', async () => {
    const hook = await receiver();
    const flowId = await publish({
      id: 'patient',
      nodes: [
        { id: 'one', type: 'task', component: 'core.noop' },
        { id: 'two', type: 'task', component: 'core.noop' },
      ],
      edges: [{ from: 'one', to: 'two' }],
    });
    await subscribe(hook, { flowId, events: ['run.*', 'node.succeeded'] });
    hook.failing = true;
    const runId = await start(flowId);
    // The run never waits on its receivers.
    expect((await finalState(stack, runId)).status).toBe('SUCCEEDED');

    const refusedBy503 = await waitFor(
      () => runDeliveries(runId),
      (rows) => rows[0]?.attempts >= 2,
      { what: 'a retried delivery' },
    );
    expect(refusedBy503[0]).toMatchObject({ status: 'pending', lastStatusCode: 503, eventType: 'run.started' });
    expect(refusedBy503[0].lastError).toContain('503');

    await hook.stop();
    const attemptsWhenClosed = refusedBy503[0].attempts;
    const refusedClosed = await waitFor(
      () => runDeliveries(runId),
      (rows) => rows[0].attempts > attemptsWhenClosed + 1,
      { what: 'deliveries retried against a closed port' },
    );
    expect(refusedClosed[0]).toMatchObject({ status: 'pending', lastStatusCode: null });
    expect(refusedClosed[0].lastError).toMatch(/ECONNREFUSED/);
    expect(hook.received).toEqual([]);

    hook.failing = false;
    await hook.restart();
    await deliveriesDone(runId);
    expect(types(hook.received.map((d) => d.event))).toEqual([
      'run.started',
      'node.succeeded one',
      'node.succeeded two',
      'run.completed',
    ]);
    // Sequence numbers count every event of the run; a subscriber sees its own, in order.
    const sequences = hook.received.map((d) => d.event.sequence);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    const rows = await runDeliveries(runId);
    expect(rows.every((r) => r.status === 'delivered')).toBe(true);
    expect(rows[0].attempts).toBeGreaterThan(2);
    expect(hook.received[0].headers['weft-delivery-attempt']).toBe(String(rows[0].attempts));
    expect(hook.refused).toEqual([]);
  });

  it('marks deliveries failed once their retries run out, and goes on with the next events', async () => {
    process.env.WEFT_WEBHOOK_RETRY_TOTAL_MS = '1500';
    await stack.restartApi();
    try {
      const hook = await receiver();
      hook.failing = true;
      const flowId = await publish({ id: 'unheard', nodes: [{ id: 'ok', type: 'task', component: 'core.noop' }] });
      await subscribe(hook, { flowId, events: ['run.started', 'run.completed'] });
      const runId = await start(flowId);
      await deliveriesDone(runId);
      const rows = await runDeliveries(runId);
      expect(rows.map((r) => [r.eventType, r.status, r.lastStatusCode])).toEqual([
        ['run.started', 'failed', 503],
        ['run.completed', 'failed', 503],
      ]);
      expect(rows[0].attempts).toBeGreaterThan(1);
      // Temporal ends the retries either with a ScheduleToClose timeout or, when the next backoff would pass that
      // deadline, with the last attempt's own failure: which one depends on timing.
      expect(rows[0].lastError).toMatch(
        /^gave up: .*(ScheduleToClose timeout|answered 503).*; last attempt: .*answered 503/,
      );
      expect(hook.failed).toBe(rows[0].attempts + rows[1].attempts);
    } finally {
      delete process.env.WEFT_WEBHOOK_RETRY_TOTAL_MS;
      await stack.restartApi();
    }
  });

  it('calls a run.failed hook once for a failing run, and nothing subscribed to another flow', async () => {
    const onFailure = await receiver();
    const elsewhere = await receiver();
    const failing = await publish({ id: 'doomed', nodes: [{ id: 'boom', type: 'fail', message: 'no luck' }] });
    const other = await publish({ id: 'bystander', nodes: [{ id: 'ok', type: 'task', component: 'core.noop' }] });
    await subscribe(onFailure, { flowId: failing, events: ['run.failed'] });
    await subscribe(elsewhere, { flowId: other, events: ['*'] });
    const runId = await start(failing);
    expect((await finalState(stack, runId)).status).toBe('FAILED');
    await deliveriesDone(runId);
    expect(onFailure.received).toHaveLength(1);
    expect(onFailure.received[0].event).toMatchObject({
      type: 'run.failed',
      runId,
      run: { status: 'FAILED', error: { message: 'no luck' } },
    });
    expect(elsewhere.received).toEqual([]);
  });

  it('gives a run of a flow without subscribers no delivery workflow at all', async () => {
    const flowId = await publish({ id: 'unwatched', nodes: [{ id: 'ok', type: 'task', component: 'core.noop' }] });
    const runId = await start(flowId);
    expect((await finalState(stack, runId)).status).toBe('SUCCEEDED');
    await expect(stack.client.workflow.getHandle(`${runId}--events`).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    expect(await runDeliveries(runId)).toEqual([]);
  });

  it('tells of a cancelled run: its waiting node cancelled, then the run', async () => {
    const hook = await receiver();
    const flowId = await publish({ id: 'called-off', nodes: [{ id: 'nap', type: 'wait', duration: '1h' }] });
    await subscribe(hook, { flowId, events: ['*'] });
    const runId = await start(flowId);
    await waitFor(
      async () => hook.received.length,
      (n) => n === 3,
      { what: 'the node to wait' },
    );
    await stack.client.workflow.getHandle(runId).cancel();
    await deliveriesDone(runId);
    expect(types(hook.received.map((d) => d.event))).toEqual([
      'run.started',
      'node.started nap',
      'node.waiting nap',
      'node.cancelled nap',
      'run.cancelled',
    ]);
  });

  it('tells of a run terminated from outside, which runs no code to say so itself', async () => {
    const hook = await receiver();
    const flowId = await publish({ id: 'cut', nodes: [{ id: 'nap', type: 'wait', duration: '1h' }] });
    await subscribe(hook, { flowId, events: ['run.*'] });
    const runId = await start(flowId);
    await waitFor(
      async () => hook.received.length,
      (n) => n === 1,
      { what: 'run.started' },
    );
    await stack.client.workflow.getHandle(runId).terminate('operator pulled the plug');
    await deliveriesDone(runId);
    expect(types(hook.received.map((d) => d.event))).toEqual(['run.started', 'run.terminated']);
    expect(hook.received[1].event).toMatchObject({ sequence: 2, flowId, run: { status: 'TERMINATED' } });
  });

  it('manages subscriptions: the secret shown once, patch, rotate, delete', async () => {
    const created = await stack
      .http()
      .post('/webhooks')
      .send({ url: 'https://example.com/hook', events: ['run.failed'], description: 'pager' })
      .expect(201);
    expect(created.body).toMatchObject({ flowId: null, events: ['run.failed'], enabled: true, createdBy: 'anonymous' });
    expect(created.body.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const id = created.body.id as string;

    const read = await stack.http().get(`/webhooks/${id}`).expect(200);
    expect(read.body).not.toHaveProperty('secret');
    expect((await stack.http().get('/webhooks').expect(200)).body.map((w: { id: string }) => w.id)).toContain(id);

    const patched = await stack
      .http()
      .patch(`/webhooks/${id}`)
      .send({ enabled: false, events: ['run.failed', 'run.timed_out'] })
      .expect(200);
    expect(patched.body).toMatchObject({ enabled: false, events: ['run.failed', 'run.timed_out'] });

    const given = 'a-secret-of-my-own-choosing';
    expect(
      (await stack.http().post(`/webhooks/${id}/rotate-secret`).send({ secret: given }).expect(201)).body.secret,
    ).toBe(given);
    const rotated = await stack.http().post(`/webhooks/${id}/rotate-secret`).send({}).expect(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);

    await stack.http().delete(`/webhooks/${id}`).expect(204);
    await stack.http().get(`/webhooks/${id}`).expect(404);
    await stack.http().delete(`/webhooks/${id}`).expect(404);
    await stack.http().get(`/webhooks/${id}/deliveries`).expect(404);
  });

  it.each([
    ['a non-http URL', { url: 'ftp://example.com/x', events: ['*'] }, '$.url'],
    ['a URL that is no URL', { url: 'not a url', events: ['*'] }, '$.url'],
    ['no URL', { events: ['*'] }, '$.url'],
    ['an unknown event type', { url: 'https://example.com', events: ['run.exploded'] }, '$.events'],
    ['no events', { url: 'https://example.com', events: [] }, '$.events'],
    ['events that are no list', { url: 'https://example.com', events: 'run.failed' }, '$.events'],
    ['a bad flow id', { url: 'https://example.com', events: ['*'], flowId: '../etc' }, '$.flowId'],
    ['a short secret', { url: 'https://example.com', events: ['*'], secret: 'short' }, '$.secret'],
    ['an unknown field', { url: 'https://example.com', events: ['*'], retries: 3 }, '$.retries'],
  ])('refuses %s with a 400 at its path', async (_what, body, path) => {
    const res = await stack.http().post('/webhooks').send(body).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses bad changes and filters with a 400 at their path', async () => {
    const id = (
      await stack
        .http()
        .post('/webhooks')
        .send({ url: 'https://example.com/hook', events: ['*'] })
        .expect(201)
    ).body.id;
    const patch = await stack.http().patch(`/webhooks/${id}`).send({ url: 'javascript:alert(1)' }).expect(400);
    expect(patch.body.errors).toEqual(
      [{ path: '$.url', message: '$.url must be an http:// or https:// URL' }].map((e) => ({
        ...e,
        message: expect.stringContaining('http'),
      })),
    );
    const enabled = await stack.http().patch(`/webhooks/${id}`).send({ enabled: 'yes' }).expect(400);
    expect(enabled.body.errors[0].path).toBe('$.enabled');
    const filter = await stack.http().get(`/webhooks/${id}/deliveries`).query({ status: 'lost' }).expect(400);
    expect(filter.body.errors[0].path).toBe('$.status');
    await stack.http().patch('/webhooks/wh_nope').send({ enabled: false }).expect(404);
    await stack.http().delete(`/webhooks/${id}`).expect(204);
  });
});

describe('the delivery worker inside the API', () => {
  it('lets the API boot, manage subscriptions and shut down promptly while Temporal is unreachable', async () => {
    const database = await createPostgresDatabase();
    const env = { ...process.env, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, DATABASE_URL: database.url };
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(API_CONFIG)
      .useFactory({ factory: () => ({ ...readApiConfig(env), auth: 'off', logLevel: 'silent' }) })
      .overrideProvider(TEMPORAL_ENV)
      .useFactory({ factory: () => readTemporalEnv(env) })
      .compile();
    const app = configureApp(moduleRef.createNestApplication({ logger: false }));
    try {
      await app.init();
      const created = await request(app.getHttpServer())
        .post('/webhooks')
        .send({ url: 'http://127.0.0.1:9/hook', events: ['run.failed'] })
        .expect(201);
      await request(app.getHttpServer()).get(`/webhooks/${created.body.id}`).expect(200);
    } finally {
      const closing = Date.now();
      await app.close();
      expect(Date.now() - closing).toBeLessThan(5000);
      await database.drop();
    }
  });
});

describe('webhook roles', () => {
  const admin = newApiKey().key;
  let stack: TestStack;
  afterAll(async () => {
    delete process.env.WEFT_BOOTSTRAP_ADMIN_KEY;
    await stack?.close();
  });

  it('lets admins manage subscriptions, and viewers read deliveries only', async () => {
    process.env.WEFT_BOOTSTRAP_ADMIN_KEY = admin;
    stack = await startTestStack({ auth: 'on' });
    const as = (key: string) => ({
      get: (path: string) => stack.http().get(path).set('Authorization', `Bearer ${key}`),
      post: (path: string, body: object) => stack.http().post(path).set('Authorization', `Bearer ${key}`).send(body),
    });
    const keyOf = async (role: string) =>
      (await as(admin).post('/keys', { name: role, role }).expect(201)).body.key as string;
    const [viewer, operator] = [await keyOf('viewer'), await keyOf('operator')];
    const body = { url: 'https://example.com/hook', events: ['run.failed'] };

    await stack.http().post('/webhooks').send(body).expect(401);
    await as(viewer).post('/webhooks', body).expect(403);
    await as(operator).post('/webhooks', body).expect(403);
    const created = await as(admin).post('/webhooks', body).expect(201);
    expect(created.body.createdBy).toMatch(/^key:/);
    const id = created.body.id as string;
    await as(viewer).get('/webhooks').expect(403);
    await as(viewer).get(`/webhooks/${id}`).expect(403);
    await as(operator).post(`/webhooks/${id}/rotate-secret`, {}).expect(403);
    await as(viewer).get(`/webhooks/${id}/deliveries`).expect(200);
    await as(viewer).get('/runs/any-run/deliveries').expect(200);
  });
});

describe('webhooks on the embedded store (PGlite)', () => {
  let stack: TestStack;
  let hook: WebhookReceiver;
  afterAll(async () => {
    await hook?.close();
    await stack?.close();
  });

  it('delivers, records and lists deliveries as on PostgreSQL', async () => {
    [stack, hook] = await Promise.all([startTestStack({ databaseUrl: 'pglite://memory' }), startWebhookReceiver()]);
    const flowId = `embedded-${Date.now()}`;
    await stack
      .http()
      .post('/flows')
      .send({ id: flowId, nodes: [{ id: 'boom', type: 'fail', message: 'no luck' }] })
      .expect(201);
    const created = await stack
      .http()
      .post('/webhooks')
      .send({ url: hook.url, events: ['run.*'] })
      .expect(201);
    hook.secret = created.body.secret;
    hook.failing = true;
    const runId = (await stack.http().post(`/flows/${flowId}/runs`).send({}).expect(201)).body.runId as string;
    await waitFor(
      async () => (await stack.http().get(`/runs/${runId}/deliveries`).expect(200)).body as DeliveryRow[],
      (rows) => rows[0]?.attempts >= 2,
      { what: 'a retried delivery' },
    );
    hook.failing = false;
    const rows = await waitFor(
      async () => (await stack.http().get(`/runs/${runId}/deliveries`).expect(200)).body as DeliveryRow[],
      (rows) => rows.length === 2 && rows.every((r) => r.status === 'delivered'),
      { what: 'both deliveries' },
    );
    expect(rows.map((r) => r.eventType)).toEqual(['run.started', 'run.failed']);
    expect(hook.received.map((d) => d.event.type)).toEqual(['run.started', 'run.failed']);
  });
});
