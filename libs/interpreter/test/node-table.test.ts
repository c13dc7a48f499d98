import { NodeTable } from '../src/node-table';
import type { NodeState, NodeStatus, RunState } from '../src/run-state';

function runOf(count: number): RunState {
  const nodes: Record<string, NodeState> = {};
  for (let i = 0; i < count; i++) {
    nodes[`n${i}`] = { id: `n${i}`, name: `node ${i}`, type: 'task', status: 'PENDING', attempt: 0 };
  }
  return {
    flowId: 'table',
    version: 3,
    status: 'RUNNING',
    startedAt: '2026-11-26T00:00:00.000Z',
    progress: [0, count],
    inputs: {},
    vars: {},
    nodes,
  };
}

describe('the node table shown in the Temporal Web UI', () => {
  it('lists the nodes with status, attempt and duration, at most 100 of them', () => {
    const run = runOf(102);
    Object.assign(run.nodes.n0, { status: 'SUCCEEDED', attempt: 2, durationMs: 15 });
    run.progress[0] = 1;
    const lines = new NodeTable().render(run).split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '**table** v3: RUNNING, 1/102 nodes done',
      '',
      '| node | name | status | attempt | ms |',
      '| --- | --- | --- | --- | --- |',
      '| n0 | node 0 | SUCCEEDED | 2 | 15 |',
      '| n1 | node 1 | PENDING | 0 |  |',
    ]);
    expect(lines.filter((l) => /^\| n\d/.test(l))).toHaveLength(100);
    expect(lines.at(-1)).toBe('… and 2 more nodes');
    expect(new NodeTable().render(runOf(3), 'PAUSED')).toContain('v3: PAUSED, 0/3 nodes done');
  });

  it('kept across a run, always shows what a table built afresh shows', () => {
    const statuses: NodeStatus[] = ['RUNNING', 'RETRYING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'SKIPPED'];
    let seed = 20261126;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const size of [1, 99, 100, 101, 250]) {
      const run = runOf(size);
      const kept = new NodeTable();
      for (let step = 0; step < 400; step++) {
        const node = run.nodes[`n${random(size)}`];
        const change = random(4);
        if (change === 0) node.status = statuses[random(statuses.length)];
        else if (change === 1) node.attempt += 1;
        else if (change === 2) node.durationMs = random(1000);
        else run.nodes[node.id] = { ...node, status: 'PENDING' }; // a fresh node object, as a loop iteration has
        run.progress[0] = random(size + 1);
        expect(kept.render(run)).toBe(new NodeTable().render(run));
      }
    }
  });
});
