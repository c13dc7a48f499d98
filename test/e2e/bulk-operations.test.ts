import { finalState, nodeReaches } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

interface BulkReport {
  operation: string;
  dryRun: boolean;
  matched: number;
  more: boolean;
  succeeded?: number;
  failed?: number;
  results?: { runId: string; ok: boolean; error?: { status: number; title: string; detail?: string } }[];
  runs?: { runId: string; status: string }[];
}

describe('bulk operations on the runs a filter matches', () => {
  let stack: TestStack;
  const flowId = `bulk-${Date.now().toString(36)}`;
  let runIds: string[];

  beforeAll(async () => {
    stack = await startTestStack();
    await stack
      .http()
      .post('/flows')
      .send({ id: flowId, nodes: [{ id: 'gate', type: 'approval' }] })
      .expect(201);
    runIds = [];
    for (let i = 0; i < 3; i++) {
      const started = await stack.http().post(`/flows/${flowId}/runs`).send({}).expect(201);
      runIds.push(started.body.runId);
    }
    for (const runId of runIds) await nodeReaches(stack, runId, 'gate', 'WAITING');
    // Visibility lags the starts a little: the filter must see all three before the tests rely on it.
    await waitFor(
      async () => (await stack.http().get('/runs').query({ flowId, status: 'RUNNING' }).expect(200)).body.runs,
      (runs: unknown[]) => runs.length === 3,
      { what: 'the three runs to be visible' },
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  const bulk = (operation: string, body: Record<string, unknown>) =>
    stack.http().post(`/runs/bulk/${operation}`).send(body);

  it('refuses an empty or missing filter, a limit out of range and an unknown operation', async () => {
    expect((await bulk('cancel', { filter: {} }).expect(400)).body.errors).toEqual([
      {
        path: '$.filter',
        message: 'is empty: it would match every run; give at least a flow, a status or a time range',
      },
    ]);
    expect((await bulk('cancel', {}).expect(400)).body.errors.map((e: { path: string }) => e.path)).toEqual([
      '$.filter',
    ]);
    expect(
      (await bulk('terminate', { filter: { flowId }, limit: 5000 }).expect(400)).body.errors.map(
        (e: { path: string }) => e.path,
      ),
    ).toEqual(['$.limit']);
    expect(
      (await bulk('pause', { filter: { flowId, status: 'SOMETIMES' } }).expect(400)).body.errors.map(
        (e: { path: string }) => e.path,
      ),
    ).toEqual(['$.filter.status']);
    await bulk('approve', { filter: { flowId } }).expect(400);
  });

  it('lists without acting on a dry run, pauses and resumes, then cancels each open run of the flow', async () => {
    const dry = (await bulk('cancel', { filter: { flowId }, dryRun: true }).expect(200)).body as BulkReport;
    expect(dry).toMatchObject({ operation: 'cancel', dryRun: true, matched: 3, more: false });
    expect(dry.runs!.map((r) => r.runId).sort()).toEqual([...runIds].sort());
    for (const runId of runIds)
      expect((await stack.http().get(`/runs/${runId}`).expect(200)).body.status).toBe('RUNNING');

    const limited = (await bulk('pause', { filter: { flowId }, limit: 2 }).expect(200)).body as BulkReport;
    expect(limited).toMatchObject({ matched: 2, more: true, succeeded: 2, failed: 0 });
    const paused = (await bulk('pause', { filter: { flowId }, reason: 'maintenance' }).expect(200)).body as BulkReport;
    // Two of the three were paused already: the run refuses a second pause, and says so for itself.
    expect(paused).toMatchObject({ matched: 3, succeeded: 1, failed: 2 });
    for (const result of paused.results!.filter((r) => !r.ok))
      expect(result.error).toMatchObject({
        status: 409,
        title: 'Conflict',
        detail: expect.stringMatching(/^run is already PAUSED/),
      });
    const resumed = (await bulk('resume', { filter: { flowId } }).expect(200)).body as BulkReport;
    expect(resumed).toMatchObject({ matched: 3, succeeded: 3, failed: 0 });

    const cancelled = (await bulk('cancel', { filter: { flowId }, reason: 'spring cleaning' }).expect(200))
      .body as BulkReport;
    expect(cancelled).toMatchObject({ operation: 'cancel', dryRun: false, matched: 3, succeeded: 3, failed: 0 });
    expect(cancelled.results!.map((r) => r.runId).sort()).toEqual([...runIds].sort());
    expect(cancelled.results!.every((r) => r.ok)).toBe(true);
    for (const runId of runIds) expect((await finalState(stack, runId)).status).toBe('CANCELLED');

    // Closed runs can be named by status, and each refuses the operation on its own line.
    const closed = await waitFor(
      async () => (await bulk('cancel', { filter: { flowId, status: 'CANCELLED' } }).expect(200)).body as BulkReport,
      (report) => report.matched === 3,
      { what: 'visibility to list the three runs as CANCELLED' },
    );
    expect(closed).toMatchObject({ succeeded: 0, failed: 3 });
    expect(closed.results![0].error).toMatchObject({ status: 409, title: 'Conflict' });
    expect((await bulk('cancel', { filter: { flowId } }).expect(200)).body).toMatchObject({ matched: 0 });
  });
});
