import type { AddressInfo } from 'node:net';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';
import { weftCli } from '../harness/weft-cli';

describe('weft schedule against the real API and Temporal', () => {
  let stack: TestStack;
  let api: string;
  const unique = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
  const flowId = `cli-sched-${unique}`;
  const id = `cli-sched-${unique}`;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
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
    await stack.client.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
    await stack?.close();
  });

  const weft = (...args: string[]) => weftCli(api)(...args);

  it('creates, lists, shows, updates, pauses, triggers, backfills, lists the next times and deletes a schedule', async () => {
    const refused = await weft(
      'schedule',
      'create',
      id,
      flowId,
      '--cron',
      '0 9 * * *',
      '--timezone',
      'Nowhere/Land',
      '--input',
      '{"n":1}',
    );
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.stderr).toContain('$.spec.timezone: unknown time zone "Nowhere/Land"');
    expect((await weft('schedule', 'create', id, flowId, '--every', '1h', '--input', '{"n":"x"}')).stderr).toContain(
      '$.inputs.n: must be integer',
    );
    expect((await weft('schedule', 'create', id, flowId, '--overlap', 'NEVER')).code).toBe(2);

    const created = await weft(
      'schedule',
      'create',
      id,
      flowId,
      '--cron',
      '0 9 * * MON-FRI',
      '--timezone',
      'Europe/Paris',
      '--input',
      '{"n":1}',
      '--paused',
      '--note',
      'waiting for launch',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`^schedule ${id} created\\n`));
    expect(created.stdout).toContain('state:       PAUSED (waiting for launch)');
    expect(created.stdout).toContain('spec:        cron "0 9 * * MON-FRI" (Europe/Paris)');

    const listed = await weft('schedule', 'list', '--flow', flowId);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^SCHEDULE\\s+FLOW\\s+STATE\\s+NEXT\\s+SPEC\\n${id}\\s+${flowId} latest \\(v1\\)\\s+PAUSED\\s+\\S+Z\\s+cron`,
      ),
    );

    const updated = await weft('schedule', 'update', id, '--every', '1h/15m', '--input', '{"n":2}');
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('spec:        every 3600s +900s');
    expect(updated.stdout).toContain('inputs:      {"n":2}');

    const next = await weft('--json', 'schedule', 'next', id, '-n', '3');
    const { times } = JSON.parse(next.stdout) as { times: string[] };
    expect(times).toHaveLength(3);
    for (const time of times) expect(time).toMatch(/T\d\d:15:00\.000Z$/);

    expect((await weft('schedule', 'unpause', id, '--note', 'launched')).stdout).toBe(
      `schedule ${id} ACTIVE (launched)\n`,
    );
    expect((await weft('schedule', 'pause', id)).stdout).toBe(`schedule ${id} PAUSED (paused by anonymous)\n`);
    expect((await weft('schedule', 'trigger', id)).stdout).toBe(`schedule ${id} triggered\n`);
    const backfilled = await weft(
      'schedule',
      'backfill',
      id,
      '--start',
      '2024-03-01T00:00:00Z',
      '--end',
      '2024-03-01T01:30:00Z',
      '--overlap',
      'ALLOW_ALL',
    );
    expect(backfilled.code).toBe(0);
    // One triggered run and the backfilled times 00:15 and 01:15.
    const runs = await waitFor(
      async () =>
        (await stack.http().get('/runs').query({ scheduleId: id }).expect(200)).body.runs as { runId: string }[],
      (found) => found.length === 3,
      { what: 'the triggered and backfilled runs' },
    );
    expect(runs.map((r) => r.runId)).toEqual(
      expect.arrayContaining([`${id}-2024-03-01T00:15:00Z`, `${id}-2024-03-01T01:15:00Z`]),
    );
    const byCli = await weft('run', 'list', '--schedule', id);
    expect(byCli.stdout).toContain(`${id}-2024-03-01T00:15:00Z`);
    const shown = await weft('schedule', 'show', id);
    expect(shown.stdout).toMatch(/recent actions:\nSCHEDULED\s+TAKEN\s+RUN\n/);
    expect(shown.stdout).toContain(`${id}-2024-03-01T01:15:00Z`);

    expect((await weft('schedule', 'delete', id)).stdout).toBe(`schedule ${id} deleted\n`);
    const gone = await weft('schedule', 'show', id);
    expect(gone).toMatchObject({ code: 1, stderr: `error: Not found: schedule "${id}" not found\n` });
  });
});
