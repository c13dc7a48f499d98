import { defaultPayloadConverter } from '@temporalio/common';
import { msNumberToTs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { compilePlan, toWirePlan, type FlowDefinition } from '@weft/dsl';
import { nodeErrorOf, stateFromHistory } from './run-history';

type Event = temporal.api.history.v1.IHistoryEvent;
/** Event ids are int64 (Long) in the protos; plain numbers stand in for them here. */
const id = (n: number) => n as unknown as NonNullable<Event['eventId']>;

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const payloads = (...values: unknown[]) => ({ payloads: values.map((v) => defaultPayloadConverter.toPayload(v)) });

/** A history written as a list of [milliseconds after T0, event attributes]. */
function history(...events: [number, Event][]): temporal.api.history.v1.IHistory {
  return {
    events: events.map(([ms, event], i) => ({ eventId: id(i + 1), eventTime: msNumberToTs(T0 + ms), ...event })),
  };
}

const childPlan = { flowId: 'child', version: 1, nodes: [], edges: [], variables: {} };
const plan = (definition: Omit<FlowDefinition, 'id'>) =>
  compilePlan({ id: 'f', ...definition } as FlowDefinition, 1, () => ({ version: 1, plan: childPlan }));

const chain = plan({
  nodes: [
    { id: 'first', type: 'task', component: 'core.noop', inputs: { n: 1 } },
    { id: 'slow', type: 'task', component: 'core.delay', inputs: { duration: '60s' } },
    { id: 'last', type: 'task', component: 'core.noop' },
  ],
  edges: [
    { from: 'first', to: 'slow' },
    { from: 'slow', to: 'last' },
  ],
});

const started = (input: unknown): Event => ({
  workflowExecutionStartedEventAttributes: { input: payloads(input) },
});
const scheduled = (nodeId: string, inputs: object, component = 'core.noop'): Event => ({
  activityTaskScheduledEventAttributes: { activityType: { name: component }, input: payloads({ nodeId, inputs }) },
});
const activityStarted = (scheduledEventId: number, attempt = 1): Event => ({
  activityTaskStartedEventAttributes: { scheduledEventId: id(scheduledEventId), attempt },
});
const completed = (scheduledEventId: number, output: unknown, attempt = 1): Event => ({
  activityTaskCompletedEventAttributes: {
    scheduledEventId: id(scheduledEventId),
    result: payloads({ output, attempt }),
  },
});

describe('stateFromHistory', () => {
  it('shows a terminated run: finished nodes as they ended, the one in flight CANCELLED, the others PENDING', () => {
    const state = stateFromHistory(
      history(
        [0, started({ plan: chain, inputs: { day: 'mon' } })],
        [10, scheduled('first', { n: 1 })],
        [20, activityStarted(2)],
        [30, completed(2, { n: 1 })],
        [40, scheduled('slow', { duration: '60s' }, 'core.delay')],
        [500, { workflowExecutionTerminatedEventAttributes: { reason: 'wrong inputs' } }],
      ),
      { workflowId: 'run-1', workflowType: 'flowRun', status: 'TERMINATED' },
    );
    expect(state).toEqual({
      flowId: 'f',
      version: 1,
      status: 'TERMINATED',
      startedAt: iso(0),
      finishedAt: iso(500),
      progress: [2, 3],
      inputs: { day: 'mon' },
      vars: {},
      nodes: {
        first: {
          id: 'first',
          name: 'first',
          type: 'task',
          component: 'core.noop',
          status: 'SUCCEEDED',
          attempt: 1,
          startedAt: iso(10),
          finishedAt: iso(30),
          durationMs: 20,
          inputs: { n: 1 },
          output: { n: 1 },
        },
        slow: {
          id: 'slow',
          name: 'slow',
          type: 'task',
          component: 'core.delay',
          status: 'CANCELLED',
          attempt: 1,
          startedAt: iso(40),
          inputs: { duration: '60s' },
        },
        last: { id: 'last', name: 'last', type: 'task', component: 'core.noop', status: 'PENDING', attempt: 0 },
      },
      breakpoints: [],
      operations: [],
    });
  });

  it('reads the plan in the wire form the API sends as it reads a full one', () => {
    const events = (input: unknown) =>
      history(
        [0, started(input)],
        [10, scheduled('first', { n: 1 })],
        [500, { workflowExecutionTerminatedEventAttributes: { reason: 'stop' } }],
      );
    const execution = { workflowId: 'run-w', workflowType: 'flowRun', status: 'TERMINATED' } as const;
    const fromWire = stateFromHistory(events({ plan: toWirePlan(chain), inputs: {} }), execution);
    expect(fromWire).toEqual(stateFromHistory(events({ plan: chain, inputs: {} }), execution));
    expect(Object.keys(fromWire.nodes)).toEqual(['first', 'slow', 'last']);
  });

  it('shows no nodes, rather than failing, for a wire form that does not read', () => {
    const state = stateFromHistory(
      history([0, started({ plan: { wire: 1, flowId: 'f', version: 1, nodes: [{ id: 'a' }], edges: 3 }, inputs: {} })]),
      { workflowId: 'run-bad', workflowType: 'flowRun', status: 'TERMINATED' },
    );
    expect(state.nodes).toEqual({});
  });

  it('counts attempts across retries and operator retries, and keeps the failure chain as the interpreter does', () => {
    const paused = plan({
      nodes: [{ id: 'fetch', type: 'task', component: 'http.request', inputs: { url: 'x' }, onError: 'pause' }],
    });
    const failure = {
      message: 'answered 503',
      applicationFailureInfo: { type: 'HttpError', details: payloads({ attempt: 3 }) },
      cause: { message: 'socket hang up', applicationFailureInfo: { type: 'Error', nonRetryable: true } },
    };
    const state = stateFromHistory(
      history(
        [0, started({ plan: paused, inputs: {} })],
        [10, scheduled('fetch', { url: 'x' }, 'http.request')],
        [20, activityStarted(2, 3)],
        [30, { activityTaskFailedEventAttributes: { scheduledEventId: id(2), failure } }],
        [
          40,
          {
            workflowExecutionUpdateAcceptedEventAttributes: {
              acceptedRequest: {
                input: { name: 'retryNode', args: payloads({ nodeId: 'fetch', by: 'ada', inputs: { url: 'y' } }) },
              },
            },
          },
        ],
        [50, scheduled('fetch', { url: 'y' }, 'http.request')],
        [60, activityStarted(6, 2)],
        [70, completed(6, { status: 200 }, 2)],
        [80, { workflowExecutionCompletedEventAttributes: { result: payloads({ fetch: { status: 200 } }) } }],
      ),
      { workflowId: 'run-2', workflowType: 'flowRun', status: 'SUCCEEDED' },
    );
    expect(state.nodes.fetch).toMatchObject({
      status: 'SUCCEEDED',
      attempt: 5,
      inputs: { url: 'y' },
      output: { status: 200 },
      startedAt: iso(10),
      finishedAt: iso(70),
      durationMs: 60,
    });
    expect(state.nodes.fetch.error).toBeUndefined();
    expect(state.output).toEqual({ fetch: { status: 200 } });
    expect(state.operations).toEqual([
      { at: iso(40), op: 'retryNode', by: 'ada', nodeId: 'fetch', details: { inputs: { url: 'y' } } },
    ]);
    expect(nodeErrorOf(failure)).toEqual({
      message: 'answered 503',
      type: 'HttpError',
      cause: { message: 'socket hang up', type: 'Error', nonRetryable: true },
    });
    expect(
      nodeErrorOf({
        message: 'x',
        activityFailureInfo: {},
        cause: { message: 't', timeoutFailureInfo: { timeoutType: 1 } },
      }),
    ).toEqual({
      message: 'activity timed out (START_TO_CLOSE)',
      type: 'Timeout',
    });
  });

  it('links child runs to their nodes, and shows a timed-out run paused by an operator', () => {
    const parent = plan({
      nodes: [
        { id: 'sub', type: 'subflow', flow: 'child' },
        { id: 'hold', type: 'wait', duration: '1h' },
      ],
      edges: [{ from: 'sub', to: 'hold' }],
    });
    const state = stateFromHistory(
      history(
        [0, started({ plan: parent, inputs: {}, breakpoints: ['hold'] })],
        [
          10,
          {
            startChildWorkflowExecutionInitiatedEventAttributes: {
              workflowId: 'run-3--sub',
              input: payloads({ plan: {}, inputs: { a: 1 } }),
            },
          },
        ],
        [20, { childWorkflowExecutionStartedEventAttributes: { initiatedEventId: id(2) } }],
        [
          30,
          {
            childWorkflowExecutionCompletedEventAttributes: {
              initiatedEventId: id(2),
              result: payloads({ done: true }),
            },
          },
        ],
        [
          40,
          {
            timerStartedEventAttributes: { timerId: '1', startToFireTimeout: msNumberToTs(3_600_000) },
            userMetadata: { summary: defaultPayloadConverter.toPayload('hold (wait)') },
          },
        ],
        [
          50,
          {
            workflowExecutionSignaledEventAttributes: {
              signalName: 'pause',
              input: payloads({ by: 'ops', reason: 'incident' }),
            },
          },
        ],
        [60, { workflowExecutionSignaledEventAttributes: { signalName: 'pause', input: payloads({ by: 'twice' }) } }],
        [70, { workflowExecutionTimedOutEventAttributes: {} }],
      ),
      { workflowId: 'run-3', workflowType: 'flowRun', status: 'TIMED_OUT' },
    );
    expect(state.nodes.sub).toMatchObject({
      status: 'SUCCEEDED',
      attempt: 1,
      inputs: { a: 1 },
      output: { done: true },
      childRunIds: ['run-3--sub'],
    });
    expect(state.nodes.hold).toMatchObject({ status: 'CANCELLED', startedAt: iso(40) });
    expect(state).toMatchObject({
      status: 'TIMED_OUT',
      progress: [2, 2],
      paused: { at: iso(50), by: 'ops', reason: 'incident' },
      breakpoints: ['hold'],
      operations: [{ at: iso(50), op: 'pause', by: 'ops', reason: 'incident' }],
    });
  });

  it('shows the iteration a terminated loop run was in, with that iteration’s nodes', () => {
    const body = plan({
      nodes: [
        { id: 'step', type: 'task', component: 'core.noop' },
        { id: 'wait', type: 'task', component: 'core.delay', inputs: { duration: '1m' } },
      ],
      edges: [{ from: 'step', to: 'wait' }],
    });
    const state = stateFromHistory(
      history(
        [0, started({ body, inputs: {}, vars: { n: 0 }, maxIterations: 10, iteration: 4, path: '$.nodes[0]' })],
        [10, scheduled('step', {})],
        [20, completed(2, 'a')],
        [30, scheduled('wait', {}, 'core.delay')],
        [40, completed(4, 'b')],
        [50, scheduled('step', {})],
        [60, completed(6, 'c')],
        [70, scheduled('wait', {}, 'core.delay')],
        [80, { workflowExecutionTerminatedEventAttributes: {} }],
      ),
      { workflowId: 'run-4--loop', workflowType: 'loopRun', status: 'TERMINATED' },
    );
    expect(state).toMatchObject({
      iteration: 5,
      maxIterations: 10,
      vars: { n: 0 },
      startedAt: iso(50),
      progress: [2, 2],
    });
    expect(state.nodes.step).toMatchObject({ status: 'SUCCEEDED', output: 'c', startedAt: iso(50) });
    expect(state.nodes.wait).toMatchObject({ status: 'CANCELLED', attempt: 1 });
  });

  it('links child runs started in a loop iteration (their ids carry the iteration) to their body nodes', () => {
    const body = plan({ nodes: [{ id: 'sub', type: 'subflow', flow: 'child' }] });
    const initiated = (workflowId: string): Event => ({
      startChildWorkflowExecutionInitiatedEventAttributes: { workflowId, input: payloads({ plan: {}, inputs: {} }) },
    });
    const state = stateFromHistory(
      history(
        [0, started({ body, inputs: {}, vars: {}, maxIterations: 3, iteration: 0, path: '$.nodes[0]' })],
        [10, initiated('run-5--loop--iteration-0--sub')],
        [20, { childWorkflowExecutionCompletedEventAttributes: { initiatedEventId: id(2), result: payloads(1) } }],
        [30, initiated('run-5--loop--iteration-1--sub')],
        [40, { workflowExecutionTerminatedEventAttributes: {} }],
      ),
      { workflowId: 'run-5--loop', workflowType: 'loopRun', status: 'TERMINATED' },
    );
    expect(state.iteration).toBe(1);
    expect(state.nodes.sub).toMatchObject({
      status: 'CANCELLED',
      attempt: 1,
      childRunIds: ['run-5--loop--iteration-1--sub'],
    });
  });
});
