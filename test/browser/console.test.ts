import { randomUUID } from 'node:crypto';
import { screenshot, startConsoleStack, waitForGraph, type ConsoleStack } from './browser';
import { childFlow, showcaseFlow } from './sample-flows';

/** The console's foundation: served by the API beside its routes, a flow drawn as its graph, plain errors. */
describe('web console (served by the API)', () => {
  let env: ConsoleStack;
  const suffix = randomUUID().slice(0, 8);
  const child = `console-child-${suffix}`;
  const flowId = `console-showcase-${suffix}`;

  beforeAll(async () => {
    env = await startConsoleStack();
    await env.stack.http().post('/flows').send(childFlow(child)).expect(201);
    await env.stack.http().post('/flows').send(showcaseFlow(flowId, child)).expect(201);
  });
  afterAll(() => env?.close());

  it('serves the page at / and its bundle, without shadowing the API', async () => {
    const page = await fetch(`${env.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('/console/main.js');
    const script = await fetch(`${env.baseUrl}/console/main.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    // A name that is not one file of the bundle names nothing.
    for (const path of ['/console/nope.js', '/console/..%2Fpackage.json', '/console/.built']) {
      const missing = await fetch(`${env.baseUrl}${path}`);
      expect([path, missing.status]).toEqual([path, 404]);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const health = await fetch(`${env.baseUrl}/health/live`);
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    const flows = await fetch(`${env.baseUrl}/flows`);
    expect(((await flows.json()) as { id: string }[]).map((f) => f.id)).toContain(flowId);
  });

  it('draws a flow as its laid-out graph: every node kind, edge labels, a loop body and a subflow opened', async () => {
    const page = await env.open(`/#/flows/${flowId}`);
    await waitForGraph(page);
    const kinds = await page
      .locator('.weft-node')
      .evaluateAll((nodes) => nodes.map((n) => (n as unknown as { dataset: { kind: string } }).dataset.kind).sort());
    expect(new Set(kinds)).toEqual(
      new Set(['task', 'switch', 'approval', 'set', 'wait', 'loop', 'foreach', 'subflow', 'fail', 'end']),
    );
    await page.getByText('when ${inputs.amount > 100}').waitFor();
    await page.getByText('on failure').waitFor();

    await page.getByRole('button', { name: 'expand retries' }).click();
    await page.locator('.react-flow__node[data-id="retries/attempt"]').waitFor();
    await page.locator('.react-flow__node[data-id="retries/note"]').waitFor();
    await page.getByRole('button', { name: 'expand ship' }).click();
    await page.locator('.react-flow__node[data-id="ship/pickup"]').waitFor();

    await page.locator('.react-flow__node[data-id="receive"]').click();
    await page.locator('.side-panel').getByText('"component": "core.log"').waitFor();
    await screenshot(page, 'flow');
    expect(env.pageErrors).toEqual([]);
  });

  it('lists flows and finds them by id or name', async () => {
    const other = `console-invoices-${suffix}`;
    await env.stack
      .http()
      .post('/flows')
      .send({ ...childFlow(other), name: 'Monthly invoices' })
      .expect(201);
    const page = await env.open('/#/flows');
    const rows = page.locator('.flows-table tbody tr');
    await rows.filter({ hasText: other }).waitFor();
    expect(await rows.count()).toBe(3);

    await page.getByLabel('Search flows').fill('monthly INVOICES');
    await rows.filter({ hasText: flowId }).waitFor({ state: 'detached' });
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining(other)]);
    expect(page.url()).toContain('?q=monthly');

    await page.getByLabel('Search flows').fill('fulfilment');
    await rows.filter({ hasText: flowId }).waitFor();
    expect(await rows.count()).toBe(1);
    await page.getByRole('link', { name: flowId }).click();
    await waitForGraph(page);
    expect(page.url()).toContain(`#/flows/${flowId}`);
  });

  it('switches versions and shows what changed between two', async () => {
    const v1 = showcaseFlow(flowId, child);
    const v2 = {
      ...v1,
      nodes: [
        ...v1.nodes.map((n) => (n.id === 'cool' ? { ...n, duration: '2s' } : n)),
        { id: 'audit', type: 'task', component: 'core.log', inputs: { message: 'audited' } },
      ],
      edges: [...v1.edges, { from: 'receive', to: 'audit' }],
    };
    await env.stack.http().post('/flows').send(v2).expect(201);

    const page = await env.open(`/#/flows/${flowId}`);
    await waitForGraph(page);
    await page.locator('.react-flow__node[data-id="audit"]').waitFor();
    await page.getByLabel('Version').selectOption('1');
    await page.locator('.react-flow__node[data-id="audit"]').waitFor({ state: 'detached' });
    expect(page.url()).toContain('v=1');

    await page.getByLabel('Version').selectOption('2');
    await page.getByLabel('Compare with').selectOption('1');
    const diff = page.getByTestId('version-diff');
    await diff.getByText('Changes from v1 to v2').waitFor();
    expect(await diff.innerText()).toMatch(/\+ node audit \(task\)/);
    expect(await diff.innerText()).toMatch(/\$\.nodes\[4\]\.duration changed "1s" → "2s"/);
    expect(await diff.innerText()).toMatch(/\+ edge receive → audit/);
    await page.locator('.weft-node.change-added[data-node-id="audit"]').waitFor();
    await page.locator('.weft-node.change-changed[data-node-id="cool"]').waitFor();
    await screenshot(page, 'flow-diff');
    expect(env.pageErrors).toEqual([]);
  });

  it('says plainly when the API refuses or is gone', async () => {
    const page = await env.open('/#/flows/no-such-flow');
    await page.getByRole('alert').getByText('flow "no-such-flow" not found').waitFor();
    await page.context().setOffline(true);
    await page.evaluate('window.location.hash = "#/flows?q=x"');
    await page.getByRole('alert').getByText('The API does not answer.').waitFor();
  });
});
