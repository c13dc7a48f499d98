import type { PlanEdge } from '@weft/dsl';
import { decideEdges, decideEdgesNow, needsConditions, onMatches, takenWithoutConditions } from '../src/edge-decisions';

const edge = (to: string, fields: Partial<PlanEdge> = {}): PlanEdge => ({
  from: 's',
  to,
  on: 'success',
  path: `$.edges[${to}]`,
  ...fields,
});

/** A condition evaluator that records which conditions were evaluated, in order. */
function conditions(values: Record<string, boolean>) {
  const evaluated: string[] = [];
  const holds = async (e: PlanEdge) => {
    evaluated.push(e.when!);
    return values[e.when!];
  };
  return { evaluated, holds };
}

describe('onMatches', () => {
  it.each([
    ['success', 'SUCCEEDED', true],
    ['success', 'FAILED', false],
    ['failure', 'FAILED', true],
    ['failure', 'SUCCEEDED', false],
    ['always', 'SUCCEEDED', true],
    ['always', 'FAILED', true],
    ['success', 'SKIPPED', false],
    ['failure', 'SKIPPED', false],
  ] as const)('on %s after %s: %s', (on, outcome, expected) => {
    expect(onMatches(on, outcome)).toBe(expected);
  });
});

describe('edges without conditions', () => {
  const edges = [edge('a'), edge('b', { on: 'failure' }), edge('c', { on: 'always' })];

  it('takes the edges whose on matches the outcome', () => {
    expect(takenWithoutConditions(edges, 'SUCCEEDED')).toEqual([true, false, true]);
    expect(takenWithoutConditions(edges, 'FAILED')).toEqual([false, true, true]);
  });

  it('takes none after a skipped node (dead-path elimination), even "always" edges', () => {
    expect(takenWithoutConditions(edges, 'SKIPPED')).toEqual([false, false, false]);
  });

  it('needs no condition evaluation when no edge has one, or when the node was skipped', () => {
    expect(needsConditions(edges, 'SUCCEEDED')).toBe(false);
    expect(needsConditions([edge('a', { when: 'x' })], 'SUCCEEDED')).toBe(true);
    expect(needsConditions([edge('a', { when: 'x' })], 'SKIPPED')).toBe(false);
  });
});

describe('decideEdges', () => {
  it('a task takes unconditional edges and the conditional ones that hold', async () => {
    const { holds } = conditions({ yes: true, no: false });
    const edges = [edge('a'), edge('b', { when: 'yes' }), edge('c', { when: 'no' }), edge('d', { on: 'failure' })];
    expect(await decideEdges({ kind: 'task' }, edges, 'SUCCEEDED', holds)).toEqual([true, true, false, false]);
  });

  it('evaluates no condition on an edge whose on does not match', async () => {
    const { holds, evaluated } = conditions({ onFail: true, onOk: true });
    const edges = [edge('a', { when: 'onFail', on: 'failure' }), edge('b', { when: 'onOk' })];
    expect(await decideEdges({ kind: 'task' }, edges, 'SUCCEEDED', holds)).toEqual([false, true]);
    expect(evaluated).toEqual(['onOk']);
  });

  it('a first-mode switch takes the first case that holds and evaluates none after it', async () => {
    const { holds, evaluated } = conditions({ c1: false, c2: true, c3: true });
    const edges = [edge('a', { when: 'c1' }), edge('b', { when: 'c2' }), edge('c', { when: 'c3' }), edge('d')];
    expect(await decideEdges({ kind: 'switch', mode: 'first' }, edges, 'SUCCEEDED', holds)).toEqual([
      false,
      true,
      false,
      false,
    ]);
    expect(evaluated).toEqual(['c1', 'c2']);
  });

  it('an all-mode switch takes every case that holds, and not its default', async () => {
    const { holds, evaluated } = conditions({ c1: true, c2: false, c3: true });
    const edges = [edge('a', { when: 'c1' }), edge('b', { when: 'c2' }), edge('c', { when: 'c3' }), edge('d')];
    expect(await decideEdges({ kind: 'switch', mode: 'all' }, edges, 'SUCCEEDED', holds)).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(evaluated).toEqual(['c1', 'c2', 'c3']);
  });

  it('a switch with no case holding takes its default edges only', async () => {
    const { holds } = conditions({ c1: false, c2: false });
    const edges = [edge('a', { when: 'c1' }), edge('b'), edge('c', { when: 'c2' })];
    expect(await decideEdges({ kind: 'switch', mode: 'first' }, edges, 'SUCCEEDED', holds)).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('a failed node with conditional failure edges takes those that hold', async () => {
    const { holds } = conditions({ retryable: false, fatal: true });
    const edges = [
      edge('a', { when: 'retryable', on: 'failure' }),
      edge('b', { when: 'fatal', on: 'failure' }),
      edge('c'),
    ];
    expect(await decideEdges({ kind: 'task' }, edges, 'FAILED', holds)).toEqual([false, true, false]);
  });

  it('passes a failing condition on to the caller', async () => {
    const edges = [edge('a', { when: 'boom' })];
    await expect(
      decideEdges({ kind: 'task' }, edges, 'SUCCEEDED', () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
  });
});

describe('decideEdgesNow', () => {
  const cases = [
    { source: { kind: 'task' as const }, values: { yes: true, no: false }, outcome: 'SUCCEEDED' as const },
    {
      source: { kind: 'switch' as const, mode: 'first' as const },
      values: { yes: true, no: false },
      outcome: 'SUCCEEDED' as const,
    },
    {
      source: { kind: 'switch' as const, mode: 'all' as const },
      values: { yes: false, no: false },
      outcome: 'SUCCEEDED' as const,
    },
    { source: { kind: 'task' as const }, values: { yes: true, no: true }, outcome: 'FAILED' as const },
  ];
  const edges = [
    edge('a', { when: 'no' }),
    edge('b', { when: 'yes' }),
    edge('c', { when: 'yes', on: 'failure' }),
    edge('d'),
  ];

  it.each(cases)(
    'decides as decideEdges does ($source.kind $source.mode, $outcome), with the steps of what it evaluated',
    async ({ source, values, outcome }) => {
      const slow = conditions(values);
      const evaluated: string[] = [];
      const now = decideEdgesNow(source, edges, outcome, (e) => {
        evaluated.push(e.when!);
        return { holds: values[e.when as keyof typeof values], steps: 3 };
      });
      expect(now).toEqual({
        taken: await decideEdges(source, edges, outcome, slow.holds),
        steps: 3 * slow.evaluated.length,
      });
      expect(evaluated).toEqual(slow.evaluated);
    },
  );

  it('gives nothing when one condition it needs is not decided at once', () => {
    const holds = (e: PlanEdge) => (e.when === 'yes' ? undefined : { holds: false, steps: 1 });
    expect(decideEdgesNow({ kind: 'task' }, edges, 'SUCCEEDED', holds)).toBeUndefined();
  });
});
