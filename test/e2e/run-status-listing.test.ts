import { nodeReaches } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

describe('run listings tell the same status as the run itself, at every end', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  it('lists RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED, TERMINATED and TIMED_OUT runs as GET /runs/:id tells them', async () => {
    const flowId = `listing-${Date.now()}`;
    const definition = (timeout?: string) => ({
      id: flowId,
      ...(timeout && { timeout }),
      nodes: [
        { id: 'gate', type: 'approval' },
        { id: 'refused', type: 'fail', message: 'rejected at the gate', errorType: 'Rejected' },
      ],
      edges: [{ from: 'gate', to: 'refused', when: "nodes.gate.output.decision = 'rejected'" }],
    });
    await stack.http().post('/flows').send(definition()).expect(201);
    // The same flow with a run timeout, as version 2: its run ends TIMED_OUT, ended by the server.
    await stack.http().post('/flows').send(definition('2s')).expect(201);
    const start = async (version: number) => {
      const { runId } = (await stack.http().post(`/flows/${flowId}/runs`).send({ version }).expect(201)).body;
      await nodeReaches(stack, runId, 'gate', 'WAITING');
      return runId as string;
    };
    const runs = {
      RUNNING: await start(1),
      PAUSED: await start(1),
      SUCCEEDED: await start(1),
      FAILED: await start(1),
      CANCELLED: await start(1),
      TERMINATED: await start(1),
      TIMED_OUT: await start(2),
    };
    const post = (path: string, status: number) => stack.http().post(path).send({ by: 'ops' }).expect(status);
    await post(`/runs/${runs.PAUSED}/pause`, 200);
    await post(`/runs/${runs.SUCCEEDED}/nodes/gate/approve`, 200);
    await post(`/runs/${runs.FAILED}/nodes/gate/reject`, 200);
    await post(`/runs/${runs.CANCELLED}/cancel`, 202);
    await post(`/runs/${runs.TERMINATED}/terminate`, 202);

    for (const [status, runId] of Object.entries(runs)) {
      const run = await waitFor(
        async () => (await stack.http().get(`/runs/${runId}`).expect(200)).body,
        (s) => s.status === status,
        { what: `run ${runId} to be ${status}` },
      );
      expect(run.status).toBe(status);
    }
    // What the workflow could not write: a run the server ended keeps FlowStatus as it last set it.
    const flowStatus = async (runId: string) =>
      (await stack.client.workflow.getHandle(runId).describe()).searchAttributes.FlowStatus;
    expect(await flowStatus(runs.TERMINATED)).toEqual(['RUNNING']);
    expect(await flowStatus(runs.TIMED_OUT)).toEqual(['RUNNING']);

    for (const [status, runId] of Object.entries(runs)) {
      const listed = await waitFor(
        async () => (await stack.http().get('/runs').query({ flowId, status }).expect(200)).body.runs,
        (found: { runId: string }[]) => found.length === 1 && found[0].runId === runId,
        { what: `GET /runs?status=${status} to list ${runId} alone` },
      );
      expect(listed[0]).toMatchObject({ runId, flowId, status });
    }
    const all = (await stack.http().get('/runs').query({ flowId }).expect(200)).body.runs as {
      runId: string;
      status: string;
    }[];
    expect(Object.fromEntries(all.map((r) => [r.status, r.runId]))).toEqual(runs);
    for (const { runId, status } of all) {
      expect((await stack.http().get(`/runs/${runId}`).expect(200)).body.status).toBe(status);
    }

    await post(`/runs/${runs.PAUSED}/cancel`, 202);
    await post(`/runs/${runs.RUNNING}/cancel`, 202);
  });
});
