import type { FlowDefinition, FlowVersionSummary } from '../../apps/console/src/api/types';
import { addNode, connect, removeEdge, removeNode } from '../../apps/console/src/designer/edit-definition';
import { matching } from '../../apps/console/src/flows/match-flows';
import { buildElements, edgeLabel } from '../../apps/console/src/graph/build-elements';
import { placeIssues } from '../../apps/console/src/graph/issue-targets';
import { quickLayout } from '../../apps/console/src/graph/quick-layout';

/** The console's pure parts: definition → graph elements, issues → elements, canvas edits, flow search. */
const flow: FlowDefinition = {
  id: 'f',
  nodes: [
    { id: 'a', type: 'task', component: 'core.noop' },
    {
      id: 'each',
      type: 'foreach',
      items: '${[1]}',
      body: {
        nodes: [
          { id: 'x', type: 'task', component: 'core.noop' },
          { id: 'y', type: 'end' },
        ],
        edges: [{ from: 'x', to: 'y' }],
      },
    },
    { id: 'z', type: 'fail', message: 'no' },
  ],
  edges: [
    { from: 'a', to: 'each', when: '${inputs.go}' },
    { from: 'a', to: 'z', on: 'failure' },
    { from: 'a', to: 'ghost' },
  ],
};

describe('console graph elements', () => {
  it('names nested nodes by their path of ids and keeps each JSON path; edges to unknown nodes are left out', () => {
    const closed = buildElements(flow, { expanded: new Set(), subflows: new Map() });
    expect(closed.nodes.map((n) => [n.id, n.path, n.expandable])).toEqual([
      ['a', '$.nodes[0]', false],
      ['each', '$.nodes[1]', true],
      ['z', '$.nodes[2]', false],
    ]);
    expect(closed.edges.map((e) => [e.source, e.target, e.path, e.label])).toEqual([
      ['a', 'each', '$.edges[0]', 'when ${inputs.go}'],
      ['a', 'z', '$.edges[1]', 'on failure'],
    ]);
    const open = buildElements(flow, { expanded: new Set(['each']), subflows: new Map() });
    const body = open.nodes[1].children!;
    expect(body.nodes.map((n) => [n.id, n.path])).toEqual([
      ['each/x', '$.nodes[1].body.nodes[0]'],
      ['each/y', '$.nodes[1].body.nodes[1]'],
    ]);
    expect(body.edges.map((e) => [e.source, e.target, e.path])).toEqual([
      ['each/x', 'each/y', '$.nodes[1].body.edges[0]'],
    ]);
    expect(edgeLabel({ from: 'a', to: 'b', on: 'always', when: 'x' })).toBe('on always · when x');
    expect(edgeLabel({ from: 'a', to: 'b', on: 'success' })).toBeUndefined();
  });

  it("places each issue on the element whose path is the longest prefix of the issue's, the rest unplaced", () => {
    const elements = [
      { id: 'a', path: '$.nodes[0]' },
      { id: 'each', path: '$.nodes[1]' },
      { id: 'each/x', path: '$.nodes[1].body.nodes[0]' },
      { id: '#edge1', path: '$.edges[1]' },
      { id: 'n10', path: '$.nodes[10]' },
    ];
    const issue = (path: string) => ({ path, message: path });
    const { byElement, unplaced } = placeIssues(elements, [
      issue('$.nodes[0].component'),
      issue('$.nodes[1].body.nodes[0].inputs.url'),
      issue('$.nodes[1].items'),
      issue('$.edges[1].on'),
      issue('$.nodes[1]'),
      issue('$.id'),
      issue('$.nodes[100]'),
    ]);
    expect(Object.fromEntries([...byElement].map(([id, list]) => [id, list.map((i) => i.path)]))).toEqual({
      a: ['$.nodes[0].component'],
      'each/x': ['$.nodes[1].body.nodes[0].inputs.url'],
      each: ['$.nodes[1].items', '$.nodes[1]'],
      '#edge1': ['$.edges[1].on'],
    });
    // `$.nodes[100]` is not within `$.nodes[10]`.
    expect(unplaced.map((i) => i.path)).toEqual(['$.id', '$.nodes[100]']);
  });
});

describe('console quick layout', () => {
  it('puts each node one layer below its deepest predecessor, ordered by where its predecessors are', () => {
    const { nodes, edges } = buildElements(
      {
        nodes: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, type: 'end' as const })),
        edges: [
          { from: 'a', to: 'b' },
          { from: 'a', to: 'c' },
          { from: 'b', to: 'd' },
          { from: 'c', to: 'd' },
          { from: 'a', to: 'd' },
          { from: 'd', to: 'e' },
        ],
      },
      { expanded: new Set(), subflows: new Map() },
    );
    const boxes = quickLayout(nodes, edges);
    const rows = new Map<number, string[]>();
    for (const [id, box] of [...boxes].sort((x, y) => x[1].x - y[1].x))
      rows.set(box.y, [...(rows.get(box.y) ?? []), id]);
    expect([...rows].sort((x, y) => x[0] - y[0]).map(([, ids]) => ids)).toEqual([['a'], ['b', 'c'], ['d'], ['e']]);
    // Layers are centred on the widest one.
    expect(boxes.get('a')!.x).toBe((boxes.get('b')!.x + boxes.get('c')!.x) / 2);
  });
});

describe('console designer edits', () => {
  it('adds a node with a fresh id after the selected one, removes nodes with their edges, connects once', () => {
    const added = addNode(flow, 'task', 'a');
    expect(added.id).toBe('task');
    expect(added.flow.nodes.at(-1)).toEqual({ id: 'task', type: 'task', component: 'core.noop' });
    expect(added.flow.edges?.at(-1)).toEqual({ from: 'a', to: 'task' });
    expect(addNode(added.flow, 'task').id).toBe('task2');

    const removed = removeNode(flow, 'a');
    expect(removed.nodes.map((n) => n.id)).toEqual(['each', 'z']);
    expect(removed.edges).toEqual([]);
    expect(removeEdge(flow, 1).edges).toEqual([flow.edges![0], flow.edges![2]]);

    const joined = connect(flow, 'each', 'z');
    expect(joined.edges?.at(-1)).toEqual({ from: 'each', to: 'z' });
    expect(connect(joined, 'each', 'z')).toBe(joined);
    expect(connect(flow, 'a', 'a')).toBe(flow);
  });

  it('finds flows by every word of the search in their id or name', () => {
    const summary = (id: string, name?: string) => ({ id, name }) as FlowVersionSummary;
    const flows = [summary('orders', 'Order fulfilment'), summary('invoices', 'Monthly invoices'), summary('misc')];
    expect(matching(flows, '').map((f) => f.id)).toEqual(['orders', 'invoices', 'misc']);
    expect(matching(flows, 'MONTHLY inv').map((f) => f.id)).toEqual(['invoices']);
    expect(matching(flows, 'order fulfil').map((f) => f.id)).toEqual(['orders']);
    expect(matching(flows, 'order invoices')).toEqual([]);
  });
});
