import { compilePlan, type FlowDefinition } from '@weft/dsl';
import { initialRunState, type RunState } from '@weft/interpreter';
import { ConflictError, InvalidInputError } from '../problems/api-errors';
import { ancestorsOf, givenFromSource, MAX_GIVEN_BYTES } from './rerun-plan';

const task = (id: string) => ({ id, type: 'task', component: 'core.noop', inputs: {} });

/**
 *   a ──▶ b ──▶ d ──▶ e
 *   c ──▶ s(set) ─┘
 *   x (unconnected)
 */
const flow = {
  id: 'shape',
  nodes: [task('a'), task('b'), task('c'), { id: 's', type: 'set', assign: { n: 1 } }, task('d'), task('e'), task('x')],
  edges: [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'd' },
    { from: 'c', to: 's' },
    { from: 's', to: 'd' },
    { from: 'd', to: 'e' },
  ],
} as unknown as FlowDefinition;
const plan = compilePlan(flow, 1);

function sourceRun(statuses: Record<string, RunState['nodes'][string]['status']>): RunState & { runId: string } {
  const state = initialRunState(plan, {}, 0);
  for (const [id, status] of Object.entries(statuses)) {
    state.nodes[id].status = status;
    if (status === 'SUCCEEDED') state.nodes[id].output = { from: id };
  }
  return { runId: 'source-1', ...state };
}

describe('rerun plan', () => {
  it('finds every node with a path to the chosen one, and nothing else', () => {
    expect([...ancestorsOf(plan, 'e')].sort()).toEqual(['a', 'b', 'c', 'd', 's']);
    expect([...ancestorsOf(plan, 'd')].sort()).toEqual(['a', 'b', 'c', 's']);
    expect([...ancestorsOf(plan, 'b')]).toEqual(['a']);
    expect(ancestorsOf(plan, 'a').size).toBe(0);
    expect(ancestorsOf(plan, 'x').size).toBe(0);
  });

  it("gives the succeeded ancestors' outputs, never a set node, a failed ancestor or a node downstream", () => {
    const source = sourceRun({
      a: 'SUCCEEDED',
      b: 'SUCCEEDED',
      c: 'FAILED',
      s: 'SUCCEEDED',
      d: 'SUCCEEDED',
      e: 'FAILED',
      x: 'SUCCEEDED',
    });
    expect(givenFromSource(plan, source, 'd')).toEqual({
      a: { output: { from: 'a' }, from: 'source-1' },
      b: { output: { from: 'b' }, from: 'source-1' },
    });
  });

  it('keeps the run an output first came from when the source was a rerun itself', () => {
    const source = sourceRun({ a: 'SUCCEEDED' });
    source.nodes.a.reusedFrom = 'original-run';
    expect(givenFromSource(plan, source, 'b')).toEqual({ a: { output: { from: 'a' }, from: 'original-run' } });
  });

  it('refuses an unknown node (400 at $.fromNode) and ancestors not finished yet (409)', () => {
    const source = sourceRun({ a: 'SUCCEEDED', b: 'RUNNING' });
    expect(() => givenFromSource(plan, source, 'nope')).toThrow(InvalidInputError);
    try {
      givenFromSource(plan, source, 'nope');
    } catch (err) {
      expect((err as InvalidInputError).issues[0].path).toBe('$.fromNode');
    }
    expect(() => givenFromSource(plan, source, 'e')).toThrow(ConflictError);
    expect(() => givenFromSource(plan, source, 'e')).toThrow(/b, c, d, s/);
    expect(givenFromSource(plan, source, 'b')).toEqual({ a: { output: { from: 'a' }, from: 'source-1' } });
  });

  it('refuses outputs too large to travel in the workflow input', () => {
    const source = sourceRun({ a: 'SUCCEEDED' });
    source.nodes.a.output = 'x'.repeat(MAX_GIVEN_BYTES);
    expect(() => givenFromSource(plan, source, 'b')).toThrow(/a rerun may take at most/);
  });
});
