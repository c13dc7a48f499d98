import type { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { screenshot, startConsoleStack, waitForGraph, type ConsoleStack } from './browser';
import { approvalFlow, foreachFlow, pausableFlow, pausedOnErrorFlow, startableFlow } from './run-flows';

/** A node of the run's graph in the given status: the graph repaints it from the run's server-sent events. */
/** Runs wait on Temporal and a worker: a busy machine (CI with two cores) may take longer than the default 15 s. */
const PAGE_TIMEOUT_MS = 30_000;

const graphNode = (page: Page, id: string, status: string) =>
  page.locator(`.react-flow__node[data-id="${id}"] [data-status="${status}"]`);

/** Marks the page so that a reload (which would clear the mark) fails the test. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate("window.weftMark = 'not reloaded'");
}
async function stillMarked(page: Page): Promise<string | undefined> {
  return page.evaluate<string | undefined>('window.weftMark');
}

describe('web console: runs live on their graph, and operating them', () => {
  let env: ConsoleStack;
  const suffix = randomUUID().slice(0, 8);
  const publish = async (definition: { id: string }) =>
    void (await env.stack.http().post('/flows').send(definition).expect(201));
  const start = async (flowId: string, inputs: object = {}) =>
    (await env.stack.http().post(`/flows/${flowId}/runs`).send({ inputs }).expect(201)).body.runId as string;
  const state = async (runId: string) => (await env.stack.http().get(`/runs/${runId}`).expect(200)).body;
  const openRun = async (runId: string) => {
    const page = await env.open(`/#/runs/${encodeURIComponent(runId)}`);
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await waitForGraph(page);
    return page;
  };

  beforeAll(async () => {
    env = await startConsoleStack();
  });
  afterAll(() => env?.close());
  afterEach(() => expect(env.pageErrors).toEqual([]));

  it('starts a run from the form of its inputs schema and watches a node go RUNNING → SUCCEEDED without a reload', async () => {
    const flowId = `run-start-${suffix}`;
    await publish(startableFlow(flowId));
    const page = await env.open(`/#/flows/${flowId}`);
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.getByRole('link', { name: 'Start a run' }).click();
    await page.locator('input[name="inputs.name"]').fill('Ada');
    await page.locator('input[name="inputs.count"]').fill('3');
    await page.locator('select[name="inputs.mode"]').selectOption('slow');
    await page.locator('.schema-form-array').getByRole('button', { name: 'add' }).click();
    await page.locator('input[name="inputs.tags[0]"]').fill('vip');
    await page.locator('input[name="inputs.loud"]').check();
    await page.getByRole('button', { name: 'Start run' }).click();

    await page.waitForURL(/#\/runs\//);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    await markPage(page);
    await waitForGraph(page);
    await graphNode(page, 'go', 'WAITING').waitFor();
    await env.stack.http().post(`/runs/${runId}/nodes/go/approve`).send({}).expect(200);
    await graphNode(page, 'work', 'RUNNING').waitFor();
    await page.locator('.run-header .live').waitFor();
    await screenshot(page, 'run-live');
    await graphNode(page, 'work', 'SUCCEEDED').waitFor();
    await page.locator('[data-run-status="SUCCEEDED"]').waitFor();
    expect(await stillMarked(page)).toBe('not reloaded');
    await page.locator('.progress-text').getByText('4/4').waitFor();

    expect((await state(runId)).inputs).toEqual({ name: 'Ada', count: 3, mode: 'slow', tags: ['vip'], loud: true });
    await page.locator('.react-flow__node[data-id="greet"]').click();
    await page.locator('.node-panel').getByText('"name": "Ada"').first().waitFor();
    expect(await page.locator('.temporal-link').getAttribute('href')).toBe(
      `http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(runId)}`,
    );
    await screenshot(page, 'run');

    // The run is in the list, filtered by its flow and status.
    const list = await env.open(`/#/runs?flowId=${flowId}&status=SUCCEEDED`);
    await list.locator(`[data-run-row="${runId}"]`).getByText('SUCCEEDED').waitFor();
    await screenshot(list, 'runs');
  });

  it('pauses and resumes a run, sets a variable and breakpoints meanwhile; a refused operation shows why', async () => {
    const flowId = `run-pause-${suffix}`;
    await publish(pausableFlow(flowId));
    const runId = (
      await env.stack
        .http()
        .post(`/flows/${flowId}/runs`)
        .send({ breakpoints: ['hold'] })
        .expect(201)
    ).body.runId as string;
    const page = await openRun(runId);
    await graphNode(page, 'hold', 'PAUSED').waitFor();
    await page.locator('input.reason').fill('maintenance window');
    await page.getByRole('button', { name: 'Pause run' }).click();
    await page.locator('[data-run-status="PAUSED"]').waitFor();
    await page.locator('.paused-note').getByText('maintenance window').waitFor();

    await page.locator('.react-flow__node[data-id="first"]').click();
    const panel = page.locator('.node-panel');
    await panel.getByRole('button', { name: 'Skip' }).click();
    await panel.getByRole('alert').getByText('node "first" already SUCCEEDED').waitFor();

    await page.locator('input[name="vars.limit"]').fill('10');
    await page.getByRole('button', { name: 'Set variables' }).click();
    await page.locator('.audit-trail [data-op="setVariables"]').waitFor();
    await page.getByRole('button', { name: 'Resume run' }).click();
    await page.locator('[data-run-status="RUNNING"]').waitFor();

    // `hold` waits at its breakpoint; one is set on `last` too, then `hold` goes on and `last` is let go.
    await page.locator('.react-flow__node[data-id="last"]').click();
    await page.locator('.node-panel[data-node="last"]').getByRole('button', { name: 'Set breakpoint' }).click();
    await panel.getByRole('button', { name: 'Clear breakpoint' }).waitFor();
    await page.locator('.react-flow__node[data-id="hold"]').click();
    await page.locator('.node-panel[data-node="hold"]').getByText('at its breakpoint').waitFor();
    await panel.getByRole('button', { name: 'Continue' }).click();
    await graphNode(page, 'hold', 'SUCCEEDED').waitFor();
    await graphNode(page, 'last', 'PAUSED').waitFor();
    await page.locator('.react-flow__node[data-id="last"]').click();
    await page.locator('.node-panel[data-node="last"]').getByRole('button', { name: 'Clear breakpoint' }).click();
    await page.locator('[data-run-status="SUCCEEDED"]').waitFor();
    await graphNode(page, 'last', 'SUCCEEDED').waitFor();
    await page.locator('.audit-trail [data-op="pause"]').getByText('maintenance window').waitFor();

    const done = await state(runId);
    expect(done.nodes.hold.output).toEqual({ limit: 10 });
    expect(done.operations.map((o: { op: string; nodeId?: string }) => [o.op, o.nodeId])).toEqual([
      ['breakpoint', 'hold'],
      ['pause', undefined],
      ['setVariables', undefined],
      ['resume', undefined],
      ['setBreakpoint', 'last'],
      ['resumeNode', 'hold'],
      ['breakpoint', 'last'],
      ['clearBreakpoint', 'last'],
    ]);
  });

  it('skips one node paused on its error with an output, and retries another with edited inputs', async () => {
    const flowId = `run-on-error-${suffix}`;
    await publish(pausedOnErrorFlow(flowId, `${env.baseUrl}/no-such-route`));
    const runId = await start(flowId);
    const page = await openRun(runId);
    await graphNode(page, 'fetch', 'PAUSED').waitFor();
    await graphNode(page, 'probe', 'PAUSED').waitFor();

    await page.locator('.react-flow__node[data-id="fetch"]').click();
    const panel = page.locator('.node-panel');
    await panel.getByText('on its error').waitFor();
    await panel.locator('.error-chain').waitFor();
    await panel.locator('textarea[name="skip.output"]').fill('{"status": 200, "body": "from the operator"}');
    await screenshot(page, 'run-paused-on-error');
    await panel.getByRole('button', { name: 'Skip' }).click();
    await graphNode(page, 'fetch', 'SKIPPED').waitFor();

    await page.locator('.react-flow__node[data-id="probe"]').click();
    await page.locator('.node-panel[data-node="probe"]').waitFor();
    await panel.locator('textarea[name="retry.inputs"]').fill(JSON.stringify({ url: `${env.baseUrl}/health/live` }));
    await panel.getByRole('button', { name: 'Retry' }).click();
    await graphNode(page, 'probe', 'SUCCEEDED').waitFor();
    await page.locator('[data-run-status="SUCCEEDED"]').waitFor();

    const done = await state(runId);
    expect(done.nodes.after.output).toEqual({ fetched: { status: 200, body: 'from the operator' } });
    expect(done.nodes.probe.inputs).toEqual({ url: `${env.baseUrl}/health/live` });
    expect(done.operations.map((o: { op: string; nodeId: string }) => [o.op, o.nodeId])).toEqual([
      ['skipNode', 'fetch'],
      ['retryNode', 'probe'],
    ]);
  });

  it("approves with a payload from the form of the approval's schema; a payload it refuses shows why", async () => {
    const flowId = `run-approval-${suffix}`;
    await publish(approvalFlow(flowId));
    const runId = await start(flowId);
    const page = await openRun(runId);
    await graphNode(page, 'review', 'WAITING').waitFor();
    await page.locator('.react-flow__node[data-id="review"]').click();
    const form = page.locator('.approval-form');
    await form.getByRole('button', { name: 'Approve' }).click();
    await form
      .getByRole('alert')
      .getByText(/invalid payload/)
      .waitFor();

    await form.locator('input[name="payload.ticket"]').fill('T-42');
    await form.locator('input[name="payload.priority"]').fill('2');
    await form.locator('input[name="payload.urgent"]').check();
    await form.locator('input[name="comment"]').fill('looks right');
    await screenshot(page, 'run-approval');
    await form.getByRole('button', { name: 'Approve' }).click();
    await graphNode(page, 'review', 'SUCCEEDED').waitFor();
    await page.locator('[data-run-status="SUCCEEDED"]').waitFor();
    expect((await state(runId)).nodes.after.output).toEqual({
      decision: expect.objectContaining({
        decision: 'approved',
        payload: { ticket: 'T-42', priority: 2, urgent: true },
        comment: 'looks right',
      }),
    });
    await page.locator('.audit-trail [data-op="approve"]').getByText('T-42', { exact: false }).waitFor();
  });

  it('cancels a waiting run', async () => {
    const flowId = `run-cancel-${suffix}`;
    await publish(approvalFlow(flowId));
    const runId = await start(flowId);
    const page = await openRun(runId);
    await graphNode(page, 'review', 'WAITING').waitFor();
    await page.locator('input.reason').fill('not needed');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-run-status="CANCELLED"]').waitFor();
    await graphNode(page, 'review', 'CANCELLED').waitFor();
    expect((await state(runId)).operations).toEqual([expect.objectContaining({ op: 'cancel', reason: 'not needed' })]);
  });

  it('opens a foreach item from the foreach node', async () => {
    const flowId = `run-foreach-${suffix}`;
    await publish(foreachFlow(flowId));
    const runId = await start(flowId, { items: [1, 2, 3] });
    const page = await openRun(runId);
    await graphNode(page, 'lines', 'SUCCEEDED').waitFor();
    await page.locator('.react-flow__node[data-id="lines"]').click();
    await page
      .locator('.node-panel .child-runs')
      .getByRole('link', { name: `${runId}--lines` })
      .click();
    await page.waitForURL(new RegExp(`#/runs/${runId}--lines$`));
    await page.locator('.foreach-items').getByText('Items: 3 of 3 done').waitFor();
    // The foreach run is drawn as the body it maps over the items.
    await waitForGraph(page);
    await page.locator('.react-flow__node[data-id="double"]').waitFor();
    await page.locator('[data-item="1"]').getByRole('button', { name: 'item 1' }).click();
    await page.locator('[data-item-detail="1"]').getByText('"v": 4').waitFor();
    await screenshot(page, 'run-foreach-item');
  });
});
