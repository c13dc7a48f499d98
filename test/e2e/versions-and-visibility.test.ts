import { approveUpdate, FLOW_ID, FLOW_STATUS, FLOW_VERSION } from '@weft/interpreter';
import { finalState, nodeReaches, publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

describe('flow versions and run visibility', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  const flowId = `versioned-${Date.now()}`;
  const definition = (message: string) => ({
    id: flowId,
    nodes: [{ id: 'say', type: 'task', component: 'core.log', inputs: { message } }],
  });

  it('publishes versions, keeps them immutable and answers 200 for an unchanged definition', async () => {
    await stack.http().post('/flows').send(definition('one')).expect(201);
    const again = await stack.http().post('/flows').send(definition('one')).expect(200);
    expect(again.body).toMatchObject({ version: 1, created: false });
    const second = await stack.http().post('/flows').send(definition('two')).expect(201);
    expect(second.body).toMatchObject({ version: 2, created: true });

    const versions = await stack.http().get(`/flows/${flowId}/versions`).expect(200);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const first = await stack.http().get(`/flows/${flowId}/versions/1`).expect(200);
    expect(first.body.definition.nodes[0].inputs).toEqual({ message: 'one' });
    const latest = await stack.http().get(`/flows/${flowId}`).expect(200);
    expect(latest.body.version).toBe(2);
  });

  it('runs the version asked for and tags the run with FlowId, FlowVersion and FlowStatus', async () => {
    const started = await stack.http().post(`/flows/${flowId}/runs`).send({ version: 1 }).expect(201);
    const { runId } = started.body;
    const state = await finalState(stack, runId);
    expect(state).toMatchObject({ status: 'SUCCEEDED', flowId, version: 1 });
    expect(state.nodes.say.output).toEqual({ message: 'one', level: 'info' });

    const listed = await waitFor(
      async () => {
        const runs = [];
        for await (const run of stack.client.workflow.list({
          query: `FlowId = '${flowId}' AND FlowStatus = 'SUCCEEDED'`,
        })) {
          runs.push(run);
        }
        return runs;
      },
      (runs) => runs.length === 1,
      { what: 'visibility to list the finished run' },
    );
    expect(listed[0].workflowId).toBe(runId);
    const attributes = listed[0].typedSearchAttributes;
    expect(attributes.get(FLOW_ID)).toBe(flowId);
    expect(attributes.get(FLOW_VERSION)).toBe(1);
    expect(attributes.get(FLOW_STATUS)).toBe('SUCCEEDED');
  });

  it("shows the run's node table as its current details in the Temporal Web UI, as of each moment it is asked", async () => {
    const { runId } = await publishAndStart(stack, {
      id: `details-${Date.now()}`,
      nodes: [
        { id: 'first', type: 'task', component: 'core.noop' },
        { id: 'review', type: 'approval' },
        { id: 'last', type: 'task', component: 'core.noop' },
      ],
      edges: [
        { from: 'first', to: 'review' },
        { from: 'review', to: 'last' },
      ],
    });
    // What the Web UI sends: the SDK's built-in metadata query.
    const handle = stack.client.workflow.getHandle(runId);
    const details = async () =>
      (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata')).currentDetails;
    await nodeReaches(stack, runId, 'review', 'WAITING');
    const waiting = (await details()).split('\n');
    expect(waiting[0]).toMatch(/^\*\*details-\S+\*\* v1: RUNNING, 1\/3 nodes done$/);
    expect(waiting).toEqual(
      expect.arrayContaining([
        '| node | name | status | attempt | ms |',
        expect.stringMatching(/^\| first \| first \| SUCCEEDED \| 1 \| \d+ \|$/),
        '| review | review | WAITING | 0 |  |',
        '| last | last | PENDING | 0 |  |',
      ]),
    );
    await handle.executeUpdate(approveUpdate, { args: [{ nodeId: 'review', payload: {} }] });
    expect(await finalState(stack, runId)).toMatchObject({ status: 'SUCCEEDED' });
    // A closed run answers from its replayed history, with the same table at its end.
    const ended = (await details()).split('\n');
    expect(ended[0]).toMatch(/v1: SUCCEEDED, 3\/3 nodes done$/);
    expect(ended.filter((line) => / SUCCEEDED \| \d \| \d+ \|$/.test(line))).toHaveLength(3);
  });

  it('labels activities with their node names in the Web UI; a local task only when it has a name of its own', async () => {
    const { runId } = await publishAndStart(stack, {
      id: `labels-${Date.now()}`,
      nodes: [
        { id: 'remote', type: 'task', component: 'core.noop' },
        { id: 'named', name: 'Quick check', type: 'task', component: 'core.noop', local: true },
        { id: 'unnamed', type: 'task', component: 'core.noop', local: true },
      ],
      edges: [
        { from: 'remote', to: 'named' },
        { from: 'named', to: 'unnamed' },
      ],
    });
    expect(await finalState(stack, runId)).toMatchObject({ status: 'SUCCEEDED' });
    const { events } = await stack.client.workflow.getHandle(runId).fetchHistory();
    const summary = (event: { userMetadata?: { summary?: { data?: Uint8Array | null } | null } | null }) => {
      const data = event.userMetadata?.summary?.data;
      return data ? JSON.parse(Buffer.from(data).toString()) : undefined;
    };
    const scheduled = (events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).map(summary);
    const markers = (events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(scheduled).toEqual(['remote']);
    expect(markers.map(summary)).toEqual(['Quick check', undefined]);
  });

  it('lists runs through visibility, filtered by flow, version and status, page by page', async () => {
    for (let i = 0; i < 3; i++)
      await finalState(
        stack,
        (await stack.http().post(`/flows/${flowId}/runs`).send({ version: 2 }).expect(201)).body.runId,
      );
    const all = await waitFor(
      async () => (await stack.http().get('/runs').query({ flowId }).expect(200)).body,
      (body) => body.runs.length === 4 && body.runs.every((r: { status: string }) => r.status === 'SUCCEEDED'),
      { what: 'four finished runs to be listed' },
    );
    expect(all.runs[0]).toEqual({
      runId: expect.any(String),
      flowId,
      version: 2,
      status: 'SUCCEEDED',
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });

    const v1 = await stack.http().get('/runs').query({ flowId, version: 1, status: 'SUCCEEDED' }).expect(200);
    expect(v1.body.runs).toHaveLength(1);
    const failedOnes = await stack.http().get('/runs').query({ flowId, status: 'FAILED' }).expect(200);
    expect(failedOnes.body.runs).toEqual([]);

    const first = await stack.http().get('/runs').query({ flowId, pageSize: 3 }).expect(200);
    expect(first.body.runs).toHaveLength(3);
    expect(first.body.nextPageToken).toEqual(expect.any(String));
    const second = await stack
      .http()
      .get('/runs')
      .query({ flowId, pageSize: 3, pageToken: first.body.nextPageToken })
      .expect(200);
    expect(second.body.runs).toHaveLength(1);
    expect(second.body.nextPageToken).toBeUndefined();
    const ids = [...first.body.runs, ...second.body.runs].map((r: { runId: string }) => r.runId);
    expect(new Set(ids).size).toBe(4);

    const bad = await stack
      .http()
      .get('/runs')
      .query({ flowId: "x' OR '1'='1", status: 'DONE', pageSize: 0 })
      .expect(400);
    expect(bad.body.errors).toEqual([
      { path: '$.flowId', message: 'flowId is not a flow id' },
      {
        path: '$.status',
        message: 'status must be one of: RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED, TERMINATED, TIMED_OUT',
      },
      { path: '$.pageSize', message: 'pageSize must not be less than 1' },
    ]);
  });

  it('lists flows and the components they can use', async () => {
    const flows = await stack.http().get('/flows').expect(200);
    expect(flows.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: flowId, version: 2 })]));
    const components = await stack.http().get('/components').expect(200);
    expect(components.body.map((c: { name: string }) => c.name).sort()).toEqual([
      'code.javascript',
      'code.python',
      'core.delay',
      'core.log',
      'core.noop',
      'http.request',
    ]);
  });

  it('serves its OpenAPI document and a health check', async () => {
    const docs = await stack.http().get('/docs/json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/flows', '/flows/{flowId}/runs', '/runs/{runId}', '/health']),
    );
    const health = await stack.http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', temporal: { reachable: true, namespace: 'default' } });
  });
});
