import { ActivityFailure, ApplicationFailure, TimeoutFailure, WorkflowFailedError } from '@temporalio/client';
import { finalState, publishAndStart } from '../harness/run-helpers';
import { useStackAndServer } from '../harness/use-stack-and-server';

describe('retries, timeouts and failures', () => {
  const env = useStackAndServer();

  it('retries a node that fails twice, then succeeds on the third attempt', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'flaky',
      nodes: [
        {
          id: 'call',
          type: 'task',
          component: 'http.request',
          inputs: { url: `${env.server.url}/fail-then-ok/flaky-call/2` },
          retry: { maximumAttempts: 5, initialInterval: '100ms', backoffCoefficient: 1 },
        },
      ],
    });
    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.call).toMatchObject({ status: 'SUCCEEDED', attempt: 3, output: { status: 200, body: { attempt: 3 } } });
    expect(env.server.hits.get('flaky-call')).toBe(3);
  });

  it('fails the run with a clear error when a node times out, with the whole failure chain', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'slow',
      nodes: [
        { id: 'first', type: 'task', component: 'core.noop' },
        {
          id: 'slow',
          type: 'task',
          component: 'core.delay',
          inputs: { duration: '5s' },
          timeout: '500ms',
          retry: { maximumAttempts: 1 },
        },
        { id: 'after', type: 'task', component: 'core.noop' },
      ],
      edges: [
        { from: 'first', to: 'slow' },
        { from: 'slow', to: 'after' },
      ],
    });
    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('FAILED');
    expect(state.error).toMatchObject({
      message: 'node "slow" failed: activity timed out (START_TO_CLOSE)',
      type: 'NodeFailed',
    });
    expect(state.nodes.slow).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: { message: 'activity timed out (START_TO_CLOSE)', type: 'Timeout' },
    });
    expect(state.nodes.after.status).toBe('CANCELLED');
    expect(state.progress).toEqual([3, 3]);

    const failure = await env.stack.client.workflow.getHandle(runId).result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const nodeFailed = (failure as WorkflowFailedError).cause;
    expect(nodeFailed).toBeInstanceOf(ApplicationFailure);
    expect(nodeFailed).toMatchObject({ type: 'NodeFailed', nonRetryable: true, message: state.error!.message });
    const activity = nodeFailed!.cause as ActivityFailure;
    expect(activity).toBeInstanceOf(ActivityFailure);
    expect(activity).toMatchObject({ activityType: 'core.delay' });
    expect(activity.cause).toBeInstanceOf(TimeoutFailure);
    expect(activity.cause).toMatchObject({ timeoutType: 'START_TO_CLOSE' });
  });

  it('does not retry a 4xx answer and cancels the nodes still running', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'bad-call',
      nodes: [
        { id: 'long', type: 'task', component: 'core.delay', inputs: { duration: '20s' } },
        { id: 'call', type: 'task', component: 'http.request', inputs: { url: `${env.server.url}/status/404` } },
        { id: 'join', type: 'task', component: 'core.noop' },
      ],
      edges: [
        { from: 'long', to: 'join' },
        { from: 'call', to: 'join' },
      ],
    });
    const state = await finalState(env.stack, runId, 10_000);
    expect(state.status).toBe('FAILED');
    expect(state.nodes.call).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: { type: 'HttpStatusError', nonRetryable: true, message: `GET ${env.server.url}/status/404 answered 404 Not Found` },
    });
    expect(state.nodes.long.status).toBe('CANCELLED');
    expect(state.nodes.join.status).toBe('CANCELLED');
  });

  it('retries 5xx answers until the attempts run out and reports the last attempt', async () => {
    const { runId } = await publishAndStart(env.stack, {
      id: 'down',
      nodes: [
        {
          id: 'call',
          type: 'task',
          component: 'http.request',
          inputs: { url: `${env.server.url}/status/503` },
          retry: { maximumAttempts: 3, initialInterval: '50ms' },
        },
      ],
    });
    const state = await finalState(env.stack, runId);
    expect(state.status).toBe('FAILED');
    expect(state.nodes.call).toMatchObject({ status: 'FAILED', attempt: 3, error: { type: 'HttpStatusError' } });
    expect(state.nodes.call.error?.nonRetryable).toBeUndefined();
  });
});
