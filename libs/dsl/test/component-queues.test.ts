import { compilePlan, type LoopPlanNode, type TaskPlanNode } from '../src';
import { task } from './fixtures';

describe('compilePlan routes each task to the queue its component is served on', () => {
  const queues = (component: string) => ({ 'py.stats': 'python-team' })[component];

  it("puts a registered component's queue between the node's own and the flow's default", () => {
    const plan = compilePlan(
      {
        id: 'f',
        defaults: { taskQueue: 'default-queue' },
        nodes: [
          task('registered', { component: 'py.stats' }),
          task('explicit', { component: 'py.stats', taskQueue: 'pinned' }),
          task('builtIn', { component: 'core.noop' }),
        ],
      },
      1,
      undefined,
      queues,
    );
    const queueOf = (id: string) => (plan.nodes.find((n) => n.id === id) as TaskPlanNode).taskQueue;
    expect([queueOf('registered'), queueOf('explicit'), queueOf('builtIn')]).toEqual([
      'python-team',
      'pinned',
      'default-queue',
    ]);
  });

  it('routes tasks inside loop bodies too, and leaves a task on the run queue when nothing names one', () => {
    const plan = compilePlan(
      {
        id: 'f',
        nodes: [
          {
            id: 'again',
            type: 'loop',
            maxIterations: 2,
            body: { nodes: [task('inner', { component: 'py.stats' }), task('other')] },
          },
        ],
      },
      1,
      undefined,
      queues,
    );
    const body = (plan.nodes[0] as LoopPlanNode).body.nodes as TaskPlanNode[];
    expect(body.map((n) => [n.id, n.taskQueue])).toEqual([
      ['inner', 'python-team'],
      ['other', undefined],
    ]);
  });
});
