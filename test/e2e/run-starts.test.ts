import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { builtInComponents, componentActivities } from '@weft/components';
import { randomUUID } from 'node:crypto';
import { finalState } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

describe('starting runs: idempotency keys, business keys and priority', () => {
  let stack: TestStack;
  const flowId = `starts-${Date.now()}`;
  const start = (body: object, headers: Record<string, string> = {}) =>
    stack.http().post(`/flows/${flowId}/runs`).set(headers).send(body);
  const priorityKeyOf = async (runId: string) =>
    (await stack.client.workflow.getHandle(runId).describe()).raw.workflowExecutionInfo?.priority?.priorityKey;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack
      .http()
      .post('/flows')
      .send({
        id: flowId,
        inputs: { type: 'object', properties: { n: { type: 'integer' } } },
        nodes: [{ id: 'echo', type: 'task', component: 'core.noop', inputs: { n: '${inputs.n}' } }],
      })
      .expect(201);
  });
  afterAll(() => stack?.close());

  it('the same idempotency key starts one run: 201 the first time, then 200 with that run, by body or header', async () => {
    const key = `order-${randomUUID()}`;
    const first = await start({ idempotencyKey: key, inputs: { n: 1 } }).expect(201);
    expect(first.body).toEqual({ runId: expect.any(String), flowId, version: 1, created: true });
    const again = await start({ idempotencyKey: key, inputs: { n: 2 } }).expect(200);
    expect(again.body).toEqual({ ...first.body, created: false });
    const byHeader = await start({ inputs: { n: 3 } }, { 'Idempotency-Key': key }).expect(200);
    expect(byHeader.body).toEqual({ ...first.body, created: false });
    // After the run closed too: the key never starts a second one.
    const state = await finalState(stack, first.body.runId);
    expect(state.nodes.echo.output).toEqual({ n: 1 });
    await start({ idempotencyKey: key }).expect(200);
    // Another key is another run.
    const other = await start({ idempotencyKey: `${key}-b` }).expect(201);
    expect(other.body.runId).not.toBe(first.body.runId);
  });

  it('concurrent requests with one key start exactly one run', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => start({ inputs: { n: i } }, { 'Idempotency-Key': key })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.runId)).size).toBe(1);
    expect(answers.filter((a) => a.body.created)).toHaveLength(1);
  });

  it('an existing runId stays a conflict (409) unless the same idempotency key started it', async () => {
    const runId = `explicit-${randomUUID()}`;
    await start({ runId }).expect(201);
    const conflict = await start({ runId }).expect(409);
    expect(conflict.body).toMatchObject({ status: 409, detail: `run "${runId}" already exists` });
    await start({ runId, idempotencyKey: 'k' }).expect(409);

    const keyed = `explicit-${randomUUID()}`;
    await start({ runId: keyed, idempotencyKey: 'k1' }).expect(201);
    expect((await start({ runId: keyed, idempotencyKey: 'k1' }).expect(200)).body).toMatchObject({
      runId: keyed,
      created: false,
    });
    await start({ runId: keyed, idempotencyKey: 'k2' }).expect(409);
    await start({ runId: keyed }).expect(409);
  });

  it('finds runs by business key, and shows it with the run', async () => {
    const businessKey = `PO 4711/${randomUUID()}`;
    const { runId } = (await start({ businessKey }).expect(201)).body;
    await start({ businessKey: `${businessKey}-other` }).expect(201);
    const listed = await waitFor(
      async () =>
        (await stack.http().get('/runs').query({ businessKey }).expect(200)).body.runs as Array<
          Record<string, unknown>
        >,
      (runs) => runs.length > 0,
      { what: 'the run in visibility by its business key' },
    );
    expect(listed).toEqual([expect.objectContaining({ runId, flowId, businessKey })]);
    expect((await stack.http().get(`/runs/${runId}`).expect(200)).body).toMatchObject({ runId, businessKey });
  });

  it('gives Temporal the priority by name or number, and shows it with the run', async () => {
    const expected = { CRITICAL: 1, HIGH: 2, NORMAL: 3, LOW: 4, 5: 5 } as const;
    for (const [priority, key] of Object.entries(expected)) {
      const body = { priority: /^\d$/.test(priority) ? Number(priority) : priority };
      const { runId } = (await start(body).expect(201)).body;
      expect(await priorityKeyOf(runId)).toBe(key);
      const state = (await stack.http().get(`/runs/${runId}`).expect(200)).body;
      expect(state.priority).toEqual(key === 5 ? { key: 5 } : { key, name: priority });
    }
    const unset = (await start({}).expect(201)).body.runId;
    expect(await priorityKeyOf(unset)).toBeFalsy();
    expect((await stack.http().get(`/runs/${unset}`).expect(200)).body.priority).toEqual({ key: 3, name: 'NORMAL' });
  });

  it.each([
    [{ priority: 'URGENT' }, '$.priority', {}],
    [{ priority: 0 }, '$.priority', {}],
    [{ priority: 6 }, '$.priority', {}],
    [{ priority: '1' }, '$.priority', {}],
    [{ businessKey: "it's" }, '$.businessKey', {}],
    [{ businessKey: '' }, '$.businessKey', {}],
    [{ businessKey: 'x'.repeat(201) }, '$.businessKey', {}],
    [{ businessKey: 7 }, '$.businessKey', {}],
    [{ idempotencyKey: 'has space' }, '$.idempotencyKey', {}],
    [{ idempotencyKey: 'x'.repeat(201) }, '$.idempotencyKey', {}],
    [{ idempotencyKey: 'a' }, '$.idempotencyKey', { 'Idempotency-Key': 'b' }],
    [{}, "$.headers['Idempotency-Key']", { 'Idempotency-Key': 'no/slash' }],
    [{ inputs: { n: 'one' } }, '$.inputs.n', {}],
  ])('refuses %j with a 400 at the JSON path', async (body, path, headers: Record<string, string>) => {
    const res = await start(body, headers).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ path })]);
  });

  it('refuses a bad business key filter with a 400', async () => {
    const res = await stack.http().get('/runs').query({ businessKey: "a' OR 'b" }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '$.businessKey' })]);
  });

  it('dispatches a CRITICAL run’s activities ahead of the LOW ones queued earlier, with one worker slot', async () => {
    // The task runs on a queue no worker polls yet, so every run's activity waits in its backlog.
    const queue = `prio-${randomUUID()}`;
    const prioFlow = `${flowId}-prio`;
    await stack
      .http()
      .post('/flows')
      .send({
        id: prioFlow,
        nodes: [{ id: 'work', type: 'task', component: 'core.delay', taskQueue: queue, inputs: { duration: 100 } }],
      })
      .expect(201);
    const startWith = async (priority: string) => {
      const { runId } = (await stack.http().post(`/flows/${prioFlow}/runs`).send({ priority }).expect(201)).body;
      await waitFor(
        async () => (await stack.client.workflow.getHandle(runId).describe()).raw.pendingActivities ?? [],
        (pending) => pending.length === 1,
        { what: `the activity of ${runId} to be scheduled` },
      );
      return runId as string;
    };
    const low = [await startWith('LOW'), await startWith('LOW'), await startWith('LOW'), await startWith('LOW')];
    const critical = await startWith('CRITICAL');
    // Scheduled is not yet queued: the activity tasks reach the queue's backlog a moment later, each under its
    // run's priority key (activities inherit it).
    await waitFor(
      async () =>
        (
          await stack.client.workflowService.describeTaskQueue({
            namespace: 'default',
            taskQueue: { name: queue },
            taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
            reportStats: true,
          })
        ).statsByPriorityKey,
      (stats) =>
        Number(stats['1']?.approximateBacklogCount ?? 0) === 1 &&
        Number(stats['4']?.approximateBacklogCount ?? 0) === 4,
      { what: 'the backlog to hold one task at priority 1 and four at 4' },
    );

    const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const worker = await Worker.create({
      connection,
      namespace: 'default',
      taskQueue: queue,
      activities: componentActivities(builtInComponents),
      maxConcurrentActivityTaskExecutions: 1,
    });
    const startedAt = async (runId: string) => {
      const history = await stack.client.workflow.getHandle(runId).fetchHistory();
      const started = history.events?.find((e) => e.activityTaskStartedEventAttributes);
      return Number(started!.eventTime!.seconds) * 1000 + Math.floor((started!.eventTime!.nanos ?? 0) / 1e6);
    };
    await worker.runUntil(async () => {
      for (const runId of [critical, ...low]) await finalState(stack, runId);
    });
    await connection.close();
    const criticalAt = await startedAt(critical);
    // The dev server keeps one partition per task queue (temporal/dynamic-config.mjs), so the order is strict.
    const lowAt = await Promise.all(low.map(startedAt));
    expect(lowAt.filter((at) => at < criticalAt)).toEqual([]);
  });
});
