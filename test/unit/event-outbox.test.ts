import { compilePlan } from '@weft/dsl';
import { EventOutbox } from '../../libs/interpreter/src/event-outbox';
import { RunControl } from '../../libs/interpreter/src/run-control';
import { initialRunState, type NodeStatus, type RunState } from '../../libs/interpreter/src/run-state';

describe('the event outbox: a run state compared with what was last seen', () => {
  const plan = compilePlan(
    {
      id: 'chain',
      nodes: [
        { id: 'A', type: 'task', component: 'core.noop' },
        { id: 'B', type: 'set', assign: { x: 1 } },
        { id: 'C', type: 'task', component: 'core.noop' },
      ],
      variables: { x: 0 },
      edges: [
        { from: 'A', to: 'B' },
        { from: 'B', to: 'C' },
      ],
    },
    1,
  );
  let state: RunState;
  let control: RunControl;
  let outbox: EventOutbox;
  const at = new Date(0).toISOString();
  const set = (id: string, status: NodeStatus, extra: Partial<RunState['nodes'][string]> = {}) =>
    Object.assign(state.nodes[id], { status, startedAt: at, ...extra });
  const seen = () => outbox.collect().map((e) => `${e.sequence} ${e.type}${e.node ? ` ${e.node.id}` : ''}`);

  beforeEach(() => {
    state = initialRunState(plan, {}, 0);
    control = new RunControl({}, true);
    outbox = new EventOutbox('run-1', plan, () => state, control, true);
  });

  it('starts with run.started, then reports each change once', () => {
    expect(seen()).toEqual(['1 run.started']);
    expect(seen()).toEqual([]);
    set('A', 'RUNNING');
    expect(seen()).toEqual(['2 node.started A']);
    expect(seen()).toEqual([]);
  });

  it('orders changes seen together causally: a start before its end, upstream before downstream, the run end last', () => {
    seen();
    set('A', 'SUCCEEDED');
    set('B', 'SUCCEEDED');
    set('C', 'RUNNING');
    expect(seen()).toEqual([
      '2 node.started A',
      '3 node.succeeded A',
      '4 node.started B',
      '5 node.succeeded B',
      '6 node.started C',
    ]);
    set('C', 'SUCCEEDED');
    state.status = 'SUCCEEDED';
    expect(seen()).toEqual(['7 node.succeeded C', '8 run.completed']);
    state.nodes.A.status = 'FAILED';
    expect(seen()).toEqual([]);
  });

  it('reports pause and resume of the run before the node changes they come with', () => {
    seen();
    control.paused = { at };
    set('A', 'RUNNING');
    expect(seen()).toEqual(['2 run.paused', '3 node.started A']);
    control.paused = undefined;
    expect(seen()).toEqual(['4 run.resumed']);
  });

  it('starts a node again after it paused on an error and was retried; a breakpoint or a skip is no start', () => {
    seen();
    set('A', 'RUNNING');
    seen();
    set('A', 'PAUSED', { pauseReason: 'error', error: { message: 'boom', type: 'Error' } });
    expect(outbox.collect().map((e) => [e.type, e.node?.pauseReason, e.node?.error?.message])).toEqual([
      ['node.paused', 'error', 'boom'],
    ]);
    set('A', 'RUNNING', { pauseReason: undefined, error: undefined });
    expect(seen()).toEqual(['4 node.started A']);
    state.nodes.B.status = 'PAUSED';
    state.nodes.B.pauseReason = 'breakpoint';
    expect(seen()).toEqual(['5 node.paused B']);
    state.nodes.C.status = 'SKIPPED';
    state.nodes.C.skipReason = 'operator';
    expect(seen()).toEqual(['6 node.skipped C']);
  });

  it('tells only of the run when node events are not wanted, with the error of a failed run', () => {
    outbox = new EventOutbox('run-1', plan, () => state, control, false);
    seen();
    set('A', 'FAILED');
    state.status = 'FAILED';
    state.error = { message: 'node "A" failed', type: 'NodeFailed' };
    const events = outbox.collect();
    expect(events.map((e) => e.type)).toEqual(['run.failed']);
    expect(events[0]).toMatchObject({
      id: 'run-1:2',
      runId: 'run-1',
      flowId: 'chain',
      version: 1,
      run: { status: 'FAILED', error: { message: 'node "A" failed' } },
    });
  });
});
