import { finalState, nodeReaches, publishAndStart, runChain } from '../harness/run-helpers';
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

  it('an end node ends its iteration at once, cancelling what else runs in it, and the next iteration runs whole', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'loop-ends-early',
      variables: { count: 0 },
      nodes: [
        {
          id: 'spin',
          type: 'loop',
          maxIterations: 4,
          body: {
            nodes: [
              // Started with the iteration: 10 s in the first two, which their end node cuts short.
              { id: 'slow', type: 'task', component: 'core.delay', inputs: { duration: '${vars.count < 2 ? "10s" : "10ms"}' } },
              { id: 'inc', type: 'set', assign: { count: '${vars.count + 1}' } },
              // An activity of its own, so that the slow task has been scheduled when the end node ends the iteration.
              { id: 'tick', type: 'task', component: 'core.noop' },
              { id: 'stop', type: 'end', output: { endedAt: '${vars.count}' } },
              { id: 'work', type: 'task', component: 'core.noop', inputs: { count: '${vars.count}' } },
            ],
            edges: [
              { from: 'inc', to: 'tick' },
              { from: 'tick', to: 'stop', when: 'vars.count < 3' },
              { from: 'tick', to: 'work', when: 'vars.count >= 3' },
            ],
          },
        },
      ],
    });
    const started = Date.now();
    const state = await finalState(stack, runId);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.spin).toMatchObject({ status: 'SUCCEEDED', iterations: 4 });
    expect(state.vars.count).toBe(4);
    expect((state.nodes.spin.output as { last: Record<string, unknown> }).last).toEqual({
      slow: expect.objectContaining({ waitedMs: expect.any(Number) }),
      inc: { count: 4 },
      tick: {},
      work: { count: 4 },
    });

    // Only the 10 s tasks of the first two iterations were still running when their iteration ended.
    const history = await stack.client.workflow.getHandle(`${runId}--spin`).fetchHistory();
    const cancelRequested = history.events!.filter((e) => e.activityTaskCancelRequestedEventAttributes);
    expect(cancelRequested).toHaveLength(2);
  });

  it('a cancelled run cancels its loop in the middle of an iteration, and both close CANCELLED', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'loop-cancelled',
      nodes: [
        {
          id: 'spin',
          type: 'loop',
          maxIterations: 5,
          body: { nodes: [{ id: 'wait', type: 'task', component: 'core.delay', inputs: { duration: '30s' } }] },
        },
      ],
    });
    const loopRunId = `${runId}--spin`;
    await nodeReaches(stack, loopRunId, 'wait', 'RUNNING');
    await stack.http().post(`/runs/${runId}/cancel`).send({ by: 'ada', reason: 'enough' }).expect(202);
    const state = await finalState(stack, runId);
    expect(state.status).toBe('CANCELLED');
    expect(state.nodes.spin.status).toBe('CANCELLED');
    const loop = await stack.client.workflow.getHandle(loopRunId).describe();
    expect(loop.status.name).toBe('CANCELLED');
    const closed = (await stack.http().get(`/runs/${loopRunId}`).expect(200)).body;
    expect(closed).toMatchObject({ status: 'CANCELLED', iteration: 0, nodes: { wait: { status: 'CANCELLED' } } });
  });

  it('evaluates a while that needs JSONata after each iteration, and stops when it is false', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'loop-jsonata-while',
      variables: { seen: [] },
      nodes: [
        {
          id: 'collect',
          type: 'loop',
          maxIterations: 50,
          while: '$count(vars.seen) < 3 and $not(7 in vars.seen)',
          body: {
            nodes: [
              { id: 'add', type: 'set', assign: { seen: '${$append(vars.seen, iteration * 2)}' } },
              { id: 'echo', type: 'task', component: 'core.noop', local: true, inputs: { n: '${iteration}' } },
            ],
            edges: [{ from: 'add', to: 'echo' }],
          },
        },
      ],
    });
    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.collect).toMatchObject({ iterations: 3, output: { iterations: 3, last: { echo: { n: 2 } } } });
    expect(state.vars.seen).toEqual([0, 2, 4]);
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
