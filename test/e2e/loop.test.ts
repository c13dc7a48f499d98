import { finalState, publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

describe('loop nodes', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  it('repeats its body while the condition holds, sharing variables, then maps its result', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'count',
      variables: { count: 0 },
      nodes: [
        {
          id: 'repeat',
          type: 'loop',
          maxIterations: 100,
          while: 'vars.count < 5',
          outputs: { loops: '${output.iterations}' },
          body: {
            nodes: [
              { id: 'inc', type: 'set', assign: { count: '${vars.count + 1}' } },
              { id: 'work', type: 'task', component: 'core.noop', inputs: { iteration: '${iteration}', count: '${vars.count}' } },
            ],
            edges: [{ from: 'inc', to: 'work' }],
          },
        },
        { id: 'after', type: 'task', component: 'core.noop', inputs: { count: '${vars.count}', loops: '${vars.loops}' } },
      ],
      edges: [{ from: 'repeat', to: 'after' }],
    });
    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.repeat).toMatchObject({ status: 'SUCCEEDED', iterations: 5, childRunIds: [`${runId}--repeat`] });
    expect(state.nodes.repeat.output).toEqual({ iterations: 5, last: { inc: { count: 5 }, work: { iteration: 4, count: 5 } } });
    expect(state.nodes.after.output).toEqual({ count: 5, loops: 5 });

    const child = await stack.http().get(`/runs/${runId}--repeat`).expect(200);
    expect(child.body).toMatchObject({ status: 'SUCCEEDED', iteration: 5, maxIterations: 100, vars: { count: 5 } });
  });

  it('stops at maxIterations, and never re-reads variable values as templates', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'capped',
      variables: { note: '$${literal}' },
      nodes: [{ id: 'spin', type: 'loop', maxIterations: 3, while: 'true', body: { nodes: [{ id: 'noop', type: 'task', component: 'core.noop', local: true }] } }],
    });
    const state = await finalState(stack, runId);
    expect(state.nodes.spin).toMatchObject({ status: 'SUCCEEDED', iterations: 3 });
    expect(state.vars.note).toBe('${literal}');
  });

  it('fails the run when an iteration fails, naming the node', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'loop-fails',
      nodes: [
        {
          id: 'spin',
          type: 'loop',
          maxIterations: 10,
          body: {
            nodes: [
              { id: 'check', type: 'switch' },
              { id: 'boom', type: 'fail', message: 'iteration ${iteration} is bad' },
              { id: 'fine', type: 'set', assign: { ok: true } },
            ],
            edges: [
              { from: 'check', to: 'boom', when: 'iteration = 2' },
              { from: 'check', to: 'fine' },
            ],
          },
        },
      ],
    });
    const state = await finalState(stack, runId);
    expect(state.status).toBe('FAILED');
    expect(state.nodes.spin.status).toBe('FAILED');
    expect(state.nodes.spin.error).toMatchObject({ message: 'iteration 2 is bad', type: 'FlowFailed' });
  });

  it('completes 10,000 iterations, continuing as new and keeping count', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'long-loop',
      variables: { sum: 0 },
      nodes: [
        {
          id: 'many',
          type: 'loop',
          maxIterations: 10_000,
          body: {
            nodes: [
              { id: 'step', type: 'task', component: 'core.noop', local: true, inputs: { i: '${iteration}' } },
              { id: 'add', type: 'set', assign: { sum: '${vars.sum + nodes.step.output.i}' } },
            ],
            edges: [{ from: 'step', to: 'add' }],
          },
        },
      ],
    });
    const state = await finalState(stack, runId, 600_000);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.many.iterations).toBe(10_000);
    expect(state.vars.sum).toBe((10_000 * 9_999) / 2);
    const loopRuns = await waitFor(
      async () => {
        const runs = [];
        for await (const run of stack.client.workflow.list({ query: `WorkflowId = '${runId}--many'` })) runs.push(run);
        return runs;
      },
      (runs) => runs.length > 1 && runs.every((r) => r.status.name !== 'RUNNING'),
      { what: 'the loop runs to be listed' },
    );
    expect(loopRuns.filter((r) => r.status.name === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(1);
  }, 600_000);
});
