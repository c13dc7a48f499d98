import { finalState, publishAndStart, runChain } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';

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
              {
                id: 'work',
                type: 'task',
                component: 'core.noop',
                inputs: { iteration: '${iteration}', count: '${vars.count}' },
              },
            ],
            edges: [{ from: 'inc', to: 'work' }],
          },
        },
        {
          id: 'after',
          type: 'task',
          component: 'core.noop',
          inputs: { count: '${vars.count}', loops: '${vars.loops}' },
        },
      ],
      edges: [{ from: 'repeat', to: 'after' }],
    });
    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.repeat).toMatchObject({ status: 'SUCCEEDED', iterations: 5, childRunIds: [`${runId}--repeat`] });
    expect(state.nodes.repeat.output).toEqual({
      iterations: 5,
      last: { inc: { count: 5 }, work: { iteration: 4, count: 5 } },
    });
    expect(state.nodes.after.output).toEqual({ count: 5, loops: 5 });

    const child = await stack.http().get(`/runs/${runId}--repeat`).expect(200);
    expect(child.body).toMatchObject({ status: 'SUCCEEDED', iteration: 5, maxIterations: 100, vars: { count: 5 } });
  });

  it('stops at maxIterations, and never re-reads variable values as templates', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'capped',
      variables: { note: '$${literal}' },
      nodes: [
        {
          id: 'spin',
          type: 'loop',
          maxIterations: 3,
          while: 'true',
          body: { nodes: [{ id: 'noop', type: 'task', component: 'core.noop', local: true }] },
        },
      ],
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

  it('completes 200 iterations across several continue-as-new boundaries, carrying count and variables', async () => {
    const iterations = 200;
    const { runId } = await publishAndStart(stack, {
      id: 'long-loop',
      variables: { sum: 0 },
      nodes: [
        {
          id: 'many',
          type: 'loop',
          maxIterations: iterations,
          body: {
            nodes: [
              // An activity task per iteration ends a workflow task each time (a chain of local activities can
              // hold one open for seconds), so the loop sees the server's continue-as-new suggestion, which the
              // test server makes after 200 events, within an iteration of it: about every 33 iterations.
              { id: 'step', type: 'task', component: 'core.noop', inputs: { i: '${iteration}' } },
              { id: 'add', type: 'set', assign: { sum: '${vars.sum + nodes.step.output.i}' } },
            ],
            edges: [{ from: 'step', to: 'add' }],
          },
        },
      ],
    });
    const sum = (iterations * (iterations - 1)) / 2;
    const state = await finalState(stack, runId, 120_000);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.many.iterations).toBe(iterations);
    expect(state.nodes.many.output).toEqual({ iterations, last: { step: { i: iterations - 1 }, add: { sum } } });
    expect(state.vars.sum).toBe(sum);

    const loopRunId = `${runId}--many`;
    const chain = await runChain(stack, loopRunId);
    expect(chain.length).toBeGreaterThanOrEqual(4);
    expect(chain.map((run) => run.continuedAsNew)).toEqual([...chain.slice(1).map(() => true), false]);
    const current = await stack.client.workflow.getHandle(loopRunId).describe();
    expect(current.runId).toBe(chain.at(-1)!.runId);
    expect(current.runId).not.toBe(chain[0].runId);
    expect(current.status.name).toBe('COMPLETED');
    const loop = await stack.http().get(`/runs/${loopRunId}`).expect(200);
    expect(loop.body).toMatchObject({ status: 'SUCCEEDED', iteration: iterations, vars: { sum } });
  }, 180_000);
});
