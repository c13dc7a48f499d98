import { finalState, publishAndStart, runChain } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';

describe('foreach nodes', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  it('maps its body over a list, never more than `concurrency` items at once, collecting outputs in order', async () => {
    const { runId } = await publishAndStart(
      stack,
      {
        id: 'each',
        nodes: [
          {
            id: 'each',
            type: 'foreach',
            items: '${inputs.orders}',
            concurrency: 2,
            outputs: { totals: '${output.outputs.total}' },
            body: {
              nodes: [
                { id: 'wait', type: 'task', component: 'core.delay', inputs: { duration: 300 } },
                { id: 'price', type: 'set', assign: { total: '${item.qty * 10}' } },
                { id: 'done', type: 'end', output: { index: '${index}', total: '${vars.total}' } },
              ],
              edges: [
                { from: 'wait', to: 'price' },
                { from: 'price', to: 'done' },
              ],
            },
          },
        ],
      },
      { orders: [{ qty: 1 }, { qty: 2 }, { qty: 3 }, { qty: 4 }, { qty: 5 }] },
    );
    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.each.items).toEqual({ total: 5, succeeded: 5, failed: 0 });
    expect(state.nodes.each.output).toMatchObject({
      outputs: [1, 2, 3, 4, 5].map((qty, index) => ({ index, total: qty * 10 })),
      succeeded: 5,
      failed: 0,
    });
    expect(state.vars.totals).toEqual([10, 20, 30, 40, 50]);
    expect(state.vars.total).toBeUndefined();

    const history = await stack.client.workflow.getHandle(`${runId}--each`).fetchHistory();
    let running = 0;
    let most = 0;
    // Temporal writes ActivityTaskStarted only when the activity closes, so count from scheduling.
    for (const event of history.events!) {
      if (event.activityTaskScheduledEventAttributes) most = Math.max(most, ++running);
      if (event.activityTaskCompletedEventAttributes) running -= 1;
    }
    expect(most).toBe(2);
  });

  it('fails on the first failed item by default, and reports failed items with onItemError continue', async () => {
    const body = {
      nodes: [
        { id: 'check', type: 'switch' },
        { id: 'bad', type: 'fail', message: 'item ${item} is odd' },
        { id: 'good', type: 'set', assign: { ok: '${item}' } },
      ],
      edges: [
        { from: 'check', to: 'bad', when: 'item % 2 = 1' },
        { from: 'check', to: 'good' },
      ],
    };
    const strict = await finalState(
      stack,
      (
        await publishAndStart(stack, {
          id: 'strict',
          nodes: [{ id: 'each', type: 'foreach', items: '${[2, 3, 4]}', concurrency: 1, body }],
        })
      ).runId,
    );
    expect(strict.status).toBe('FAILED');
    expect(strict.nodes.each.error).toMatchObject({
      message: 'item 1 failed: item 3 is odd',
      type: 'ForeachItemFailed',
    });

    const lenient = await finalState(
      stack,
      (
        await publishAndStart(stack, {
          id: 'lenient',
          nodes: [{ id: 'each', type: 'foreach', items: '${[2, 3, 4, 5]}', onItemError: 'continue', body }],
        })
      ).runId,
    );
    expect(lenient.status).toBe('SUCCEEDED');
    expect(lenient.nodes.each.output).toMatchObject({
      succeeded: 2,
      failed: 2,
      errors: [
        { index: 1, message: 'item 3 is odd', type: 'FlowFailed' },
        { index: 3, message: 'item 5 is odd', type: 'FlowFailed' },
      ],
    });
  });

  it('fails clearly when items is not a list, and handles an empty list without a child run', async () => {
    const notList = await finalState(
      stack,
      (
        await publishAndStart(stack, {
          id: 'not-list',
          nodes: [
            {
              id: 'each',
              type: 'foreach',
              items: '${"abc"}',
              body: { nodes: [{ id: 'x', type: 'set', assign: { a: 1 } }] },
            },
          ],
        })
      ).runId,
    );
    expect(notList.status).toBe('FAILED');
    expect(notList.nodes.each.error?.message).toBe('$.nodes[0].items must give a list, got "abc"');
    const empty = await finalState(
      stack,
      (
        await publishAndStart(stack, {
          id: 'empty',
          nodes: [
            {
              id: 'each',
              type: 'foreach',
              items: '${[]}',
              body: { nodes: [{ id: 'x', type: 'set', assign: { a: 1 } }] },
            },
          ],
        })
      ).runId,
    );
    expect(empty.nodes.each).toMatchObject({ status: 'SUCCEEDED', items: { total: 0, succeeded: 0, failed: 0 } });
    expect(empty.nodes.each.childRunIds).toBeUndefined();
  });

  it('completes an 800-item foreach across several continue-as-new boundaries, with every output in place', async () => {
    const count = 800;
    const { runId } = await publishAndStart(stack, {
      id: 'big-foreach',
      nodes: [
        {
          id: 'each',
          type: 'foreach',
          items: `\${[0..${count - 1}]}`,
          concurrency: 100,
          outputs: { sum: '${$sum(output.outputs.n)}' },
          // A durable timer per item grows the history like an activity would, at a fraction of the time; timers
          // fire about a second apart, so a wide concurrency keeps the waves few. With the test server suggesting
          // continue-as-new after 200 events, a run takes one to two waves (at most about 200 items).
          body: {
            nodes: [
              { id: 'pause', type: 'wait', duration: '10ms' },
              { id: 'out', type: 'end', output: { n: '${item}' } },
            ],
            edges: [{ from: 'pause', to: 'out' }],
          },
        },
      ],
    });
    const state = await finalState(stack, runId, 120_000);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.each.items).toEqual({ total: count, succeeded: count, failed: 0 });
    const output = state.nodes.each.output as { outputs: unknown[] };
    expect(output.outputs).toEqual(Array.from({ length: count }, (_, n) => ({ n })));
    expect(state.vars.sum).toBe((count * (count - 1)) / 2);

    const foreachRunId = `${runId}--each`;
    const chain = await runChain(stack, foreachRunId);
    expect(chain.length).toBeGreaterThanOrEqual(4);
    expect(chain.map((run) => run.continuedAsNew)).toEqual([...chain.slice(1).map(() => true), false]);
    const current = await stack.client.workflow.getHandle(foreachRunId).describe();
    expect(current.runId).toBe(chain.at(-1)!.runId);
    expect(current.runId).not.toBe(chain[0].runId);
    expect(current.status.name).toBe('COMPLETED');
  }, 180_000);
});
