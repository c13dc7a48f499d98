import { compilePlan, toMilliseconds, isDuration } from '../src';
import { task } from './fixtures';

describe('compilePlan', () => {
  it('orders nodes topologically, links neighbours and applies defaults', () => {
    const plan = compilePlan(
      {
        id: 'f',
        defaults: { retry: { maximumAttempts: 5 }, timeout: '30s', taskQueue: 'fast' },
        nodes: [
          task('D'),
          task('B', { retry: { initialInterval: '200ms' } }),
          task('A', { timeout: 1500, local: true }),
          task('C', { taskQueue: 'python' }),
        ],
        edges: [
          { from: 'A', to: 'B' },
          { from: 'A', to: 'C' },
          { from: 'B', to: 'D' },
          { from: 'C', to: 'D' },
        ],
      },
      3,
    );
    expect(plan.version).toBe(3);
    expect(plan.nodes.map((n) => n.id)).toEqual(['A', 'B', 'C', 'D']);
    const [A, B, C, D] = plan.nodes;
    expect(A).toMatchObject({ timeoutMs: 1500, local: true, taskQueue: 'fast', predecessors: [], successors: ['B', 'C'] });
    expect(B.retry).toEqual({
      maximumAttempts: 5,
      initialIntervalMs: 200,
      backoffCoefficient: 2,
      maximumIntervalMs: 20_000,
      nonRetryableErrorTypes: [],
    });
    expect(C).toMatchObject({ taskQueue: 'python', timeoutMs: 30_000 });
    expect(D.predecessors).toEqual(['B', 'C']);
  });

  it('uses the built-in defaults when the flow sets none', () => {
    const [node] = compilePlan({ id: 'f', nodes: [task('A')] }, 1).nodes;
    expect(node).toMatchObject({ timeoutMs: 600_000, local: false, retry: { maximumAttempts: 3, initialIntervalMs: 1000 } });
    expect(node.taskQueue).toBeUndefined();
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
