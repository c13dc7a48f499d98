import { stateQuery, type RunState } from '@weft/interpreter';
import { stateFromHistory } from '../../apps/api/src/runs/run-history';
import { finalState, nodeReaches, publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/** Statuses, attempts, inputs and outputs of every node: what a reconstruction must get right (times aside). */
const essentials = (state: RunState) =>
  Object.fromEntries(
    Object.values(state.nodes).map((n) => [
      n.id,
      { status: n.status, attempt: n.attempt, inputs: n.inputs, output: n.output, error: n.error },
    ]),
  );

describe('closed runs are read from what Temporal keeps, without a worker', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  const get = (path: string, status = 200) =>
    stack
      .http()
      .get(path)
      .expect(status)
      .then((res) => res.body);
  const until = (runId: string, status: string) =>
    waitFor(
      () => get(`/runs/${runId}`),
      (s) => s.status === status,
      { what: `run ${runId} to be ${status}` },
    );

  it('rebuilds a finished run from its history as its query tells it: statuses, attempts, inputs, outputs', async () => {
    const child = `closed-history-child-${Date.now()}`;
    await stack
      .http()
      .post('/flows')
      .send({ id: child, nodes: [{ id: 'only', type: 'task', component: 'core.noop', inputs: { c: 1 } }] })
      .expect(201);
    const { runId } = await publishAndStart(
      stack,
      {
        id: 'closed-history',
        nodes: [
          { id: 'A', type: 'task', component: 'core.noop', inputs: { x: '${inputs.x}' } },
          { id: 'B', type: 'task', component: 'core.delay', inputs: { duration: '50ms' } },
          { id: 'L', type: 'task', component: 'core.log', local: true, inputs: { message: 'local' } },
          { id: 'W', type: 'wait', duration: '50ms' },
          { id: 'S', type: 'subflow', flow: child },
          { id: 'D', type: 'task', component: 'core.noop', inputs: { b: '${nodes.B.output}' } },
        ],
        edges: [
          { from: 'A', to: 'B' },
          { from: 'A', to: 'L' },
          { from: 'B', to: 'D' },
          { from: 'L', to: 'D' },
          { from: 'W', to: 'D' },
          { from: 'S', to: 'D' },
        ],
      },
      { x: 3 },
    );
    await finalState(stack, runId);
    const handle = stack.client.workflow.getHandle(runId);
    const queried = await handle.query(stateQuery);
    const rebuilt = stateFromHistory(await handle.fetchHistory(), {
      workflowId: runId,
      workflowType: 'flowRun',
      status: 'SUCCEEDED',
    });
    expect(essentials(rebuilt)).toEqual(essentials(queried));
    expect(rebuilt).toMatchObject({
      flowId: queried.flowId,
      version: queried.version,
      status: 'SUCCEEDED',
      progress: queried.progress,
      inputs: { x: 3 },
      output: queried.output,
      breakpoints: [],
      operations: [],
    });
    expect(rebuilt.nodes.S.childRunIds).toEqual([`${runId}--S`]);
    for (const node of Object.values(rebuilt.nodes)) {
      expect(node.durationMs).toBe(Date.parse(node.finishedAt!) - Date.parse(node.startedAt!));
    }
  });

  it('refuses every operation on a finished run with 409 and how it ended; an unknown run stays 404', async () => {
    const done = await publishAndStart(stack, {
      id: 'closed-ops',
      nodes: [
        { id: 'gate', type: 'approval' },
        { id: 'fetch', type: 'task', component: 'core.noop' },
      ],
      edges: [{ from: 'gate', to: 'fetch' }],
    });
    await nodeReaches(stack, done.runId, 'gate', 'WAITING');
    await stack.http().post(`/runs/${done.runId}/nodes/gate/approve`).send({}).expect(200);
    expect((await finalState(stack, done.runId)).status).toBe('SUCCEEDED');
    const ended = await publishAndStart(stack, { id: 'closed-ops-end', nodes: [{ id: 'gate', type: 'approval' }] });
    await nodeReaches(stack, ended.runId, 'gate', 'WAITING');
    await stack.http().post(`/runs/${ended.runId}/terminate`).send({}).expect(202);
    await until(ended.runId, 'TERMINATED');

    const operations: [string, string, object][] = [
      ['post', 'pause', {}],
      ['post', 'resume', {}],
      ['post', 'variables', { vars: { x: 1 } }],
      ['post', 'nodes/fetch/retry', { inputs: { a: 1 } }],
      ['post', 'nodes/fetch/skip', { output: null }],
      ['post', 'nodes/fetch/resume', {}],
      ['put', 'nodes/fetch/breakpoint', {}],
      ['delete', 'nodes/fetch/breakpoint', {}],
      ['post', 'nodes/gate/approve', { payload: {} }],
      ['post', 'nodes/gate/reject', {}],
      ['post', 'cancel', { by: 'ada' }],
      ['post', 'terminate', { reason: 'late' }],
    ];
    const send = (method: string, path: string, body: object) => {
      const http = stack.http();
      const request = method === 'put' ? http.put(path) : method === 'delete' ? http.delete(path) : http.post(path);
      return request.send(body);
    };
    for (const [method, operation, body] of operations) {
      const path = `/runs/${done.runId}/${operation}`;
      const res = await send(method, path, body).expect(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: 'urn:weft:problem:conflict',
        title: 'Conflict',
        status: 409,
        detail: `run "${done.runId}" is SUCCEEDED; it can no longer be operated`,
        instance: path,
        requestId: expect.any(String),
      });
    }
    for (const operation of ['pause', 'nodes/gate/approve', 'cancel', 'terminate']) {
      const res = await send('post', `/runs/${ended.runId}/${operation}`, {}).expect(409);
      expect(res.body.detail).toBe(`run "${ended.runId}" is TERMINATED; it can no longer be operated`);
    }
    for (const [method, operation, body] of operations) {
      const res = await send(method, `/runs/no-such-run/${operation}`, body).expect(404);
      expect(res.body).toMatchObject({ type: 'urn:weft:problem:not-found', detail: 'run "no-such-run" not found' });
    }
  });

  it('reads succeeded, failed, cancelled, terminated and timed-out runs with the worker shut down', async () => {
    const succeeded = await publishAndStart(
      stack,
      {
        id: 'closed-ok',
        nodes: [
          { id: 'A', type: 'task', component: 'core.noop', inputs: { x: '${inputs.x}' } },
          { id: 'B', type: 'task', component: 'core.delay', inputs: { duration: '50ms' } },
          { id: 'L', type: 'task', component: 'core.log', local: true, inputs: { message: 'local' } },
          { id: 'W', type: 'wait', duration: '50ms' },
          { id: 'D', type: 'task', component: 'core.noop', inputs: { b: '${nodes.B.output}' } },
        ],
        edges: [
          { from: 'A', to: 'B' },
          { from: 'A', to: 'L' },
          { from: 'B', to: 'D' },
          { from: 'L', to: 'D' },
          { from: 'W', to: 'D' },
        ],
      },
      { x: 7 },
    );
    const failed = await publishAndStart(stack, {
      id: 'closed-failed',
      nodes: [
        { id: 'A', type: 'task', component: 'core.noop' },
        { id: 'F', type: 'fail', message: 'no way', errorType: 'Refused' },
      ],
      edges: [{ from: 'A', to: 'F' }],
    });
    const slow = (id: string, timeout?: string) => ({
      id,
      ...(timeout && { timeout }),
      nodes: [
        { id: 'first', type: 'task', component: 'core.noop', inputs: { n: 1 } },
        { id: 'slow', type: 'task', component: 'core.delay', inputs: { duration: '60s' } },
        { id: 'last', type: 'task', component: 'core.noop' },
      ],
      edges: [
        { from: 'first', to: 'slow' },
        { from: 'slow', to: 'last' },
      ],
    });
    const cancelled = await publishAndStart(stack, slow('closed-cancelled'));
    const terminated = await publishAndStart(stack, slow('closed-terminated'));
    const timedOut = await publishAndStart(stack, slow('closed-timed-out', '3s'));

    await nodeReaches(stack, cancelled.runId, 'slow', 'RUNNING');
    await stack.http().post(`/runs/${cancelled.runId}/cancel`).send({ by: 'ada', reason: 'not today' }).expect(202);
    await nodeReaches(stack, terminated.runId, 'slow', 'RUNNING');
    await stack.http().post(`/runs/${terminated.runId}/terminate`).send({ reason: 'wrong inputs' }).expect(202);

    const ends = {
      SUCCEEDED: succeeded.runId,
      FAILED: failed.runId,
      CANCELLED: cancelled.runId,
      TERMINATED: terminated.runId,
      TIMED_OUT: timedOut.runId,
    };
    const up: Record<string, { run: RunState; node: unknown }> = {};
    const queried: Record<string, RunState> = {};
    for (const [status, runId] of Object.entries(ends)) {
      const run = status === 'TIMED_OUT' ? await until(runId, status) : await finalState(stack, runId);
      expect(run.status).toBe(status);
      const nodeId = Object.keys(run.nodes)[0];
      up[status] = { run, node: await get(`/runs/${runId}/nodes/${nodeId}`) };
      // What the workflow itself says of its end, while a worker can still answer its query.
      if (!['TERMINATED', 'TIMED_OUT'].includes(status))
        queried[status] = await stack.client.workflow.getHandle(runId).query(stateQuery);
    }

    const open = await publishAndStart(stack, {
      id: 'open-without-worker',
      nodes: [
        { id: 'first', type: 'task', component: 'core.noop', inputs: { n: 1 } },
        { id: 'hold', type: 'wait', duration: '1h' },
      ],
      edges: [{ from: 'first', to: 'hold' }],
    });
    await nodeReaches(stack, open.runId, 'hold', 'WAITING');

    await stack.stopWorker();

    // An open run with no worker to answer its query: after a bounded wait, its state as its history tells it.
    const openRead = Date.now();
    const openRun = await get(`/runs/${open.runId}`);
    expect(Date.now() - openRead).toBeLessThan(15_000);
    expect(openRun).toMatchObject({
      status: 'RUNNING',
      // Either the query waits out its deadline or the server fails it ("Failed to query Workflow", seen once in a
      // clean CI run): which one depends on timing; both are read from the history.
      stale: expect.stringMatching(
        /^(no worker answered the state query within 5000 ms|the state query failed \(.+\)): rebuilt from the run's history$/,
      ),
      nodes: { first: { status: 'SUCCEEDED', output: { n: 1 } }, hold: { status: 'WAITING' } },
    });

    for (const [status, runId] of Object.entries(ends)) {
      const run = await get(`/runs/${runId}`);
      expect(run).toEqual(up[status].run);
      const nodeId = Object.keys(run.nodes)[0];
      expect(await get(`/runs/${runId}/nodes/${nodeId}`)).toEqual(up[status].node);
      // The API adds how the run was started (its priority, from Temporal's description) to what the run itself says.
      if (queried[status]) expect(run).toEqual({ runId, ...queried[status], priority: { key: 3, name: 'NORMAL' } });
    }

    const ok = up.SUCCEEDED.run;
    expect(ok.output).toEqual(queried.SUCCEEDED.output);
    expect(ok.nodes.A).toMatchObject({ status: 'SUCCEEDED', inputs: { x: 7 }, output: { x: 7 } });
    expect(up.SUCCEEDED.node).toMatchObject({ runId: succeeded.runId, runStatus: 'SUCCEEDED', id: 'A', attempt: 1 });

    expect(up.FAILED.run.error).toMatchObject({ message: 'no way', type: 'Refused' });
    expect(up.FAILED.run.nodes.F).toMatchObject({ status: 'FAILED', error: { message: 'no way', type: 'Refused' } });

    expect(up.CANCELLED.run.nodes.slow.status).toBe('CANCELLED');
    expect(up.CANCELLED.run.operations).toEqual([
      expect.objectContaining({ op: 'cancel', by: 'ada', reason: 'not today' }),
    ]);

    for (const status of ['TERMINATED', 'TIMED_OUT'] as const) {
      const run = up[status].run;
      expect(run).toMatchObject({ status, progress: [2, 3], inputs: {} });
      expect(run.finishedAt).toEqual(expect.any(String));
      expect(run.nodes.first).toMatchObject({
        status: 'SUCCEEDED',
        attempt: 1,
        inputs: { n: 1 },
        output: { n: 1 },
        durationMs: expect.any(Number),
      });
      // In flight when the server ended the run, and never reached.
      expect(run.nodes.slow).toMatchObject({ status: 'CANCELLED', attempt: 1, inputs: { duration: '60s' } });
      expect(run.nodes.last).toEqual({
        id: 'last',
        name: 'last',
        type: 'task',
        component: 'core.noop',
        status: 'PENDING',
        attempt: 0,
      });
    }

    await get('/runs/no-such-run', 404);
  });
});
