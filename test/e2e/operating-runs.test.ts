import type { RunState } from '@weft/interpreter';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eventsAfterSignal, finalState, idle, nodeReaches, publishAndStart } from '../harness/run-helpers';
import { useStackAndServer } from '../harness/use-stack-and-server';
import { waitFor } from '../harness/wait-for';

const run = promisify(execFile);

describe('operating runs: pause, breakpoints, skip, variables, cancel', () => {
  const env = useStackAndServer();

  const state = async (runId: string) => (await env.stack.http().get(`/runs/${runId}`).expect(200)).body as RunState;
  const post = (path: string, body: object = {}) => env.stack.http().post(path).send(body);

  it('pauses in the middle of a 20-iteration loop and resumes without losing or repeating an iteration', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'pause-loop',
      variables: { count: 0, last: -1 },
      nodes: [
        {
          id: 'repeat',
          type: 'loop',
          maxIterations: 20,
          body: {
            nodes: [
              { id: 'work', type: 'task', component: 'core.delay', inputs: { duration: '100ms' } },
              { id: 'note', type: 'set', assign: { count: '${vars.count + 1}', last: '${iteration}' } },
            ],
            edges: [{ from: 'work', to: 'note' }],
          },
        },
      ],
    });
    const loopRunId = `${runId}--repeat`;
    await waitFor(
      () => state(loopRunId),
      (s) => (s.iteration ?? 0) >= 5,
      { what: 'iteration 5' },
    );

    const paused = await post(`/runs/${runId}/pause`, { by: 'ada', reason: 'maintenance window' }).expect(200);
    expect(paused.body).toMatchObject({ status: 'PAUSED', paused: { by: 'ada', reason: 'maintenance window' } });
    const again = await post(`/runs/${runId}/pause`).expect(409);
    expect(again.body.detail).toMatch(/^run is already PAUSED \(since /);

    // The pause reaches the loop's own run; the activity under way completes and the next node holds. Once the
    // loop run has nothing pending (no activity, timer or workflow task), only an outside event can move it, so
    // its history then shows everything it will do while paused: no activity scheduled after the pause.
    await waitFor(
      () => state(loopRunId),
      (s) => s.status === 'PAUSED',
      { what: 'the loop run to pause' },
    );
    const history = await idle(env.stack, loopRunId);
    expect(eventsAfterSignal(history, 'pause').filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    const held = await state(loopRunId);
    expect(held.status).toBe('PAUSED');
    expect(held.iteration).toBeLessThan(20);
    expect(Object.values(held.nodes).filter((n) => n.status === 'RUNNING')).toEqual([]);

    const resumed = await post(`/runs/${runId}/resume`, { by: 'ada' }).expect(200);
    expect(resumed.body.status).toBe('RUNNING');
    expect((await post(`/runs/${runId}/resume`).expect(409)).body.detail).toBe('run is not paused');

    const done = await finalState(env.stack, runId, 60_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.nodes.repeat.iterations).toBe(20);
    expect(done.vars).toEqual({ count: 20, last: 19 });
    expect(done.operations?.map(({ op, by, reason }) => ({ op, by, reason }))).toEqual([
      { op: 'pause', by: 'ada', reason: 'maintenance window' },
      { op: 'resume', by: 'ada', reason: undefined },
    ]);
  });

  it('holds nodes at breakpoints set in the definition, at start and while running; skips a pending node with outputs; sets variables', async () => {
    const definition = {
      id: 'breakpoints',
      variables: { greeting: 'hello' },
      nodes: [
        { id: 'a', type: 'task', component: 'core.noop' },
        { id: 'b', type: 'task', component: 'core.noop', breakpoint: true },
        {
          id: 'c',
          type: 'task',
          component: 'core.noop',
          inputs: { from: 'c' },
          outputs: { greeting: '${output.greeting}' },
        },
        {
          id: 'd',
          type: 'task',
          component: 'core.noop',
          inputs: { from: '${nodes.c.output.from}', greeting: '${vars.greeting}' },
        },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'd' },
      ],
    };
    const id = `breakpoints-${Date.now()}`;
    await env.stack
      .http()
      .post('/flows')
      .send({ ...definition, id })
      .expect(201);
    const badStart = await env.stack
      .http()
      .post(`/flows/${id}/runs`)
      .send({ breakpoints: ['c', 'ghost'] })
      .expect(400);
    expect(badStart.body.errors).toEqual([{ path: '$.breakpoints[1]', message: 'unknown node "ghost"' }]);
    const { runId } = (
      await env.stack
        .http()
        .post(`/flows/${id}/runs`)
        .send({ breakpoints: ['c'] })
        .expect(201)
    ).body;

    const atB = await nodeReaches(env.stack, runId, 'b', 'PAUSED');
    expect(atB.nodes.b.pauseReason).toBe('breakpoint');
    expect(atB.nodes.a.status).toBe('SUCCEEDED');

    const noVars = await post(`/runs/${runId}/variables`, { vars: [1] }).expect(400);
    expect(noVars.body.errors).toEqual([{ path: '$.vars', message: 'vars must be an object' }]);
    const ghostBreakpoint = await env.stack.http().put(`/runs/${runId}/nodes/ghost/breakpoint`).send({}).expect(409);
    expect(ghostBreakpoint.body.detail).toBe('unknown node "ghost"');
    const unknownVar = await post(`/runs/${runId}/variables`, { vars: { nope: 1 } }).expect(409);
    expect(unknownVar.body.detail).toBe('unknown variable "nope"; the run declares greeting');
    await post(`/runs/${runId}/variables`, { vars: { greeting: 'hi' }, by: 'ada' }).expect(200);

    const skipC = await post(`/runs/${runId}/nodes/c/skip`, {
      output: { from: 'operator', greeting: 'bonjour' },
      by: 'ada',
    }).expect(200);
    expect(skipC.body.nodes.c).toMatchObject({ status: 'PENDING', skipRequested: true });
    expect((await post(`/runs/${runId}/nodes/c/skip`).expect(409)).body.detail).toBe(
      'node "c" already has an operator decision waiting to be applied',
    );

    const withD = await env.stack.http().put(`/runs/${runId}/nodes/d/breakpoint`).send({ by: 'ada' }).expect(200);
    expect(withD.body.breakpoints).toEqual(expect.arrayContaining(['b', 'c', 'd']));
    expect((await env.stack.http().put(`/runs/${runId}/nodes/d/breakpoint`).send({}).expect(409)).body.detail).toBe(
      'node "d" already has breakpoint',
    );
    expect((await post(`/runs/${runId}/nodes/a/resume`).expect(409)).body.detail).toBe(
      'node "a" is SUCCEEDED, not paused at a breakpoint',
    );

    await post(`/runs/${runId}/nodes/b/resume`, { by: 'ada' }).expect(200);
    const atD = await nodeReaches(env.stack, runId, 'd', 'PAUSED');
    expect(atD.nodes.b.status).toBe('SUCCEEDED');
    expect(atD.nodes.c).toMatchObject({
      status: 'SKIPPED',
      skipReason: 'operator',
      output: { from: 'operator', greeting: 'bonjour' },
    });
    // The skip's output went through c's outputs mapping, after the operator's own value.
    expect(atD.vars.greeting).toBe('bonjour');

    await env.stack.http().delete(`/runs/${runId}/nodes/d/breakpoint`).send({ by: 'ada' }).expect(200);
    const done = await finalState(env.stack, runId);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.nodes.d.output).toEqual({ from: 'operator', greeting: 'bonjour' });
    expect(done.operations?.map((o) => [o.op, o.nodeId ?? null])).toEqual([
      ['breakpoint', 'b'],
      ['setVariables', null],
      ['skipNode', 'c'],
      ['setBreakpoint', 'd'],
      ['resumeNode', 'b'],
      ['breakpoint', 'd'],
      ['clearBreakpoint', 'd'],
    ]);
    expect(done.operations?.find((o) => o.op === 'setVariables')).toMatchObject({
      by: 'ada',
      details: { vars: { greeting: 'hi' } },
    });
  });

  it('skips a waiting timer, rejects an approval, and refuses operations on finished nodes', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'skip-wait',
      nodes: [
        { id: 'cool-down', type: 'wait', duration: '1h' },
        { id: 'review', type: 'approval' },
        {
          id: 'report',
          type: 'task',
          component: 'core.noop',
          inputs: { decision: '${nodes.review.output.decision}', waited: '${nodes.`cool-down`.output}' },
        },
      ],
      edges: [
        { from: 'cool-down', to: 'review' },
        { from: 'review', to: 'report' },
      ],
    });
    await nodeReaches(env.stack, runId, 'cool-down', 'WAITING');
    await post(`/runs/${runId}/nodes/cool-down/skip`, { output: { skipped: true }, by: 'bob' }).expect(200);
    await nodeReaches(env.stack, runId, 'review', 'WAITING');
    const refused = await post(`/runs/${runId}/nodes/cool-down/skip`).expect(409);
    expect(refused.body.detail).toBe('node "cool-down" already SKIPPED');
    await post(`/runs/${runId}/nodes/review/reject`, { by: 'bob', comment: 'not this week' }).expect(200);

    const done = await finalState(env.stack, runId);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.nodes.report.output).toEqual({ decision: 'rejected', waited: { skipped: true } });
    expect(done.nodes.review.output).toMatchObject({ decision: 'rejected', by: 'bob', comment: 'not this week' });
    expect(done.operations?.map((o) => o.op)).toEqual(['skipNode', 'reject']);
  });

  it('cancels a run whose running HTTP call observes the cancellation and hangs up', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'cancel-http',
      nodes: [
        {
          id: 'call',
          type: 'task',
          component: 'http.request',
          heartbeat: '2s',
          inputs: { url: `${env.server.url}/slow/cancel-me/60000`, timeout: '90s' },
        },
      ],
    });
    await waitFor(
      async () => env.server.hits.get('cancel-me') ?? 0,
      (hits) => hits > 0,
      { what: 'the slow call to arrive' },
    );
    await post(`/runs/${runId}/cancel`, { by: 'ada', reason: 'wrong target' }).expect(202);
    const done = await finalState(env.stack, runId);
    expect(done.status).toBe('CANCELLED');
    expect(done.nodes.call.status).toBe('CANCELLED');
    expect(done.operations).toEqual([expect.objectContaining({ op: 'cancel', by: 'ada', reason: 'wrong target' })]);
    await waitFor(async () => env.server.aborted.has('cancel-me'), Boolean, {
      timeoutMs: 15_000,
      what: 'the call to be aborted',
    });
    expect((await post(`/runs/${runId}/pause`).expect(409)).body.detail).toBe(
      `run "${runId}" is CANCELLED; it can no longer be operated`,
    );
  });

  it('takes pause, resume, skip, resumeNode and setVariables as plain `temporal workflow signal`s', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'signals',
      variables: { v: 0 },
      nodes: [
        { id: 'hold', type: 'wait', duration: '1h' },
        { id: 'gate', type: 'task', component: 'core.noop', breakpoint: true },
        { id: 'tail', type: 'task', component: 'core.noop', inputs: { v: '${vars.v}' } },
      ],
      edges: [
        { from: 'hold', to: 'gate' },
        { from: 'gate', to: 'tail' },
      ],
    });
    const signal = (name: string, input: object) =>
      run(process.env.WEFT_TEST_TEMPORAL_BIN!, [
        'workflow',
        'signal',
        ...['--address', process.env.TEMPORAL_ADDRESS!, '--namespace', 'default', '--workflow-id', runId],
        ...['--name', name, '--input', JSON.stringify(input)],
      ]);
    await nodeReaches(env.stack, runId, 'hold', 'WAITING');

    await signal('pause', { by: 'cli', reason: 'from the terminal' });
    await waitFor(
      () => state(runId),
      (s) => s.status === 'PAUSED',
      { what: 'the run to pause' },
    );
    await signal('skipNode', { nodeId: 'ghost', by: 'cli' }); // refused: dropped, not recorded
    await signal('skipNode', { nodeId: 'hold', output: { early: true }, by: 'cli' });
    await signal('setVariables', { vars: { v: 42 }, by: 'cli' });
    await signal('resume', { by: 'cli' });
    const atGate = await nodeReaches(env.stack, runId, 'gate', 'PAUSED');
    expect(atGate.nodes.hold).toMatchObject({ status: 'SKIPPED', output: { early: true } });
    await signal('resumeNode', { nodeId: 'gate', by: 'cli' });

    const done = await finalState(env.stack, runId);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.nodes.tail.output).toEqual({ v: 42 });
    // The skip lets the run reach the gate, which records its breakpoint while the run is still paused.
    expect(done.operations?.map((o) => o.op)).toEqual([
      'pause',
      'skipNode',
      'breakpoint',
      'setVariables',
      'resume',
      'resumeNode',
    ]);
    expect(done.operations?.filter((o) => o.op !== 'breakpoint').every((o) => o.by === 'cli')).toBe(true);
  });

  it('shows a node with its live attempt (RETRYING between attempts) and streams state changes as server-sent events', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'node-detail',
      nodes: [
        {
          id: 'flaky',
          type: 'task',
          component: 'http.request',
          inputs: { url: `${env.server.url}/fail-then-ok/detail/2` },
          retry: { maximumAttempts: 5, initialInterval: '1500ms', backoffCoefficient: 1 },
        },
      ],
    });
    const retrying = await waitFor(
      async () => (await env.stack.http().get(`/runs/${runId}/nodes/flaky`).expect(200)).body,
      (node) => node.status === 'RETRYING',
      { what: 'flaky to be RETRYING' },
    );
    expect(retrying).toMatchObject({ runId, runStatus: 'RUNNING', id: 'flaky', component: 'http.request' });
    expect(retrying.attempt).toBeGreaterThanOrEqual(2);
    expect(retrying.activity.lastFailure).toMatch(/answered 503/);

    const stream = await env.stack.http().get(`/runs/${runId}/events?intervalMs=100`).expect(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = stream.text
      .trim()
      .split('\n\n')
      .map((block) =>
        Object.fromEntries(
          block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        ),
      );
    expect(events.at(-1)).toMatchObject({ event: 'end', data: '{"status":"SUCCEEDED"}' });
    const states = events.filter((e) => e.event === 'state').map((e) => JSON.parse(e.data) as RunState);
    expect(states.length).toBeGreaterThanOrEqual(2);
    expect(states.at(-1)!.nodes.flaky).toMatchObject({ status: 'SUCCEEDED', attempt: 3 });
    expect(new Set(states.map((s) => JSON.stringify(s))).size).toBe(states.length);

    const done = (await env.stack.http().get(`/runs/${runId}/nodes/flaky`).expect(200)).body;
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 3, output: { status: 200 } });
    const missing = await env.stack.http().get(`/runs/${runId}/nodes/ghost`).expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body.detail).toBe(`run "${runId}" has no node "ghost"`);
    await env.stack.http().get('/runs/no-such-run/events').expect(404);
    const badInterval = await env.stack.http().get(`/runs/${runId}/events?intervalMs=5`).expect(400);
    expect(badInterval.body.errors).toEqual([
      { path: '$.intervalMs', message: 'intervalMs must not be less than 100' },
    ]);
  });

  it('pauses a foreach: no item starts while paused, and every item runs once after resuming', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'pause-foreach',
      variables: { suffix: '', out: '' },
      nodes: [
        {
          id: 'each',
          type: 'foreach',
          items: '${[1..8]}',
          concurrency: 2,
          body: {
            nodes: [
              { id: 'slow', type: 'task', component: 'core.delay', inputs: { duration: '200ms' } },
              { id: 'tag', type: 'set', assign: { out: '${item & vars.suffix}' } },
            ],
            edges: [{ from: 'slow', to: 'tag' }],
          },
        },
      ],
    });
    const foreachRunId = `${runId}--each`;
    await waitFor(
      () => state(foreachRunId),
      (s) => (s.items?.done ?? 0) >= 2,
      { what: 'two items done' },
    );
    await post(`/runs/${runId}/pause`, { by: 'ada' }).expect(200);
    await waitFor(
      () => state(foreachRunId),
      (s) => s.status === 'PAUSED',
      { what: 'the foreach run to pause' },
    );
    await post(`/runs/${runId}/variables`, { vars: { suffix: '!' } }).expect(200);
    // The run forwards the variables to the foreach run as a signal of its own, which must land before the resume.
    await waitFor(
      () => state(foreachRunId),
      (s) => s.vars.suffix === '!',
      { what: 'the foreach run to get the variables' },
    );
    // Items in flight finish the node they are running and hold before their next one. Once the foreach run has
    // nothing pending, only an outside event can move it: its history shows no activity scheduled after the pause.
    const history = await idle(env.stack, foreachRunId);
    expect(eventsAfterSignal(history, 'pause').filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    const held = await state(foreachRunId);
    expect(held.status).toBe('PAUSED');
    expect(held.items!.done).toBeLessThan(8);
    // The last item has not started yet, so it sees the variables set while paused (checked below).
    expect(held.items!.done + held.items!.inFlight).toBeLessThan(8);

    await post(`/runs/${runId}/resume`, { by: 'ada' }).expect(200);
    const done = await finalState(env.stack, runId);
    expect(done.nodes.each.items).toEqual({ total: 8, succeeded: 8, failed: 0 });
    const outputs = (done.nodes.each.output as { outputs: Record<string, unknown>[] }).outputs;
    expect(outputs).toHaveLength(8);
    // Items started after the variables were set see the new value.
    expect(outputs.at(-1)).toEqual({ slow: { waitedMs: 200 }, tag: { out: '8!' } });
  });
});
