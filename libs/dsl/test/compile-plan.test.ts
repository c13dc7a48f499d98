import { compilePlan, toMilliseconds, isDuration, type TaskPlanNode } from '../src';
import { task } from './fixtures';

describe('compilePlan', () => {
  it('orders nodes topologically, links edges and applies defaults', () => {
    const plan = compilePlan(
      {
        id: 'f',
        defaults: { retry: { maximumAttempts: 5 }, timeout: '30s', taskQueue: 'fast', priority: 2 },
        variables: { n: 1 },
        nodes: [
          task('D'),
          task('B', { retry: { initialInterval: '200ms' }, inputs: { x: '${vars.n}' } }),
          task('A', { timeout: 1500, local: true, onError: 'continue' }),
          task('C', { taskQueue: 'python', priority: 5 }),
        ],
        edges: [
          { from: 'A', to: 'B' },
          { from: 'A', to: 'C', on: 'failure' },
          { from: 'B', to: 'D', when: 'vars.n > 0' },
          { from: 'C', to: 'D' },
        ],
      },
      3,
    );
    expect(plan.version).toBe(3);
    expect(plan.variables).toEqual({ n: 1 });
    expect(plan.nodes.map((n) => n.id)).toEqual(['A', 'B', 'C', 'D']);
    const [A, B, C, D] = plan.nodes as TaskPlanNode[];
    expect(A).toMatchObject({ timeoutMs: 1500, local: true, taskQueue: 'fast', priority: 2, onError: 'continue', incoming: [], outgoing: [0, 1], path: '$.nodes[2]' });
    expect(B).toMatchObject({ templated: true, onError: 'fail' });
    expect(B.retry).toEqual({
      maximumAttempts: 5,
      initialIntervalMs: 200,
      backoffCoefficient: 2,
      maximumIntervalMs: 20_000,
      nonRetryableErrorTypes: [],
    });
    expect(C).toMatchObject({ taskQueue: 'python', timeoutMs: 30_000, priority: 5, templated: false });
    expect(D.incoming).toEqual([2, 3]);
    expect(plan.edges).toEqual([
      { from: 'A', to: 'B', on: 'success', path: '$.edges[0]' },
      { from: 'A', to: 'C', on: 'failure', path: '$.edges[1]' },
      { from: 'B', to: 'D', on: 'success', when: 'vars.n > 0', path: '$.edges[2]' },
      { from: 'C', to: 'D', on: 'success', path: '$.edges[3]' },
    ]);
  });

  it('uses the built-in defaults when the flow sets none', () => {
    const [node] = compilePlan({ id: 'f', nodes: [task('A')] }, 1).nodes as TaskPlanNode[];
    expect(node).toMatchObject({ timeoutMs: 600_000, local: false, retry: { maximumAttempts: 3, initialIntervalMs: 1000 } });
    expect(node.taskQueue).toBeUndefined();
    expect(node.priority).toBeUndefined();
  });

  it('compiles pure nodes', () => {
    const plan = compilePlan(
      {
        id: 'f',
        nodes: [
          { id: 'gate', type: 'switch' },
          { id: 'pause', type: 'wait', duration: '2s' },
          { id: 'later', type: 'wait', duration: '${vars.ms}' },
          { id: 'assign', type: 'set', assign: { a: 1 } },
          { id: 'done', type: 'end', output: { ok: true } },
          { id: 'boom', type: 'fail', message: 'no' },
        ],
      },
      1,
    );
    expect(plan.nodes.map((n) => n.kind)).toEqual(['switch', 'wait', 'wait', 'set', 'end', 'fail']);
    expect(plan.nodes[0]).toMatchObject({ mode: 'first' });
    expect(plan.nodes[1]).toMatchObject({ duration: 2000 });
    expect(plan.nodes[2]).toMatchObject({ duration: '${vars.ms}' });
    expect(plan.nodes[5]).toMatchObject({ errorType: 'FlowFailed' });
  });
});

describe('durations', () => {
  it.each([
    [250, 250],
    ['250ms', 250],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
  ])('reads %p as %p ms', (input, ms) => {
    expect(isDuration(input)).toBe(true);
    expect(toMilliseconds(input)).toBe(ms);
  });

  it.each(['', 'soon', '5 minutes', '-1s', -5, Number.NaN, '1w'])('rejects %p', (input) => {
    expect(isDuration(input)).toBe(false);
  });
});
