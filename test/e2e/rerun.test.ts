import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { finalState } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

type History = Awaited<ReturnType<ReturnType<TestStack['client']['workflow']['getHandle']>['fetchHistory']>>;

/** The activity types a run scheduled, in order: what it executed. */
function scheduledActivities(history: History): string[] {
  return (history.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

describe('rerun from a node', () => {
  let stack: TestStack;
  let server: Server;
  let hits = 0;
  const flowId = `rerun-${Date.now()}`;

  beforeAll(async () => {
    // The upstream node's side effect: a request that this server counts.
    server = createServer((_req, res) => {
      hits += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ hit: hits }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/count`;
    stack = await startTestStack();
    await stack
      .http()
      .post('/flows')
      .send({
        id: flowId,
        inputs: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        output: { label: '${vars.label}', c: '${nodes.c.output}' },
        nodes: [
          {
            id: 'fetch',
            type: 'task',
            component: 'http.request',
            inputs: { url },
            outputs: { fetched: '${output.body.hit}' },
          },
          // Runs again in a rerun (set nodes are not given): its variable follows the new inputs.
          { id: 'tag', type: 'set', assign: { label: '${inputs.name}-${vars.fetched}' } },
          {
            id: 'b',
            type: 'task',
            component: 'core.noop',
            inputs: { name: '${inputs.name}', hit: '${nodes.fetch.output.body.hit}', label: '${vars.label}' },
          },
          { id: 'c', type: 'task', component: 'core.noop', inputs: { from: '${nodes.b.output.name}' } },
        ],
        edges: [
          { from: 'fetch', to: 'tag', when: 'nodes.fetch.output.status = 200' },
          { from: 'tag', to: 'b' },
          { from: 'b', to: 'c' },
        ],
      })
      .expect(201);
  });
  afterAll(async () => {
    await stack?.close();
    server?.close();
  });

  const startSource = async () => {
    const { runId } = (
      await stack
        .http()
        .post(`/flows/${flowId}/runs`)
        .send({ inputs: { name: 'first' } })
        .expect(201)
    ).body;
    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    return { runId: runId as string, state };
  };

  it('takes the upstream outputs as given, runs the node and what follows with new inputs, and links both runs', async () => {
    const source = await startSource();
    const hitsBefore = hits;
    expect(source.state.output).toEqual({ label: `first-${hitsBefore}`, c: { from: 'first' } });

    const started = await stack
      .http()
      .post(`/runs/${source.runId}/rerun`)
      .send({ fromNode: 'b', inputs: { name: 'second' }, businessKey: 'rerun-test' })
      .expect(201);
    expect(started.body).toEqual({ runId: expect.any(String), flowId, version: 1, created: true });
    const rerunId = started.body.runId as string;
    const rerun = await finalState(stack, rerunId);

    expect(rerun.status).toBe('SUCCEEDED');
    // fetch did not run again: no request reached the server, no activity of it in the rerun's history.
    expect(hits).toBe(hitsBefore);
    expect(scheduledActivities(await stack.client.workflow.getHandle(rerunId).fetchHistory())).toEqual([
      'core.noop',
      'core.noop',
    ]);
    expect(rerun.nodes.fetch).toMatchObject({
      status: 'SUCCEEDED',
      attempt: 0,
      reusedFrom: source.runId,
      output: source.state.nodes.fetch.output,
    });
    // Its output mapping was applied, the set node and the edge condition ran on the given output, and b and c ran
    // with the new inputs.
    expect(rerun.inputs).toEqual({ name: 'second' });
    expect(rerun.vars).toMatchObject({ fetched: hitsBefore, label: `second-${hitsBefore}` });
    expect(rerun.nodes.tag).toMatchObject({ status: 'SUCCEEDED' });
    expect(rerun.nodes.tag.reusedFrom).toBeUndefined();
    expect(rerun.nodes.b).toMatchObject({
      status: 'SUCCEEDED',
      attempt: 1,
      output: { name: 'second', hit: hitsBefore, label: `second-${hitsBefore}` },
    });
    expect(rerun.nodes.b.reusedFrom).toBeUndefined();
    expect(rerun.output).toEqual({ label: `second-${hitsBefore}`, c: { from: 'second' } });

    // Linked both ways.
    expect((await stack.http().get(`/runs/${rerunId}`).expect(200)).body).toMatchObject({
      rerunOf: source.runId,
      businessKey: 'rerun-test',
    });
    const reruns = await waitFor(
      async () => (await stack.http().get(`/runs/${source.runId}/reruns`).expect(200)).body.runs,
      (runs: unknown[]) => runs.length > 0,
      { what: 'the rerun in visibility' },
    );
    expect(reruns).toEqual([expect.objectContaining({ runId: rerunId, rerunOf: source.runId, flowId })]);
    expect((await stack.http().get(`/runs?rerunOf=${source.runId}`).expect(200)).body.runs).toHaveLength(1);

    // A rerun of the rerun keeps where the output was first computed.
    const again = (await stack.http().post(`/runs/${rerunId}/rerun`).send({ fromNode: 'c' }).expect(201)).body.runId;
    const third = await finalState(stack, again);
    expect(third.inputs).toEqual({ name: 'second' });
    expect(third.nodes.fetch.reusedFrom).toBe(source.runId);
    expect(third.nodes.b.reusedFrom).toBe(rerunId);
    expect(third.nodes.c.reusedFrom).toBeUndefined();
    expect(hits).toBe(hitsBefore);
  });

  it('reruns from the first node run everything again, with the source inputs by default', async () => {
    const source = await startSource();
    const hitsBefore = hits;
    const { runId } = (await stack.http().post(`/runs/${source.runId}/rerun`).send({ fromNode: 'fetch' }).expect(201))
      .body;
    const rerun = await finalState(stack, runId);
    expect(rerun.status).toBe('SUCCEEDED');
    expect(hits).toBe(hitsBefore + 1);
    expect(rerun.inputs).toEqual({ name: 'first' });
    expect(Object.values(rerun.nodes).some((n) => n.reusedFrom)).toBe(false);
  });

  it('an idempotency key reruns once', async () => {
    const source = await startSource();
    const body = { fromNode: 'c', idempotencyKey: `rerun-${source.runId}` };
    const first = await stack.http().post(`/runs/${source.runId}/rerun`).send(body).expect(201);
    const second = await stack.http().post(`/runs/${source.runId}/rerun`).send(body).expect(200);
    expect(second.body).toEqual({ ...first.body, created: false });
  });

  it('refuses an unknown node, bad inputs and bad options with 400 at the JSON path, and an unknown run with 404', async () => {
    const source = await startSource();
    const rerun = (body: object) => stack.http().post(`/runs/${source.runId}/rerun`).send(body);
    const pathOf = async (body: object) =>
      (await rerun(body).expect(400)).body.errors.map((e: { path: string }) => e.path);
    expect(await pathOf({ fromNode: 'nope' })).toEqual(['$.fromNode']);
    expect(await pathOf({})).toEqual(['$.fromNode']);
    expect(await pathOf({ fromNode: 'b', inputs: { name: 7 } })).toEqual(['$.inputs.name']);
    expect(await pathOf({ fromNode: 'b', inputs: {} })).toEqual(['$.inputs.name']);
    expect(await pathOf({ fromNode: 'b', priority: 'SOON' })).toEqual(['$.priority']);
    expect(await pathOf({ fromNode: 'b', version: 2 })).toEqual(['$.version']);
    const missing = await stack.http().post('/runs/no-such-run/rerun').send({ fromNode: 'b' }).expect(404);
    expect(missing.body).toMatchObject({ status: 404 });
    await stack.http().get('/runs/no-such-run/reruns').expect(404);
  });

  it('refuses (409) to rerun from a node whose upstream nodes have not finished yet', async () => {
    const gated = `${flowId}-gated`;
    await stack
      .http()
      .post('/flows')
      .send({
        id: gated,
        nodes: [
          { id: 'gate', type: 'approval' },
          { id: 'after', type: 'task', component: 'core.noop' },
        ],
        edges: [{ from: 'gate', to: 'after' }],
      })
      .expect(201);
    const { runId } = (await stack.http().post(`/flows/${gated}/runs`).send({}).expect(201)).body;
    await waitFor(
      async () => (await stack.http().get(`/runs/${runId}`).expect(200)).body.nodes.gate.status,
      (status) => status === 'WAITING',
      { what: 'the gate to wait' },
    );
    const refused = await stack.http().post(`/runs/${runId}/rerun`).send({ fromNode: 'after' }).expect(409);
    expect(refused.body.detail).toMatch(/has not finished the nodes upstream of "after": gate/);
    // From the root nothing is needed from the source.
    const fromRoot = (await stack.http().post(`/runs/${runId}/rerun`).send({ fromNode: 'gate' }).expect(201)).body
      .runId;
    for (const id of [runId, fromRoot]) await stack.http().post(`/runs/${id}/cancel`).send({}).expect(202);
  });

  it('a rerun read from its history (terminated) still shows its given nodes', async () => {
    const gated = `${flowId}-gated`;
    const { runId } = (await stack.http().post(`/flows/${gated}/runs`).send({}).expect(201)).body;
    await waitFor(
      async () => (await stack.http().get(`/runs/${runId}`).expect(200)).body.nodes.gate.status,
      (status) => status === 'WAITING',
      { what: 'the gate to wait' },
    );
    await stack
      .http()
      .post(`/runs/${runId}/nodes/gate/approve`)
      .send({ payload: { ok: true } })
      .expect(200);
    const source = await finalState(stack, runId);
    const rerunId = (
      await stack
        .http()
        .post(`/runs/${runId}/rerun`)
        .send({ fromNode: 'after', breakpoints: ['after'] })
        .expect(201)
    ).body.runId;
    await waitFor(
      async () => (await stack.http().get(`/runs/${rerunId}`).expect(200)).body.nodes.after.status,
      (status) => status === 'PAUSED',
      { what: 'the rerun to stop at its breakpoint' },
    );
    await stack.client.workflow.getHandle(rerunId).terminate('test');
    const state = (await stack.http().get(`/runs/${rerunId}`).expect(200)).body;
    expect(state.status).toBe('TERMINATED');
    expect(state.rerunOf).toBe(runId);
    expect(state.nodes.gate).toMatchObject({
      status: 'SUCCEEDED',
      reusedFrom: runId,
      output: source.nodes.gate.output,
    });
  });
});
