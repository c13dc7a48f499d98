import { finalState, nodeReaches, publishAndStart } from '../harness/run-helpers';
import { useStackAndServer } from '../harness/use-stack-and-server';
import { waitFor } from '../harness/wait-for';

describe('operating runs over HTTP', () => {
  const env = useStackAndServer();


  it('retries a paused node with new inputs and skips another, answering 409 with the reason when refused', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'ops',
      nodes: [
        { id: 'fetch', type: 'task', component: 'http.request', inputs: { url: `${env.server.url}/status/404` }, onError: 'pause' },
        { id: 'notify', type: 'task', component: 'http.request', inputs: { url: `${env.server.url}/status/400` }, onError: 'pause' },
        { id: 'after', type: 'task', component: 'core.noop', inputs: { status: '${nodes.fetch.output.status}', notified: '${nodes.notify.output}' } },
      ],
      edges: [
        { from: 'fetch', to: 'after' },
        { from: 'notify', to: 'after' },
      ],
    });
    await nodeReaches(env.stack, runId, 'fetch', 'PAUSED');
    await nodeReaches(env.stack, runId, 'notify', 'PAUSED');

    const refused = await env.stack.http().post(`/runs/${runId}/nodes/after/retry`).send({}).expect(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: 'urn:weft:problem:conflict', detail: 'node "after" is PENDING, not paused on an error' });
    const unknown = await env.stack.http().post(`/runs/${runId}/nodes/ghost/skip`).send({}).expect(409);
    expect(unknown.body.detail).toBe('unknown node "ghost"');
    const badBody = await env.stack.http().post(`/runs/${runId}/nodes/fetch/retry`).send({ inputs: 'x', force: true }).expect(400);
    expect(badBody.body.errors).toEqual([
      { path: '$.force', message: 'unknown field' },
      { path: '$.inputs', message: 'inputs must be an object' },
    ]);

    const retried = await env.stack
      .http()
      .post(`/runs/${runId}/nodes/fetch/retry`)
      .send({ inputs: { url: `${env.server.url}/fail-then-ok/ops/0` }, by: 'ada' })
      .expect(200);
    expect(retried.body.nodes.fetch).toMatchObject({ status: 'RUNNING', inputs: { url: `${env.server.url}/fail-then-ok/ops/0` } });
    const skipped = await env.stack.http().post(`/runs/${runId}/nodes/notify/skip`).send({ output: { sent: false }, by: 'ada' }).expect(200);
    expect(skipped.body.nodes.notify).toMatchObject({ status: 'SKIPPED', skipReason: 'operator', output: { sent: false } });

    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.after.output).toEqual({ status: 200, notified: { sent: false } });
    const late = await env.stack.http().post(`/runs/${runId}/nodes/fetch/retry`).send({}).expect(409);
    expect(late.body.detail).toBe(`run "${runId}" is SUCCEEDED; it can no longer be operated`);
  });

  it('approves over HTTP, refusing a payload the schema rejects', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'approve-http',
      nodes: [{ id: 'review', type: 'approval', schema: { type: 'object', required: ['ticket'] } }],
    });
    await nodeReaches(env.stack, runId, 'review', 'WAITING');
    const refused = await env.stack.http().post(`/runs/${runId}/nodes/review/approve`).send({ payload: {} }).expect(409);
    expect(refused.body.detail).toBe('invalid payload: $.payload.ticket is required');
    await env.stack.http().post(`/runs/${runId}/nodes/review/approve`).send({ payload: { ticket: 'T-1' }, by: 'bob' }).expect(200);
    const state = await finalState(env.stack, runId);
    expect(state.nodes.review.output).toMatchObject({ decision: 'approved', payload: { ticket: 'T-1' }, by: 'bob' });
  });

  it('cancels a run with a running activity, and terminates another', async () => {
    const slow = { id: 'slow', nodes: [{ id: 'wait', type: 'task', component: 'core.delay', inputs: { duration: '60s' } }] };
    const { runId } = await publishAndStart(env.stack, slow);
    await nodeReaches(env.stack, runId, 'wait', 'RUNNING');
    await env.stack.http().post(`/runs/${runId}/cancel`).send({}).expect(202);
    const cancelled = await finalState(env.stack, runId, 15_000);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.nodes.wait.status).toBe('CANCELLED');

    const other = await publishAndStart(env.stack, slow);
    await nodeReaches(env.stack, other.runId, 'wait', 'RUNNING');
    await env.stack.http().post(`/runs/${other.runId}/terminate`).send({ reason: 'wrong inputs', by: 'ops' }).expect(202);
    const terminated = await waitFor(
      async () => (await env.stack.http().get(`/runs/${other.runId}`).expect(200)).body,
      (s) => s.status === 'TERMINATED',
      { what: 'the run to be terminated' },
    );
    expect(terminated.status).toBe('TERMINATED');
  });

  it('answers 404 for operations on unknown runs', async () => {
    const res = await env.stack.http().post('/runs/no-such-run/nodes/a/retry').send({}).expect(404);
    expect(res.body.detail).toBe('run "no-such-run" not found');
    await env.stack.http().post('/runs/no-such-run/cancel').send({}).expect(404);
  });
});
