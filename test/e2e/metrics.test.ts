import { finalState, nodeReaches, publishAndStart } from '../harness/run-helpers';
import { sampleValue } from '../harness/prometheus';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

describe('metrics', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // Each scrape reads the run counts afresh, so the test waits for visibility, not for a cache.
    process.env.WEFT_METRICS_RUNS_TTL_MS = '0';
    stack = await startTestStack();
  });
  afterAll(async () => {
    delete process.env.WEFT_METRICS_RUNS_TTL_MS;
    await stack?.close();
  });

  const scrape = async () => {
    const res = await stack.http().get('/metrics').expect(200);
    return res.text;
  };

  it('counts runs started, runs by status, operations by kind and outcome, and HTTP latency by route', async () => {
    const done = await publishAndStart(stack, {
      id: 'metrics-ok',
      nodes: [{ id: 'a', type: 'task', component: 'core.noop', inputs: {} }],
    });
    const failed = await publishAndStart(stack, {
      id: 'metrics-fail',
      nodes: [{ id: 'boom', type: 'fail', message: 'no luck' }],
    });
    const gated = await publishAndStart(stack, { id: 'metrics-gate', nodes: [{ id: 'gate', type: 'approval' }] });
    await nodeReaches(stack, gated.runId, 'gate', 'WAITING');
    await stack.http().post(`/runs/${gated.runId}/cancel`).send({}).expect(202);
    expect((await finalState(stack, done.runId)).status).toBe('SUCCEEDED');
    expect((await finalState(stack, failed.runId)).status).toBe('FAILED');
    expect((await finalState(stack, gated.runId)).status).toBe('CANCELLED');
    // Too late: the run has ended.
    await stack.http().post(`/runs/${done.runId}/pause`).send({}).expect(409);
    await stack.http().get(`/runs/${done.runId}`).expect(200);
    await stack.http().get('/runs/no-such-run').expect(404);

    const text = await waitFor(scrape, (t) => sampleValue(t, 'weft_runs', { flow_id: gated.flowId }) !== undefined, {
      what: 'visibility to count the runs',
    });
    for (const { flowId } of [done, failed, gated])
      expect(sampleValue(text, 'weft_runs_started_total', { flow_id: flowId, trigger: 'api' })).toBe(1);
    expect(sampleValue(text, 'weft_runs', { flow_id: done.flowId, status: 'SUCCEEDED' })).toBe(1);
    expect(sampleValue(text, 'weft_runs', { flow_id: failed.flowId, status: 'FAILED' })).toBe(1);
    expect(sampleValue(text, 'weft_runs', { flow_id: gated.flowId, status: 'CANCELLED' })).toBe(1);
    expect(sampleValue(text, 'weft_runs_counts_fresh')).toBe(1);

    expect(sampleValue(text, 'weft_run_operations_total', { kind: 'cancel', outcome: 'ok' })).toBe(1);
    expect(sampleValue(text, 'weft_run_operations_total', { kind: 'pause', outcome: 'refused' })).toBe(1);

    const requests = (route: string, method: string, status: string) =>
      sampleValue(text, 'weft_http_request_duration_seconds_count', { route, method, status });
    expect(requests('/flows/:flowId/runs', 'POST', '201')).toBe(3);
    expect(requests('/runs/:runId', 'GET', '200')).toBeGreaterThanOrEqual(4);
    expect(requests('/runs/:runId', 'GET', '404')).toBe(1);
    expect(requests('/runs/:runId/pause', 'POST', '409')).toBe(1);
    // Never a raw URL as a label.
    expect(text).not.toContain(done.runId);
    expect(sampleValue(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    // The worker's runtime: the SDK's own metrics, and each flow run's end counted by its workflow.
    const worker = await waitFor(
      async () => (await fetch(stack.workerMetricsUrl)).text(),
      (t) => sampleValue(t, 'weft_runs_ended_total', { flow_id: gated.flowId }) !== undefined,
      { what: "the worker's metrics to count the cancelled run" },
    );
    expect(sampleValue(worker, 'weft_runs_ended_total', { flow_id: done.flowId, status: 'SUCCEEDED' })).toBe(1);
    expect(sampleValue(worker, 'weft_runs_ended_total', { flow_id: failed.flowId, status: 'FAILED' })).toBe(1);
    expect(sampleValue(worker, 'weft_runs_ended_total', { flow_id: gated.flowId, status: 'CANCELLED' })).toBe(1);
    expect(sampleValue(worker, 'temporal_workflow_completed', { task_queue: stack.taskQueue })).toBeGreaterThan(0);
  });

  it("serves Prometheus's text format", async () => {
    const res = await stack.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.text).toContain('# TYPE weft_http_request_duration_seconds histogram');
  });

  it('gives each request an id: the caller’s X-Request-Id, echoed, or a new one; problems carry it', async () => {
    const given = await stack.http().get('/runs/no-such-run').set('X-Request-Id', 'trace-42').expect(404);
    expect(given.headers['x-request-id']).toBe('trace-42');
    expect(given.body).toMatchObject({ status: 404, requestId: 'trace-42' });

    const made = await stack.http().get('/health/live').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    // An id that could forge log lines is replaced, not echoed.
    const forged = await stack.http().get('/health/live').set('X-Request-Id', 'a b\\"c').expect(200);
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('metrics and health with auth on', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ auth: 'on' });
  });
  afterAll(() => stack?.close());

  it('answer without a key, unlike the rest of the API', async () => {
    await stack.http().get('/metrics').expect(200);
    await stack.http().get('/health').expect(200);
    await stack.http().get('/health/live').expect(200);
    await stack.http().get('/health/ready').expect(200);
    await stack.http().get('/runs').expect(401);
  });
});
