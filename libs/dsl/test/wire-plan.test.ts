import { compilePlan, fromWirePlan, isWirePlan, toWirePlan, type ExecutionPlan, type FlowDefinition } from '../src';
import { task } from './fixtures';

/** What the history keeps: the wire form as JSON, read back. */
const overTheWire = (plan: ExecutionPlan) => fromWirePlan(JSON.parse(JSON.stringify(toWirePlan(plan))));
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const child = compilePlan(
  { id: 'child', nodes: [task('c1'), task('c2', { local: true })], edges: [{ from: 'c1', to: 'c2' }] },
  4,
);
const resolve = () => ({ version: 4, plan: child });

/** Every node kind, shared and differing values, conditions, failure edges, nested plans and a run output. */
const everyKind: FlowDefinition = {
  id: 'every-kind',
  variables: { n: 1 },
  output: { last: '${nodes.done.output}' },
  nodes: [
    task('a', { inputs: { x: '${vars.n}' }, outputs: { y: '${output.x}' } }),
    task('b', { name: 'Second step', retry: { maximumAttempts: 7 }, local: true }),
    task('c', { timeout: '5s', priority: 3, onError: 'continue', breakpoint: true }),
    task('done'),
    { id: 'route', type: 'switch' },
    { id: 'tag', type: 'set', assign: { label: 'n=${vars.n}' } },
    { id: 'nap', type: 'wait', duration: '1s' },
    { id: 'ok', type: 'approval', timeout: '1h', onTimeout: 'reject' },
    { id: 'call', type: 'subflow', flow: 'child', inputs: { k: 1 } },
    { id: 'again', type: 'loop', maxIterations: 3, while: 'vars.n < 3', body: { nodes: [task('l1')], edges: [] } },
    {
      id: 'each',
      type: 'foreach',
      items: '${vars.list}',
      concurrency: 2,
      body: { nodes: [task('f1'), task('f2')], edges: [{ from: 'f1', to: 'f2' }] },
    },
    { id: 'stop', type: 'end', output: { stopped: true } },
    { id: 'boom', type: 'fail', message: 'no', errorType: 'Nope' },
  ],
  edges: [
    { from: 'a', to: 'b' },
    { from: 'a', to: 'c', on: 'failure' },
    { from: 'b', to: 'route', when: 'vars.n > 0' },
    { from: 'c', to: 'route' },
    { from: 'route', to: 'tag' },
    { from: 'route', to: 'boom', when: 'vars.n < 0' },
    { from: 'tag', to: 'nap' },
    { from: 'nap', to: 'ok' },
    { from: 'ok', to: 'call' },
    { from: 'call', to: 'again' },
    { from: 'again', to: 'each' },
    { from: 'each', to: 'done' },
    { from: 'done', to: 'stop' },
  ],
} as FlowDefinition;

describe('the wire form of a plan', () => {
  it('reads back as the plan it was made from, for every node kind, nested plans included', () => {
    const plan = compilePlan(everyKind, 2, resolve);
    expect(overTheWire(plan)).toEqual(asJson(plan));
    const nested = overTheWire(plan).nodes.find((n) => n.id === 'call');
    expect(nested).toMatchObject({ kind: 'subflow', plan: asJson(child) });
  });

  it('is a third of the plan or less for a chain, and gives each shared value once', () => {
    const plan = compilePlan(
      {
        id: 'chain',
        nodes: Array.from({ length: 100 }, (_, i) => task(`n${i}`, { local: true })),
        edges: Array.from({ length: 99 }, (_, i) => ({ from: `n${i}`, to: `n${i + 1}` })),
      },
      1,
    );
    const wire = toWirePlan(plan);
    expect(JSON.stringify(wire).length).toBeLessThan(JSON.stringify(plan).length / 3);
    expect(wire.shared.task).toMatchObject({
      component: 'core.noop',
      local: true,
      onError: 'fail',
      timeoutMs: 600_000,
    });
    expect(wire.nodes[5]).toEqual({ id: 'n5', kind: 'task' });
    expect(wire.edges[5]).toEqual({ from: 'n5', to: 'n6' });
    expect(overTheWire(plan)).toEqual(asJson(plan));
  });

  it('carries its shared values, so that how an old input reads does not depend on the compiler of the day', () => {
    const plan = compilePlan({ id: 'two', nodes: [task('x'), task('y')], edges: [{ from: 'x', to: 'y' }] }, 1);
    const wire = asJson(toWirePlan(plan)) as ReturnType<typeof toWirePlan>;
    wire.shared.task.timeoutMs = 1234;
    expect(fromWirePlan(wire).nodes.map((n) => (n.kind === 'task' ? n.timeoutMs : undefined))).toEqual([1234, 1234]);
  });

  it('keeps what a node gives against the shared value, and edges listed out of the derived order', () => {
    const plan = compilePlan(
      {
        id: 'odd',
        nodes: [task('p'), task('q', { timeout: 10 }), task('r')],
        edges: [
          { from: 'p', to: 'q' },
          { from: 'p', to: 'r' },
        ],
      },
      1,
    );
    (plan.nodes[0].outgoing as number[]).reverse();
    const wire = toWirePlan(plan);
    expect(wire.nodes[0]).toMatchObject({ id: 'p', outgoing: [1, 0] });
    expect(wire.nodes.find((n) => n.id === 'q')).toMatchObject({ timeoutMs: 10 });
    expect(overTheWire(plan)).toEqual(asJson(plan));
  });

  it('leaves a full plan as it is, and tells the two apart', () => {
    const plan = compilePlan(everyKind, 1, resolve);
    expect(fromWirePlan(plan)).toBe(plan);
    expect(isWirePlan(plan)).toBe(false);
    expect(isWirePlan(toWirePlan(plan))).toBe(true);
  });
});
