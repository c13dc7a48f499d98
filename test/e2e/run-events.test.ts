import type { RunState } from '@weft/interpreter';
import { RunEventsService } from '../../apps/api/src/runs/run-events.service';
import { RunsService } from '../../apps/api/src/runs/runs.service';
import { nodeReaches, publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/** The events of a server-sent event stream, each as its fields. */
function parseEvents(text: string): Record<string, string>[] {
  return text
    .trim()
    .split('\n\n')
    .map((block) =>
      Object.fromEntries(
        block
          .split('\n')
          .filter(Boolean)
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      ),
    );
}

describe('server-sent run events: one shared poller per run', () => {
  let stack: TestStack;
  let runs: RunsService;
  let events: RunEventsService;
  beforeAll(async () => {
    stack = await startTestStack();
    runs = stack.app.get(RunsService);
    events = stack.app.get(RunEventsService);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => stack?.close());

  /** Every state read of one run, with when it started and ended. */
  function countReads(runId: string) {
    const reads: { start: number; end?: number }[] = [];
    const state = runs.state.bind(runs);
    jest.spyOn(runs, 'state').mockImplementation(async (id: string) => {
      if (id !== runId) return state(id);
      const read: { start: number; end?: number } = { start: Date.now() };
      reads.push(read);
      try {
        return await state(id);
      } finally {
        read.end = Date.now();
      }
    });
    return reads;
  }

  it('feeds 20 clients of one run from one poller: one state read per tick, the same states, then end', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'events-shared',
      nodes: [
        { id: 'gate', type: 'approval' },
        { id: 'work', type: 'task', component: 'core.delay', inputs: { duration: '300ms' } },
      ],
      edges: [{ from: 'gate', to: 'work' }],
    });
    await nodeReaches(stack, runId, 'gate', 'WAITING');
    const reads = countReads(runId);

    const started = Date.now();
    // Half the clients ask for 100 ms, half for 1 s: the poller reads at the fastest.
    const clients = Array.from({ length: 20 }, (_, i) =>
      stack
        .http()
        .get(`/runs/${runId}/events`)
        .query({ intervalMs: i % 2 ? 100 : 1000 })
        .then((res) => res),
    );
    await waitFor(
      async () => events.watchers(runId),
      (n) => n === 20,
      { what: '20 clients to watch the run' },
    );
    await stack.http().post(`/runs/${runId}/nodes/gate/approve`).send({ by: 'ada' }).expect(200);
    const responses = await Promise.all(clients);
    const elapsed = Date.now() - started;

    const streams = responses.map((res) => {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      return parseEvents(res.text);
    });
    const first = streams[0];
    for (const stream of streams) expect(stream).toEqual(first);
    expect(first.at(-1)).toMatchObject({ event: 'end', data: '{"status":"SUCCEEDED"}' });
    const states = first.filter((e) => e.event === 'state').map((e) => JSON.parse(e.data) as RunState);
    expect(states[0].nodes.gate.status).toBe('WAITING');
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', nodes: { work: { status: 'SUCCEEDED' } } });
    expect(new Set(states.map((s) => JSON.stringify(s))).size).toBe(states.length);
    expect(first.map((e) => e.id)).toEqual(first.map((_, i) => String(i + 1)));

    // One poller: its reads never overlap, and there is at most one per 100 ms tick.
    for (let i = 1; i < reads.length; i++) expect(reads[i].start).toBeGreaterThanOrEqual(reads[i - 1].end!);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(events.watchers(runId)).toBe(0);
  });

  it('stops polling when its last client leaves', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'events-leave',
      nodes: [{ id: 'gate', type: 'approval' }],
    });
    await nodeReaches(stack, runId, 'gate', 'WAITING');
    const reads = countReads(runId);
    const request = stack.http().get(`/runs/${runId}/events`).query({ intervalMs: 100 });
    request.end(() => undefined);
    await waitFor(
      async () => reads.length,
      (n) => n >= 2,
      { what: 'the poller to read twice' },
    );
    expect(events.watchers(runId)).toBe(1);
    request.abort();
    await waitFor(
      async () => events.watchers(runId),
      (n) => n === 0,
      { what: 'the poller to stop' },
    );
    const last = reads.length;
    // The next client starts a poller of its own, which reads at once.
    const again = stack.http().get(`/runs/${runId}/events`).query({ intervalMs: 100 });
    again.end(() => undefined);
    await waitFor(
      async () => reads.length,
      (n) => n > last,
      { what: 'a new poller to read' },
    );
    again.abort();
    await stack.http().post(`/runs/${runId}/nodes/gate/approve`).send({}).expect(200);
  });

  it('streams a finished run at once, and answers 404 and 400 as problems before the stream opens', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'events-finished',
      nodes: [{ id: 'only', type: 'task', component: 'core.noop' }],
    });
    await waitFor(
      () => runs.state(runId),
      (s) => s.status === 'SUCCEEDED',
      { what: 'the run to succeed' },
    );
    const done = await stack.http().get(`/runs/${runId}/events`).expect(200);
    const streamed = parseEvents(done.text);
    expect(streamed.map((e) => e.event)).toEqual(['state', 'end']);
    expect(JSON.parse(streamed[0].data)).toEqual(await runs.state(runId));

    const missing = await stack.http().get('/runs/no-such-run/events').expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toEqual({
      type: 'urn:weft:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'run "no-such-run" not found',
      instance: '/runs/no-such-run/events',
      requestId: expect.any(String),
    });
    const bad = await stack.http().get(`/runs/${runId}/events?intervalMs=20000`).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body).toMatchObject({
      type: 'urn:weft:problem:invalid-input',
      status: 400,
      errors: [{ path: '$.intervalMs', message: 'intervalMs must not be greater than 10000' }],
    });
  });
});
