import type { WorkflowHandle } from '@temporalio/client';
import type { FlowDefinition } from '@weft/dsl';
import {
  pauseUpdate,
  resumeNodeUpdate,
  resumeUpdate,
  retryNodeUpdate,
  setVariablesUpdate,
  skipNodeSignal,
  stateQuery,
  type GivenOutputs,
  type NodeStatus,
  type RunNotify,
} from '@weft/interpreter';

/**
 * Representative runs whose histories are recorded into test/replay/histories and replayed in CI,
 * so that any change to the interpreter that would break running workflows fails the tests.
 * Add a scenario (and record it) for every new behaviour; never re-record an old one to make replay pass.
 */
export const scenarios: Record<string, FlowDefinition> = {
  'rerun-given-v1': {
    id: 'rerun',
    variables: { seen: 0 },
    output: { label: '${vars.label}', done: '${nodes.done.output}' },
    nodes: [
      { id: 'fetch', type: 'task', component: 'core.noop', inputs: { hit: 1 }, outputs: { seen: '${output.hit}' } },
      { id: 'pause', type: 'wait', duration: '1s' },
      { id: 'tag', type: 'set', assign: { label: 'seen ${vars.seen}' } },
      { id: 'work', type: 'task', component: 'core.noop', inputs: { label: '${vars.label}' } },
      { id: 'done', type: 'task', component: 'core.noop', inputs: { from: '${nodes.work.output.label}' } },
    ],
    edges: [
      { from: 'fetch', to: 'tag', when: 'nodes.fetch.output.hit = 7' },
      { from: 'pause', to: 'tag' },
      { from: 'tag', to: 'work' },
      { from: 'work', to: 'done' },
    ],
  },
  'diamond-v1': {
    id: 'diamond',
    nodes: [
      { id: 'A', type: 'task', component: 'core.noop', inputs: { step: 'a' } },
      { id: 'B', type: 'task', component: 'core.delay', inputs: { duration: '200ms' } },
      { id: 'C', type: 'task', component: 'core.log', inputs: { message: 'c' }, local: true },
      { id: 'D', type: 'task', component: 'core.noop' },
    ],
    edges: [
      { from: 'A', to: 'B' },
      { from: 'A', to: 'C' },
      { from: 'B', to: 'D' },
      { from: 'C', to: 'D' },
    ],
  },
  'timeout-cancels-siblings-v1': {
    id: 'timeout',
    nodes: [
      { id: 'long', type: 'task', component: 'core.delay', inputs: { duration: '10s' } },
      {
        id: 'slow',
        type: 'task',
        component: 'core.delay',
        inputs: { duration: '5s' },
        timeout: '300ms',
        retry: { maximumAttempts: 2, initialInterval: '100ms' },
      },
      { id: 'join', type: 'task', component: 'core.noop' },
    ],
    edges: [
      { from: 'long', to: 'join' },
      { from: 'slow', to: 'join' },
    ],
  },
  'language-v2': {
    id: 'language',
    variables: { n: 5 },
    output: { label: '${vars.label}', joined: '${nodes.join.output}' },
    nodes: [
      { id: 'prepare', type: 'set', assign: { label: 'n=${vars.n}', big: '${vars.n > 3}' } },
      { id: 'route', type: 'switch', mode: 'all' },
      {
        id: 'big',
        type: 'task',
        component: 'core.noop',
        inputs: { size: '${vars.n}' },
        outputs: { seen: '${output.size}' },
      },
      { id: 'small', type: 'task', component: 'core.noop' },
      { id: 'pause', type: 'wait', duration: '${vars.n * 20}' },
      {
        id: 'risky',
        type: 'task',
        component: 'core.delay',
        inputs: { duration: '2s' },
        timeout: '100ms',
        retry: { maximumAttempts: 1 },
        onError: 'continue',
      },
      {
        id: 'compensate',
        type: 'task',
        component: 'core.log',
        inputs: { message: 'compensating ${nodes.risky.error.type}' },
        local: true,
      },
      { id: 'join', type: 'task', component: 'core.noop', inputs: { seen: '${vars.seen}' } },
      { id: 'done', type: 'end' },
    ],
    edges: [
      { from: 'prepare', to: 'route' },
      { from: 'route', to: 'big', when: 'vars.big' },
      { from: 'route', to: 'small', when: 'vars.n < 2' },
      { from: 'route', to: 'pause', when: 'true' },
      { from: 'pause', to: 'risky' },
      { from: 'risky', to: 'compensate', on: 'failure' },
      { from: 'big', to: 'join' },
      { from: 'small', to: 'join' },
      { from: 'compensate', to: 'join', on: 'always' },
      { from: 'join', to: 'done' },
    ],
  },
  'approval-subflow-v2': {
    id: 'approval-subflow',
    nodes: [
      { id: 'review', type: 'approval', timeout: '200ms', onTimeout: 'approve' },
      { id: 'child', type: 'subflow', flow: 'child', inputs: { n: 4 }, outputs: { doubled: '${output.doubled}' } },
      { id: 'use', type: 'task', component: 'core.noop', inputs: { doubled: '${vars.doubled}' } },
    ],
    edges: [
      { from: 'review', to: 'child', when: "nodes.review.output.decision = 'approved'" },
      { from: 'child', to: 'use' },
    ],
  },
  'loop-foreach-v2': {
    id: 'loop-foreach',
    variables: { count: 0 },
    nodes: [
      {
        id: 'repeat',
        type: 'loop',
        maxIterations: 10,
        while: 'vars.count < 3',
        body: {
          nodes: [
            { id: 'inc', type: 'set', assign: { count: '${vars.count + 1}' } },
            { id: 'work', type: 'task', component: 'core.noop', inputs: { i: '${iteration}' } },
          ],
          edges: [{ from: 'inc', to: 'work' }],
        },
      },
      {
        id: 'each',
        type: 'foreach',
        items: '${[1, 2, 3, 4]}',
        concurrency: 2,
        onItemError: 'continue',
        body: {
          nodes: [
            { id: 'check', type: 'switch' },
            { id: 'odd', type: 'fail', message: 'odd ${item}' },
            { id: 'even', type: 'task', component: 'core.noop', local: true, inputs: { n: '${item}' } },
          ],
          edges: [
            { from: 'check', to: 'odd', when: 'item % 2 = 1' },
            { from: 'check', to: 'even' },
          ],
        },
      },
    ],
    edges: [{ from: 'repeat', to: 'each' }],
  },
  /** Recorded with the fastExpressions patch: literals, comparisons and simple templates without JSONata. */
  'fast-expressions-v1': {
    id: 'fast-expressions',
    variables: { count: 0, status: 'new' },
    nodes: [
      {
        id: 'start',
        type: 'task',
        component: 'core.noop',
        inputs: { status: '${vars.status}', first: '${vars.count = 0}' },
      },
      { id: 'left', type: 'task', component: 'core.noop', inputs: { n: '${vars.count}' } },
      { id: 'right', type: 'task', component: 'core.noop', local: true, inputs: { label: 'count ${vars.count}' } },
      { id: 'mark', type: 'set', assign: { status: 'done' } },
      { id: 'route', type: 'switch' },
      { id: 'yes', type: 'task', component: 'core.noop', inputs: { ok: '${vars.status = "done"}' } },
      { id: 'no', type: 'task', component: 'core.noop' },
      {
        id: 'repeat',
        type: 'loop',
        maxIterations: 5,
        while: 'vars.count < 3',
        body: {
          nodes: [
            { id: 'inc', type: 'set', assign: { count: '${vars.count + 1}' } },
            {
              id: 'work',
              type: 'task',
              component: 'core.noop',
              local: true,
              inputs: { i: '${iteration}', early: '${iteration < 1}' },
            },
          ],
          edges: [{ from: 'inc', to: 'work' }],
        },
      },
    ],
    edges: [
      { from: 'start', to: 'left', when: 'vars.count < 1' },
      { from: 'start', to: 'right', when: "vars.status != 'done'" },
      { from: 'start', to: 'mark' },
      { from: 'mark', to: 'route' },
      { from: 'route', to: 'yes', when: "vars.status = 'done'" },
      { from: 'route', to: 'no' },
      { from: 'left', to: 'repeat' },
      { from: 'right', to: 'repeat' },
      { from: 'yes', to: 'repeat' },
      { from: 'no', to: 'repeat' },
    ],
  },
  'operations-v3': {
    id: 'operations',
    variables: { v: 0 },
    nodes: [
      { id: 'hold', type: 'wait', duration: '1h' },
      { id: 'gate', type: 'task', component: 'core.noop', breakpoint: true },
      {
        id: 'risky',
        type: 'task',
        component: 'core.delay',
        inputs: { duration: '5s' },
        timeout: '100ms',
        retry: { maximumAttempts: 1 },
        onError: 'pause',
      },
      {
        id: 'repeat',
        type: 'loop',
        maxIterations: 3,
        body: { nodes: [{ id: 'work', type: 'task', component: 'core.delay', inputs: { duration: '300ms' } }] },
      },
      { id: 'tail', type: 'task', component: 'core.noop', inputs: { v: '${vars.v}' } },
    ],
    edges: [
      { from: 'hold', to: 'gate' },
      { from: 'gate', to: 'risky' },
      { from: 'risky', to: 'repeat' },
      { from: 'repeat', to: 'tail' },
    ],
  },

  // Child runs inside loop iterations and foreach items, recorded before they had ids of their own
  // (every iteration and item reused `<loop or foreach run>--<node>`; concurrency 1 kept the items apart).
  'children-in-bodies-v3': childrenInBodies(1),
  // The same with ids of their own (patch weft-unique-child-ids): three items at once; and every run
  // (children too) closing with its final state in the memo (patch weft-closing-records).
  'children-in-bodies-v4': childrenInBodies(3),
  // A loop that never leaves the workflow: its walk ends the workflow task with a 1 ms timer after about a second of
  // work (patch weft-yield-to-server), so its iterations run across several tasks.
  'pure-loop-v4': {
    id: 'pure-loop',
    variables: { i: 0 },
    nodes: [
      {
        id: 'count',
        type: 'loop',
        maxIterations: 2000,
        body: { nodes: [{ id: 'inc', type: 'set', assign: { i: '${vars.i + 1}' } }] },
      },
    ],
  },
  // Iterations walked one after another from completion callbacks in one shared scope (patch weft-lean-iterations):
  // the second iteration is ended early by an end node while a 5 s task runs, which the next one must not inherit;
  // the while needs JSONata (a promise), the other conditions do not.
  'lean-loop-v1': {
    id: 'lean-loop',
    variables: { count: 0, seen: [] },
    nodes: [
      {
        id: 'repeat',
        type: 'loop',
        maxIterations: 6,
        while: '$count(vars.seen) < 4 and vars.count < 10',
        body: {
          nodes: [
            {
              id: 'slow',
              type: 'task',
              component: 'core.delay',
              inputs: { duration: '${iteration = 1 ? "5s" : "10ms"}' },
            },
            {
              id: 'inc',
              type: 'set',
              assign: { count: '${vars.count + 1}', seen: '${$append(vars.seen, iteration)}' },
            },
            { id: 'tick', type: 'task', component: 'core.noop' },
            { id: 'stop', type: 'end', output: { early: '${iteration}' } },
            { id: 'work', type: 'task', component: 'core.noop', local: true, inputs: { i: '${iteration}' } },
          ],
          edges: [
            { from: 'inc', to: 'tick' },
            { from: 'tick', to: 'stop', when: 'iteration = 1' },
            { from: 'tick', to: 'work', when: 'iteration != 1' },
          ],
        },
      },
      { id: 'after', type: 'task', component: 'core.noop', inputs: { count: '${vars.count}' } },
    ],
    edges: [{ from: 'repeat', to: 'after' }],
  },
  // An evaluation of about 6,000 steps pauses for the 1 ms timer every 2,000 (patch weft-pause-long-evaluations),
  // in a set node and in an edge condition, while a task runs beside them.
  'pausing-evaluation-v1': {
    id: 'pausing-evaluation',
    variables: { total: 0 },
    nodes: [
      { id: 'sum', type: 'set', assign: { total: '${$reduce([1..1500], function($a, $b){ $a + $b })}' } },
      { id: 'beside', type: 'task', component: 'core.delay', inputs: { duration: '50ms' } },
      { id: 'report', type: 'task', component: 'core.noop', inputs: { total: '${vars.total}' } },
    ],
    edges: [
      { from: 'sum', to: 'report', when: '$count([1..1500][$ % 2 = 0]) = 750 and vars.total > 0' },
      { from: 'beside', to: 'report' },
    ],
  },
};

function childrenInBodies(concurrency: number): FlowDefinition {
  return {
    id: 'children-in-bodies',
    variables: { count: 0 },
    nodes: [
      {
        id: 'repeat',
        type: 'loop',
        maxIterations: 2,
        body: {
          nodes: [
            { id: 'call', type: 'subflow', flow: 'child', inputs: { n: '${iteration}' } },
            { id: 'inc', type: 'set', assign: { count: '${vars.count + nodes.call.output.doubled}' } },
          ],
          edges: [{ from: 'call', to: 'inc' }],
        },
      },
      {
        id: 'each',
        type: 'foreach',
        items: '${[1, 2, 3]}',
        concurrency,
        body: { nodes: [{ id: 'call', type: 'subflow', flow: 'child', inputs: { n: '${item}' } }] },
      },
    ],
    edges: [{ from: 'repeat', to: 'each' }],
  };
}

/** Scenarios started as the API starts runs: with the plan in its wire form (toWirePlan), nested plans included. */
export const wirePlans = new Set(['wire-plan-v1']);

scenarios['wire-plan-v1'] = {
  id: 'wire-plan',
  variables: { n: 2 },
  nodes: [
    { id: 'first', type: 'task', component: 'core.noop', inputs: { n: '${vars.n}' }, outputs: { seen: '${output.n}' } },
    { id: 'quick', type: 'task', component: 'core.noop', local: true, name: 'Quick step' },
    { id: 'retried', type: 'task', component: 'core.noop', retry: { maximumAttempts: 5 }, timeout: '20s' },
    { id: 'tag', type: 'set', assign: { label: 'n=${vars.n}' } },
    { id: 'call', type: 'subflow', flow: 'child', inputs: { n: '${vars.n}' } },
    { id: 'never', type: 'task', component: 'core.noop' },
    { id: 'last', type: 'task', component: 'core.noop', local: true, inputs: { label: '${vars.label}' } },
  ],
  edges: [
    { from: 'first', to: 'quick' },
    { from: 'first', to: 'retried' },
    { from: 'quick', to: 'tag' },
    { from: 'retried', to: 'tag' },
    { from: 'tag', to: 'call' },
    { from: 'call', to: 'never', when: 'vars.n > 5' },
    { from: 'call', to: 'last' },
  ],
};

/** Scenarios run as webhook subscribers would have them: with `notify`, so the run hands its events to `<id>--events`. */
/** Runs that rerun another from a node: the outputs they take as given (FlowRunInput.given). */
export const given: Record<string, GivenOutputs> = {
  'rerun-given-v1': {
    fetch: { output: { hit: 7 }, from: 'source-run' },
    pause: { output: { waitedMs: 1000 }, from: 'source-run' },
  },
};

export const notified: Record<string, RunNotify> = {
  'webhook-events-v1': {
    nodes: true,
    // Nobody polls it while recording: only the run's own history is recorded, which never waits on deliveries.
    taskQueue: 'weft-record-control',
    retry: { initialMs: 1000, maxMs: 60_000, totalMs: 86_400_000 },
    statusCheckMs: 60_000,
  },
};

scenarios['webhook-events-v1'] = {
  id: 'webhook-events',
  variables: { done: false },
  nodes: [
    { id: 'A', type: 'task', component: 'core.noop' },
    { id: 'hold', type: 'wait', duration: '1s' },
    { id: 'B', type: 'set', assign: { done: true } },
    { id: 'C', type: 'task', component: 'core.noop', local: true },
  ],
  edges: [
    { from: 'A', to: 'hold' },
    { from: 'hold', to: 'B' },
    { from: 'B', to: 'C' },
  ],
};

/** What an operator does during a scenario's run, through the workflow's updates and signals. */
export const operators: Record<string, (handle: WorkflowHandle) => Promise<void>> = {
  'webhook-events-v1': async (handle) => {
    while ((await handle.query(stateQuery).catch(() => undefined))?.nodes.hold.status !== 'WAITING')
      await new Promise((r) => setTimeout(r, 50));
    await handle.executeUpdate(pauseUpdate, { args: [{ by: 'recorder' }] });
    await handle.executeUpdate(resumeUpdate, { args: [{ by: 'recorder' }] });
  },
  'operations-v3': async (handle) => {
    const reaches = async (nodeId: string, status: NodeStatus) => {
      for (;;) {
        const state = await handle.query(stateQuery).catch(() => undefined);
        if (state?.nodes[nodeId]?.status === status) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await reaches('hold', 'WAITING');
    await handle.executeUpdate(pauseUpdate, { args: [{ by: 'recorder', reason: 'replay scenario' }] });
    await handle.signal(skipNodeSignal, { nodeId: 'hold', output: { skipped: true } });
    await handle.executeUpdate(setVariablesUpdate, { args: [{ vars: { v: 7 } }] });
    await handle.executeUpdate(resumeUpdate, { args: [{}] });
    await reaches('gate', 'PAUSED');
    await handle.executeUpdate(resumeNodeUpdate, { args: [{ nodeId: 'gate' }] });
    await reaches('risky', 'PAUSED');
    await handle.executeUpdate(retryNodeUpdate, { args: [{ nodeId: 'risky', inputs: { duration: '10ms' } }] });
    await reaches('repeat', 'RUNNING');
    // Paused while the loop runs: the pause reaches its child run, whose history is recorded too.
    await handle.executeUpdate(pauseUpdate, { args: [{ by: 'recorder' }] });
    const loop = handle.client.getHandle(`${handle.workflowId}--repeat`);
    while ((await loop.query(stateQuery).catch(() => undefined))?.status !== 'PAUSED')
      await new Promise((r) => setTimeout(r, 50));
    await handle.executeUpdate(resumeUpdate, { args: [{ by: 'recorder' }] });
  },
};

/** Child runs of scenarios whose histories are recorded too: `<scenario>--<node id>`. */
export const childHistories: Record<string, string[]> = {
  'loop-foreach-v2': ['repeat', 'each'],
  'operations-v3': ['repeat'],
  'children-in-bodies-v3': ['repeat', 'each'],
  'children-in-bodies-v4': ['repeat', 'each', 'each--item-1--call'],
  'pure-loop-v4': ['count'],
  'fast-expressions-v1': ['repeat'],
  'lean-loop-v1': ['repeat'],
};

/** Flows that scenarios run as subflows, version 1 each. */
export const subflows: Record<string, FlowDefinition> = {
  child: {
    id: 'child',
    output: { doubled: '${inputs.n * 2}' },
    nodes: [{ id: 'work', type: 'task', component: 'core.noop', inputs: { n: '${inputs.n}' } }],
  },
};
