import { WorkflowUpdateFailedError } from '@temporalio/client';
import { retryNodeSignal, retryNodeUpdate, skipNodeSignal, stateQuery, type RunState } from '@weft/interpreter';
import { finalState, publishAndStart } from '../harness/run-helpers';
import { useStackAndServer } from '../harness/use-stack-and-server';
import { waitFor } from '../harness/wait-for';

const statuses = (state: RunState) => Object.fromEntries(Object.values(state.nodes).map((n) => [n.id, n.status]));

describe('the flow language over a real Temporal server', () => {
  const env = useStackAndServer();

  const activityEvents = async (runId: string) => {
    const history = await env.stack.client.workflow.getHandle(runId).fetchHistory();
    return history.events!.filter((e) => e.activityTaskScheduledEventAttributes);
  };

  it('templates inputs from inputs, vars and node outputs, keeps JSON types and maps outputs', async () => {
    const { runId } = await publishAndStart(
      env.stack,
      {
        id: 'expr',
        inputs: { type: 'object', properties: { name: { type: 'string' }, count: { type: 'integer' } } },
        variables: { greeting: 'hello', total: 0 },
        output: { message: '${nodes.greet.output.text}', total: '${vars.total}', doubled: '${vars.doubled}' },
        nodes: [
          { id: 'prepare', type: 'set', assign: { doubled: '${inputs.count * 2}', label: '${vars.greeting} ${inputs.name}!' } },
          {
            id: 'greet',
            type: 'task',
            component: 'core.noop',
            inputs: { text: '${vars.label}', n: '${vars.doubled}', list: ['${inputs.count}', 'x${inputs.count}'], literal: '$${not an expression}' },
            outputs: { total: '${output.n + 1}' },
          },
        ],
        edges: [{ from: 'prepare', to: 'greet' }],
      },
      { name: 'Ada', count: 21 },
    );
    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.greet.inputs).toEqual({ text: 'hello Ada!', n: 42, list: [21, 'x21'], literal: '${not an expression}' });
    expect(state.vars).toEqual({ greeting: 'hello', total: 43, doubled: 42, label: 'hello Ada!' });
    expect(state.output).toEqual({ message: 'hello Ada!', total: 43, doubled: 42 });
    const result = await env.stack.client.workflow.getHandle(runId).result();
    expect(result).toEqual(state.output);
    expect((await activityEvents(runId)).length).toBe(1);
  });

  it('takes the first matching switch case, skips the dead paths and joins without a gateway', async () => {
    const { runId } = await publishAndStart(
      env.stack,
      {
        id: 'switch',
        nodes: [
          { id: 'route', type: 'switch' },
          { id: 'big', type: 'set', assign: { size: 'big' } },
          { id: 'huge', type: 'set', assign: { size: 'huge' } },
          { id: 'small', type: 'set', assign: { size: 'small' } },
          { id: 'join', type: 'task', component: 'core.noop', inputs: { size: '${vars.size}' } },
        ],
        edges: [
          { from: 'route', to: 'big', when: 'inputs.n > 10' },
          { from: 'route', to: 'huge', when: '${inputs.n > 100}' },
          { from: 'route', to: 'small' },
          { from: 'big', to: 'join' },
          { from: 'huge', to: 'join' },
          { from: 'small', to: 'join' },
        ],
      },
      { n: 500 },
    );
    const state = await finalState(env.stack, runId);
    expect(statuses(state)).toEqual({ route: 'SUCCEEDED', big: 'SUCCEEDED', huge: 'SKIPPED', small: 'SKIPPED', join: 'SUCCEEDED' });
    expect(state.nodes.huge.skipReason).toBe('dead-path');
    expect(state.nodes.join.output).toEqual({ size: 'big' });
    expect(state.progress).toEqual([5, 5]);
  });

  it('takes every matching case of an inclusive switch, and the default when none matches', async () => {
    const definition = {
      id: 'inclusive',
      nodes: [
        { id: 'route', type: 'switch', mode: 'all' },
        { id: 'a', type: 'set', assign: { a: true } },
        { id: 'b', type: 'set', assign: { b: true } },
        { id: 'other', type: 'set', assign: { other: true } },
      ],
      edges: [
        { from: 'route', to: 'a', when: 'inputs.n > 1' },
        { from: 'route', to: 'b', when: 'inputs.n > 2' },
        { from: 'route', to: 'other' },
      ],
    };
    const both = await finalState(env.stack, (await publishAndStart(env.stack, definition, { n: 5 })).runId);
    expect(statuses(both)).toEqual({ route: 'SUCCEEDED', a: 'SUCCEEDED', b: 'SUCCEEDED', other: 'SKIPPED' });
    const none = await finalState(env.stack, (await publishAndStart(env.stack, definition, { n: 0 })).runId);
    expect(statuses(none)).toEqual({ route: 'SUCCEEDED', a: 'SKIPPED', b: 'SKIPPED', other: 'SUCCEEDED' });
  });

  it('continues on error along failure and always edges, skipping the success path', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'continue',
      nodes: [
        {
          id: 'call',
          type: 'task',
          component: 'http.request',
          inputs: { url: `${env.server.url}/status/500` },
          retry: { maximumAttempts: 2, initialInterval: '50ms' },
          onError: 'continue',
        },
        { id: 'onSuccess', type: 'task', component: 'core.noop' },
        { id: 'compensate', type: 'task', component: 'core.noop', inputs: { failed: '${nodes.call.status}', why: '${nodes.call.error.type}' } },
        { id: 'cleanup', type: 'task', component: 'core.noop' },
      ],
      edges: [
        { from: 'call', to: 'onSuccess' },
        { from: 'call', to: 'compensate', on: 'failure' },
        { from: 'call', to: 'cleanup', on: 'always' },
      ],
    });
    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(statuses(state)).toEqual({ call: 'FAILED', onSuccess: 'SKIPPED', compensate: 'SUCCEEDED', cleanup: 'SUCCEEDED' });
    expect(state.nodes.call.attempt).toBe(2);
    expect(state.nodes.compensate.output).toEqual({ failed: 'FAILED', why: 'HttpStatusError' });
  });

  it('pauses a failed node for an operator: a refused retry, a retry with new inputs, a skip by signal', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'pause',
      nodes: [
        { id: 'fetch', type: 'task', component: 'http.request', inputs: { url: `${env.server.url}/status/404` }, onError: 'pause' },
        { id: 'other', type: 'task', component: 'http.request', inputs: { url: `${env.server.url}/status/400` }, onError: 'pause' },
        { id: 'after', type: 'task', component: 'core.noop', inputs: { got: '${nodes.fetch.output.status}', other: '${nodes.other.output}' } },
      ],
      edges: [
        { from: 'fetch', to: 'after' },
        { from: 'other', to: 'after' },
      ],
    });
    const handle = env.stack.client.workflow.getHandle(runId);
    const paused = await waitFor(
      () => handle.query(stateQuery),
      (s) => s.nodes.fetch.status === 'PAUSED' && s.nodes.other.status === 'PAUSED',
      { what: 'both nodes to pause' },
    );
    expect(paused.status).toBe('RUNNING');
    expect(paused.nodes.fetch.error).toMatchObject({ type: 'HttpStatusError', nonRetryable: true });

    const refused = await handle.executeUpdate(retryNodeUpdate, { args: [{ nodeId: 'after' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toBe('node "after" is PENDING, not paused on an error');

    await handle.executeUpdate(retryNodeUpdate, { args: [{ nodeId: 'fetch', inputs: { url: `${env.server.url}/fail-then-ok/pause/0` } }] });
    await handle.signal(skipNodeSignal, { nodeId: 'other', output: { pretend: true } });
    await handle.signal(retryNodeSignal, { nodeId: 'after' }); // not paused: ignored, as a signal cannot answer

    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(statuses(state)).toEqual({ fetch: 'SUCCEEDED', other: 'SKIPPED', after: 'SUCCEEDED' });
    expect(state.nodes.fetch.attempt).toBe(2);
    expect(state.nodes.other).toMatchObject({ skipReason: 'operator', output: { pretend: true } });
    expect(state.nodes.after.output).toEqual({ got: 200, other: { pretend: true } });
  });

  it('waits durably for a duration and until an instant, without activities', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'wait',
      variables: { ms: 300 },
      nodes: [
        { id: 'short', type: 'wait', duration: '${vars.ms}' },
        { id: 'until', type: 'wait', until: '${$fromMillis($toMillis(run.startedAt) + 1500)}' },
      ],
      edges: [{ from: 'short', to: 'until' }],
    });
    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.short.output).toEqual({ waitedMs: 300 });
    expect(Date.parse(state.nodes.until.finishedAt!) - Date.parse(state.startedAt)).toBeGreaterThanOrEqual(1500);
    const history = await env.stack.client.workflow.getHandle(runId).fetchHistory();
    expect(history.events!.filter((e) => e.timerStartedEventAttributes)).toHaveLength(2);
    expect(await activityEvents(runId)).toHaveLength(0);
  });

  it('ends the run early with an end node, skipping what had not finished', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'end',
      nodes: [
        { id: 'slow', type: 'task', component: 'core.delay', inputs: { duration: '30s' } },
        { id: 'done', type: 'end', output: { reason: 'enough', at: '${run.flowId}' } },
        { id: 'never', type: 'task', component: 'core.noop' },
      ],
      edges: [{ from: 'slow', to: 'never' }],
    });
    const state = await finalState(env.stack, runId, 10_000);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.output).toEqual({ reason: 'enough', at: state.flowId });
    expect(statuses(state)).toEqual({ slow: 'SKIPPED', done: 'SUCCEEDED', never: 'SKIPPED' });
    expect(state.nodes.slow.skipReason).toBe('run-ended');
  });

  it('fails the run with a fail node and a templated message', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'fail',
      nodes: [{ id: 'stop', type: 'fail', message: 'order ${inputs.order} is invalid', errorType: 'InvalidOrder' }],
    }, { order: 17 });
    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('FAILED');
    expect(state.error).toMatchObject({ message: 'order 17 is invalid', type: 'InvalidOrder' });
    const failure = await env.stack.client.workflow.getHandle(runId).result().catch((e: unknown) => e);
    expect((failure as { cause?: { type?: string } }).cause?.type).toBe('InvalidOrder');
  });

  it('fails the node with the expression and its path when an expression fails at run time', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'bad-expr',
      nodes: [{ id: 'calc', type: 'task', component: 'core.noop', inputs: { v: '${$error("no price")}' } }],
    });
    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('FAILED');
    expect(state.nodes.calc.status).toBe('FAILED');
    expect(state.nodes.calc.error?.message).toBe('expression "$error("no price")" at $.nodes[0].inputs.v failed: no price (at character 7)');
    expect(state.error?.message).toBe(`node "calc" failed: ${state.nodes.calc.error?.message}`);
  });

  it('ends TIMED_OUT when the flow timeout passes', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'flow-timeout',
      timeout: '2s',
      nodes: [{ id: 'slow', type: 'task', component: 'core.delay', inputs: { duration: '30s' } }],
    });
    const state = await finalState(env.stack, runId, 15_000);
    expect(state.status).toBe('TIMED_OUT');
  });

  it('schedules activities with the node priority and on the node task queue', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'priority',
      defaults: { priority: 4 },
      nodes: [
        { id: 'urgent', type: 'task', component: 'core.noop', priority: 1 },
        { id: 'normal', type: 'task', component: 'core.noop' },
      ],
    });
    await finalState(env.stack, runId);
    const scheduled = (await activityEvents(runId)).map((e) => e.activityTaskScheduledEventAttributes!);
    expect(scheduled.map((a) => a.priority?.priorityKey)).toEqual([1, 4]);
    expect(scheduled.map((e) => e.activityType?.name)).toEqual(['core.noop', 'core.noop']);
  });
});
