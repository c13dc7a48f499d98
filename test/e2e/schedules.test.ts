import { ScheduleNotFoundError } from '@temporalio/client';
import { newApiKey } from '../../apps/api/src/auth/api-key-format';
import { finalState } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';
import { startWebhookReceiver } from '../harness/webhook-receiver';

interface RunSummary {
  runId: string;
  flowId: string;
  version: number;
  status: string;
}

describe('schedules on Temporal Schedules', () => {
  let stack: TestStack;
  const unique = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
  const flowId = `sched-flow-${unique}`;
  const made: string[] = [];
  const scheduleId = (name: string) => {
    const id = `${name}-${unique}`;
    made.push(id);
    return id;
  };

  beforeAll(async () => {
    stack = await startTestStack();
    await stack
      .http()
      .post('/flows')
      .send({
        id: flowId,
        inputs: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
        nodes: [{ id: 'echo', type: 'task', component: 'core.noop', inputs: { n: '${inputs.n}' } }],
      })
      .expect(201);
  });
  afterAll(async () => {
    // The dev server outlives this file: a schedule left behind would keep starting runs for the other files.
    for (const id of made)
      await stack.client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    await stack?.close();
  });

  const runsOf = async (id: string): Promise<RunSummary[]> =>
    (await stack.http().get('/runs').query({ scheduleId: id, pageSize: 100 }).expect(200)).body.runs;

  it('fires every second (runs findable by schedule, with its inputs) while a paused one never does', async () => {
    const firing = scheduleId('every-second');
    const paused = scheduleId('paused');
    const created = await stack
      .http()
      .post('/schedules')
      .send({ id: firing, flowId, inputs: { n: 7 }, spec: { intervals: [{ every: '1s' }] }, description: 'ticks' })
      .expect(201);
    expect(created.body).toMatchObject({
      id: firing,
      flowId,
      version: null,
      runsVersion: 1,
      inputs: { n: 7 },
      description: 'ticks',
      spec: { cron: [], intervals: [{ every: 1000, offset: 0 }], timezone: 'UTC' },
      overlap: 'SKIP',
      paused: false,
      createdBy: 'anonymous',
    });
    await stack
      .http()
      .post('/schedules')
      .send({
        id: paused,
        flowId,
        inputs: { n: 1 },
        spec: { intervals: [{ every: '1s' }] },
        paused: true,
        note: 'not yet',
      })
      .expect(201);

    const runs = await waitFor(
      () => runsOf(firing),
      (found) => found.filter((r) => r.status === 'SUCCEEDED').length >= 2,
      { what: 'two runs of the schedule to succeed' },
    );
    await stack.http().post(`/schedules/${firing}/pause`).send({ note: 'enough' }).expect(200);
    const done = runs.filter((r) => r.status === 'SUCCEEDED');
    expect(done[0]).toMatchObject({ flowId, version: 1, scheduleId: firing });
    expect(done[0].runId.startsWith(`${firing}-`)).toBe(true);
    const state = await finalState(stack, done[0].runId);
    expect(state.nodes.echo.output).toEqual({ n: 7 });

    const shown = (await stack.http().get(`/schedules/${firing}`).expect(200)).body;
    expect(shown).toMatchObject({ paused: true, note: 'enough' });
    expect(shown.actionsTaken).toBeGreaterThanOrEqual(2);
    const recentRunIds = shown.recentActions.map((a: { runId: string }) => a.runId);
    expect(recentRunIds).toEqual(expect.arrayContaining(done.map((r) => r.runId)));

    // By the time the other fired twice, the paused one had every chance: it took no action and started no run.
    const still = (await stack.http().get(`/schedules/${paused}`).expect(200)).body;
    expect(still).toMatchObject({ paused: true, note: 'not yet', actionsTaken: 0, recentActions: [] });
    expect(await runsOf(paused)).toEqual([]);

    const listed = (await stack.http().get('/schedules').query({ flowId }).expect(200)).body;
    expect(listed.map((s: { id: string }) => s.id)).toEqual([firing, paused].sort());
  });

  it('updates the spec, then unpaused and triggered starts exactly one run', async () => {
    const id = scheduleId('triggered');
    await stack
      .http()
      .post('/schedules')
      .send({ id, flowId, inputs: { n: 2 }, spec: { intervals: [{ every: '1s' }] }, paused: true })
      .expect(201);
    const updated = await stack
      .http()
      .patch(`/schedules/${id}`)
      .send({ spec: { cron: ['0 9 * * *'], timezone: 'Asia/Tokyo' }, inputs: { n: 3 }, overlap: 'ALLOW_ALL' })
      .expect(200);
    expect(updated.body).toMatchObject({
      spec: { cron: ['0 9 * * *'], intervals: [], timezone: 'Asia/Tokyo' },
      inputs: { n: 3 },
      overlap: 'ALLOW_ALL',
      paused: true,
    });
    // 09:00 in Tokyo is 00:00 UTC.
    expect(updated.body.nextActionTimes[0]).toMatch(/T00:00:00\.000Z$/);
    const described = await stack
      .http()
      .patch(`/schedules/${id}`)
      .send({ description: 'morning in Tokyo' })
      .expect(200);
    expect(described.body).toMatchObject({
      description: 'morning in Tokyo',
      spec: { cron: ['0 9 * * *'], timezone: 'Asia/Tokyo' },
      inputs: { n: 3 },
      overlap: 'ALLOW_ALL',
      paused: true,
    });

    await stack.http().post(`/schedules/${id}/unpause`).send({}).expect(200);
    expect((await stack.http().get(`/schedules/${id}`).expect(200)).body).toMatchObject({
      paused: false,
      note: 'unpaused by anonymous',
    });
    await stack.http().post(`/schedules/${id}/trigger`).send({}).expect(202);
    const [run] = await waitFor(
      () => runsOf(id),
      (found) => found.length === 1 && found[0].status === 'SUCCEEDED',
      { what: 'the triggered run to succeed' },
    );
    expect((await finalState(stack, run.runId)).nodes.echo.output).toEqual({ n: 3 });
    const shown = (await stack.http().get(`/schedules/${id}`).expect(200)).body;
    expect(shown.actionsTaken).toBe(1);
    expect(shown.recentActions.map((a: { runId: string }) => a.runId)).toEqual([run.runId]);
  });

  it('tells webhooks of its runs, also when the subscription came after the schedule, and stops when it goes', async () => {
    const receiver = await startWebhookReceiver();
    const id = scheduleId('notifying');
    const notifies = async () => {
      const { action } = await stack.client.schedule.getHandle(id).describe();
      return action.type === 'startWorkflow' && 'notify' in ((action.args ?? [])[0] as object);
    };
    try {
      await stack
        .http()
        .post('/schedules')
        .send({ id, flowId, inputs: { n: 1 }, spec: { intervals: [{ every: '1h' }] }, paused: true })
        .expect(201);
      expect(await notifies()).toBe(false);
      const hook = await stack
        .http()
        .post('/webhooks')
        .send({ url: receiver.url, flowId, events: ['run.started', 'run.completed'] })
        .expect(201);
      receiver.secret = hook.body.secret;
      expect(await notifies()).toBe(true);
      await stack.http().post(`/schedules/${id}/trigger`).send({}).expect(202);
      const [run] = await waitFor(
        () => runsOf(id),
        (found) => found.length === 1 && found[0].status === 'SUCCEEDED',
        { what: 'the triggered run to succeed' },
      );
      await waitFor(
        async () => receiver.received.map((d) => d.event),
        (events) => events.length === 2,
        { what: "the scheduled run's two events" },
      );
      expect(receiver.received.map((d) => [d.event.type, d.event.runId])).toEqual([
        ['run.started', run.runId],
        ['run.completed', run.runId],
      ]);
      await stack.http().delete(`/webhooks/${hook.body.id}`).expect(204);
      expect(await notifies()).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it('backfills a past range: one run per time the spec matched in it', async () => {
    const id = scheduleId('backfilled');
    await stack
      .http()
      .post('/schedules')
      .send({ id, flowId, inputs: { n: 4 }, spec: { cron: ['0 0 1 1 *'] } })
      .expect(201);
    await stack
      .http()
      .post(`/schedules/${id}/backfill`)
      .send({ start: '2020-01-01T00:00:00Z', end: '2022-06-30T00:00:00Z', overlap: 'ALLOW_ALL' })
      .expect(202);
    const runs = await waitFor(
      () => runsOf(id),
      (found) => found.length === 3 && found.every((r) => r.status === 'SUCCEEDED'),
      { what: 'the three backfilled runs to succeed' },
    );
    expect(runs.map((r) => r.runId).sort()).toEqual([
      `${id}-2020-01-01T00:00:00Z`,
      `${id}-2021-01-01T00:00:00Z`,
      `${id}-2022-01-01T00:00:00Z`,
    ]);
  });

  it('lists the next times as Temporal computes them', async () => {
    const id = scheduleId('next');
    await stack
      .http()
      .post('/schedules')
      .send({ id, flowId, inputs: { n: 5 }, spec: { cron: ['0 0 1 1 *'] }, paused: true })
      .expect(201);
    const next = (await stack.http().get(`/schedules/${id}/next`).query({ count: 3 }).expect(200)).body;
    const year = new Date().getUTCFullYear() + 1;
    expect(next).toEqual({
      id,
      times: [`${year}-01-01T00:00:00.000Z`, `${year + 1}-01-01T00:00:00.000Z`, `${year + 2}-01-01T00:00:00.000Z`],
    });

    const minutes = scheduleId('next-interval');
    await stack
      .http()
      .post('/schedules')
      .send({
        id: minutes,
        flowId,
        inputs: { n: 5 },
        spec: { intervals: [{ every: '10m', offset: '1m' }] },
        paused: true,
      })
      .expect(201);
    const { times } = (await stack.http().get(`/schedules/${minutes}/next`).query({ count: 50 }).expect(200)).body;
    expect(times).toHaveLength(50);
    for (const [i, time] of (times as string[]).entries()) {
      expect(Date.parse(time) % 600_000).toBe(60_000);
      if (i) expect(Date.parse(time) - Date.parse(times[i - 1])).toBe(600_000);
    }
    await stack.http().get(`/schedules/${minutes}/next`).query({ count: 0 }).expect(400);
  });

  it('deletes it from Temporal too, and says so clearly when Temporal lost one', async () => {
    const id = scheduleId('deleted');
    await stack
      .http()
      .post('/schedules')
      .send({ id, flowId, inputs: { n: 6 }, spec: { cron: ['0 0 1 1 *'] }, paused: true })
      .expect(201);
    await stack.http().delete(`/schedules/${id}`).expect(204);
    await stack.http().get(`/schedules/${id}`).expect(404);
    await expect(stack.client.schedule.getHandle(id).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);

    const lost = scheduleId('lost');
    await stack
      .http()
      .post('/schedules')
      .send({ id: lost, flowId, inputs: { n: 6 }, spec: { cron: ['0 0 1 1 *'] }, paused: true })
      .expect(201);
    await stack.client.schedule.getHandle(lost).delete();
    const shown = (await stack.http().get(`/schedules/${lost}`).expect(200)).body;
    expect(shown.missing).toMatch(/the Temporal schedule is gone/);
    expect((await stack.http().post(`/schedules/${lost}/trigger`).send({}).expect(409)).body.detail).toMatch(
      /the Temporal schedule is gone/,
    );
    await stack
      .http()
      .patch(`/schedules/${lost}`)
      .send({ inputs: { n: 8 } })
      .expect(409);
    const recreated = await stack
      .http()
      .patch(`/schedules/${lost}`)
      .send({ spec: { cron: ['0 0 1 1 *'] } })
      .expect(200);
    expect(recreated.body).toMatchObject({ spec: { cron: ['0 0 1 1 *'] }, paused: false });
    expect(recreated.body.missing).toBeUndefined();
    await stack.http().delete(`/schedules/${lost}`).expect(204);
    await expect(stack.client.schedule.getHandle(lost).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('refuses bad input with a 400 at its JSON path, and a taken id with a 409', async () => {
    const id = scheduleId('refused');
    const refused = async (body: Record<string, unknown>) =>
      (
        await stack
          .http()
          .post('/schedules')
          .send({ id, flowId, inputs: { n: 1 }, ...body })
          .expect(400)
      ).body.errors as { path: string; message: string }[];
    const paths = async (body: Record<string, unknown>) => (await refused(body)).map((e) => e.path);

    expect(await paths({ spec: { cron: ['61 * * * *'] } })).toEqual(['$.spec.cron[0]']);
    expect(await paths({ spec: { cron: ['0 9 * * *', 'not a cron'] } })).toEqual(['$.spec.cron[1]']);
    expect(await paths({ spec: { cron: ['0 9 * * *', '0 99 * * *'] } })).toEqual(['$.spec.cron']);
    expect(await refused({ spec: { cron: ['0 9 * * *'], timezone: 'Mars/Olympus' } })).toEqual([
      { path: '$.spec.timezone', message: 'unknown time zone "Mars/Olympus"' },
    ]);
    expect(
      await refused({
        spec: { intervals: [{ every: '1h' }], startAt: '2030-01-02T00:00:00Z', endAt: '2030-01-01T00:00:00Z' },
      }),
    ).toEqual([{ path: '$.spec.endAt', message: 'must be after startAt' }]);
    expect(await paths({ spec: { intervals: [{ every: '500ms' }, { every: '1m', offset: '2m' }] } })).toEqual([
      '$.spec.intervals[0].every',
      '$.spec.intervals[1].offset',
    ]);
    expect(await paths({ spec: { intervals: [{ every: 'soon' }] } })).toEqual(['$.spec.intervals[0].every']);
    expect(await paths({ spec: {} })).toEqual(['$.spec']);
    expect(await paths({ spec: { cron: ['@daily'] }, overlap: 'SOMETIMES' })).toEqual(['$.overlap']);
    expect(await paths({ spec: { cron: ['@daily'] }, flowId: 'no-such-flow' })).toEqual(['$.flowId']);
    expect(await paths({ spec: { cron: ['@daily'] }, version: 9 })).toEqual(['$.version']);
    expect(await refused({ spec: { cron: ['@daily'] }, inputs: { n: 'one' } })).toEqual([
      { path: '$.inputs.n', message: 'must be integer' },
    ]);
    expect(await paths({ spec: { cron: ['@daily'] }, id: 'has space' })).toEqual(['$.id']);
    await stack.http().get(`/schedules/${id}`).expect(404);

    await stack
      .http()
      .post('/schedules')
      .send({ id, flowId, inputs: { n: 1 }, spec: { cron: ['@daily'] }, paused: true })
      .expect(201);
    await stack
      .http()
      .post('/schedules')
      .send({ id, flowId, inputs: { n: 1 }, spec: { cron: ['@daily'] } })
      .expect(409);
    const backfill = await stack
      .http()
      .post(`/schedules/${id}/backfill`)
      .send({ start: '2021-01-01T00:00:00Z', end: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(backfill.body.errors).toEqual([{ path: '$.end', message: 'must be after start' }]);
    const patch = await stack
      .http()
      .patch(`/schedules/${id}`)
      .send({ spec: { cron: ['0 0 31 2 * 1999'] }, inputs: {} })
      .expect(400);
    expect(patch.body.errors.map((e: { path: string }) => e.path)).toEqual(['$.inputs.n']);
    await stack.http().post('/schedules/no-such-schedule/pause').send({}).expect(404);

    const raced = scheduleId('raced');
    const both = await Promise.all(
      [1, 2].map(() =>
        stack
          .http()
          .post('/schedules')
          .send({ id: raced, flowId, inputs: { n: 1 }, spec: { cron: ['@daily'] }, paused: true }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

describe('schedules and bulk operations with keys, on the embedded store', () => {
  let stack: TestStack;
  const admin = newApiKey().key;
  const keys: Partial<Record<'viewer' | 'operator', string>> = {};
  const id = `keyed-${Date.now().toString(36)}`;
  const flowId = `keyed-flow-${Date.now().toString(36)}`;
  const as = (key: string) => ({
    get: (path: string) => stack.http().get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body: object = {}) => stack.http().post(path).set('Authorization', `Bearer ${key}`).send(body),
  });

  beforeAll(async () => {
    process.env.WEFT_BOOTSTRAP_ADMIN_KEY = admin;
    // PGlite: the schedule's row and its Temporal schedule share a transaction there too.
    stack = await startTestStack({ auth: 'on', databaseUrl: 'pglite://memory' });
    for (const role of ['viewer', 'operator'] as const)
      keys[role] = (
        await as(admin)
          .post('/keys', { name: `sched-${role}`, role })
          .expect(201)
      ).body.key;
    await as(admin)
      .post('/flows', { id: flowId, nodes: [{ id: 'gate', type: 'approval' }] })
      .expect(201);
  });
  afterAll(async () => {
    delete process.env.WEFT_BOOTSTRAP_ADMIN_KEY;
    await stack?.client.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
    await stack?.close();
  });

  it('lets a viewer read, an operator run bulk operations, and only an admin manage schedules', async () => {
    const body = { id, flowId, spec: { cron: ['@daily'] }, paused: true };
    await as(keys.viewer!).post('/schedules', body).expect(403);
    await as(keys.operator!).post('/schedules', body).expect(403);
    const created = await as(admin).post('/schedules', body).expect(201);
    expect(created.body).toMatchObject({ createdBy: 'key:admin', updatedBy: 'key:admin' });
    expect((await as(keys.viewer!).get(`/schedules/${id}`).expect(200)).body).toMatchObject({ id, paused: true });
    await as(keys.viewer!).get(`/schedules/${id}/next`).expect(200);
    await as(keys.operator!).post(`/schedules/${id}/trigger`).expect(403);
    await as(keys.viewer!).post('/runs/bulk/cancel', { filter: { flowId }, dryRun: true }).expect(403);
    const dry = await as(keys.operator!).post('/runs/bulk/cancel', { filter: { flowId }, dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true });
    await as(admin).post(`/schedules/${id}/pause`).expect(200);
    expect((await as(admin).get(`/schedules/${id}`).expect(200)).body.note).toBe('paused by key:admin');
  });
});
