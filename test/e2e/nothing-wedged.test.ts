import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { LIMITS } from '@weft/dsl';
import { FINAL_STATE_MEMO, FLOW_RUN_WORKFLOW, skipNodeSignal, type RunState } from '@weft/interpreter';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { finalState, publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/**
 * Nothing a user sends wedges a run or takes a worker down: every error ends the run FAILED with a typed error
 * that names the expression and its JSON path, no workflow task ever fails, and the worker serves the next run.
 */
describe('runs under bad expressions, oversized values and hostile messages', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  /** Workflow task failures are what Temporal retries forever: a run that has one is wedged. */
  const workflowTaskFailures = async (workflowId: string) => {
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
  };

  const failedRun = async (definition: { id: string; [key: string]: unknown }, inputs = {}) => {
    const { runId } = await publishAndStart(stack, definition, inputs);
    const state = await finalState(stack, runId);
    expect(state.status).toBe('FAILED');
    expect(await workflowTaskFailures(runId)).toBe(0);
    return { runId, state };
  };

  /** The worker is still up and serving: a plain run succeeds. */
  const workerServes = async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'canary',
      nodes: [{ id: 'a', type: 'task', component: 'core.noop', inputs: { ok: true } }],
    });
    expect((await finalState(stack, runId)).status).toBe('SUCCEEDED');
  };

  it('a recursion bomb in a task input fails the node with its path, and the worker serves the next run', async () => {
    const bomb = '${($f := function($x){$f($x)}; $f(1))}';
    const { state } = await failedRun({
      id: 'bomb',
      nodes: [{ id: 'boom', type: 'task', component: 'core.noop', inputs: { v: bomb } }],
    });
    expect(state.nodes.boom.status).toBe('FAILED');
    expect(state.nodes.boom.error).toMatchObject({ type: 'ExpressionLimitExceeded' });
    expect(state.nodes.boom.error!.message).toContain('at $.nodes[0].inputs.v exceeded');
    expect(state.error).toMatchObject({ type: 'NodeFailed', cause: { type: 'ExpressionLimitExceeded' } });
    await workerServes();
  });

  it.each([
    ['a huge range', '${$sum([1..10000000])}'],
    ['a giant string', "${$pad('', 100000000)}"],
    ['deep non-tail recursion', '${($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))}'],
  ])('%s fails its node under the expression budget', async (_what, expression) => {
    const { state } = await failedRun({
      id: 'budget',
      nodes: [{ id: 'x', type: 'task', component: 'core.noop', inputs: { v: expression } }],
    });
    expect(state.nodes.x.error).toMatchObject({ type: 'ExpressionLimitExceeded' });
    expect(state.nodes.x.error!.message).toContain('$.nodes[0].inputs.v');
    await workerServes();
  });

  it('an expression failing in the variables fails the run with its path, not the workflow task', async () => {
    const { runId, state } = await failedRun({
      id: 'bad-vars',
      variables: { ok: 1, broken: '${$error("no variables today")}' },
      nodes: [{ id: 'a', type: 'task', component: 'core.noop' }],
    });
    expect(state.error).toEqual({
      type: 'ExpressionError',
      message:
        'expression "$error("no variables today")" at $.variables.broken failed: no variables today (at character 7)',
    });
    expect(state.nodes.a.status).toBe('CANCELLED');
    const failure = await stack.client.workflow
      .getHandle(runId)
      .result()
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect((failure as WorkflowFailedError).cause).toMatchObject({ type: 'ExpressionError', nonRetryable: true });
  });

  it('an expression failing in the flow output fails the run after its nodes succeeded', async () => {
    const { state } = await failedRun({
      id: 'bad-output',
      output: { total: '${$error("no output")}' },
      nodes: [{ id: 'a', type: 'task', component: 'core.noop', inputs: { n: 1 } }],
    });
    expect(state.nodes.a.status).toBe('SUCCEEDED');
    expect(state.error).toEqual({
      type: 'ExpressionError',
      message: 'expression "$error("no output")" at $.output.total failed: no output (at character 7)',
    });
  });

  it("an expression failing in a loop's while fails the loop node and the run", async () => {
    const { runId, state } = await failedRun({
      id: 'bad-while',
      nodes: [
        {
          id: 'repeat',
          type: 'loop',
          maxIterations: 5,
          while: '$error("cannot decide")',
          body: { nodes: [{ id: 'work', type: 'task', component: 'core.noop' }] },
        },
      ],
    });
    expect(state.nodes.repeat.status).toBe('FAILED');
    expect(state.nodes.repeat.error).toMatchObject({
      type: 'ExpressionError',
      message: 'expression "$error("cannot decide")" at $.nodes[0].while failed: cannot decide (at character 7)',
    });
    expect(await workflowTaskFailures(`${runId}--repeat`)).toBe(0);
    // The loop run closed with its own final state and FlowStatus.
    const loop = await stack.client.workflow.getHandle(`${runId}--repeat`).describe();
    expect(loop.status.name).toBe('FAILED');
    expect((loop.memo?.[FINAL_STATE_MEMO] as RunState).status).toBe('FAILED');
    expect(loop.searchAttributes.FlowStatus).toEqual(['FAILED']);
  });

  it('a node output over its budget fails the node with OutputTooLarge, without retries', async () => {
    // Outputs over 16 MiB travel as value references (docs/claim-check.md), up to LIMITS.maxReferencedOutputBytes.
    const { state } = await failedRun({
      id: 'big-output',
      nodes: [
        {
          id: 'big',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: `return 'x'.repeat(${LIMITS.maxReferencedOutputBytes});`, memoryMb: 1536, timeoutMs: 60_000 },
        },
      ],
    });
    expect(state.nodes.big.error).toMatchObject({ type: 'OutputTooLarge', nonRetryable: true });
    expect(state.nodes.big.error!.message).toBe(
      `code.javascript: output is ${LIMITS.maxReferencedOutputBytes + 2} bytes; the limit is ${LIMITS.maxReferencedOutputBytes}`,
    );
    expect(state.nodes.big.attempt).toBe(1);
  });

  it('variables over their budget fail the node that set them', async () => {
    const chunk = "${$pad('', 200000, 'v')}";
    const { state } = await failedRun({
      id: 'big-vars',
      nodes: [{ id: 'grow', type: 'set', assign: { a: chunk, b: chunk, c: chunk } }],
    });
    expect(state.nodes.grow.error).toMatchObject({ type: 'VariablesTooLarge' });
    expect(state.nodes.grow.error!.message).toMatch(
      /^\$\.nodes\[0\]\.assign: the run's variables would be 600\d+ bytes; the limit is 524288$/,
    );
  });

  it('an endless HTTP response body is cut at maxResponseBytes, not read into the worker', async () => {
    let bytesSent = 0;
    let hungUp = false;
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      // Bounded: at most 256 MB, far more than any limit, and it stops as soon as the client hangs up.
      const pump = () => {
        while (!hungUp && bytesSent < 256 * 1024 * 1024) {
          bytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (hungUp = true));
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/endless`;
      const { state } = await failedRun({
        id: 'endless',
        nodes: [{ id: 'get', type: 'task', component: 'http.request', inputs: { url } }],
      });
      expect(state.nodes.get.error).toMatchObject({
        type: 'HttpResponseTooLarge',
        message: 'response is larger than maxResponseBytes (200000)',
      });
      expect(state.nodes.get.attempt).toBe(1);
      expect(hungUp).toBe(true);
      expect(bytesSent).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('run inputs over their budget are refused at start with a 400 at $.inputs', async () => {
    const flowId = `big-inputs-${Date.now()}`;
    await stack
      .http()
      .post('/flows')
      .send({ id: flowId, nodes: [{ id: 'a', type: 'task', component: 'core.noop' }] })
      .expect(201);
    const res = await stack
      .http()
      .post(`/flows/${flowId}/runs`)
      .send({ inputs: { blob: 'x'.repeat(300_000) } })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 400,
      errors: [{ path: '$.inputs', message: 'inputs are 300011 bytes of JSON; the limit is 262144' }],
    });
  });

  /** The 1 ms timers the walk started to let a long stretch of in-workflow work end its workflow task. */
  const yieldTimers = async (workflowId: string) => {
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).filter((e) => e.timerStartedEventAttributes && e.userMetadata?.summary).length;
  };

  it('a chain of thousands of in-workflow nodes yields to the server instead of overrunning its workflow task', async () => {
    const nodes = Array.from({ length: 1500 }, (_, i) => ({
      id: `s${i}`,
      type: 'set',
      assign: { n: '${vars.n + 1}' },
    }));
    const edges = nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id }));
    const { runId } = await publishAndStart(stack, { id: 'long-pure-chain', variables: { n: 0 }, nodes, edges });
    const state = await finalState(stack, runId, 120_000);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.vars.n).toBe(1500);
    expect(await workflowTaskFailures(runId)).toBe(0);
    expect(await yieldTimers(runId)).toBeGreaterThanOrEqual(1);
  }, 150_000);

  it('a loop whose body never leaves the workflow runs its thousands of iterations across workflow tasks', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'pure-loop',
      variables: { i: 0 },
      nodes: [
        {
          id: 'count',
          type: 'loop',
          maxIterations: 2500,
          while: 'vars.i < 2500',
          body: { nodes: [{ id: 'inc', type: 'set', assign: { i: '${vars.i + 1}' } }] },
        },
      ],
    });
    const state = await finalState(stack, runId, 120_000);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.count.output).toMatchObject({ iterations: 2500 });
    expect(await workflowTaskFailures(`${runId}--count`)).toBe(0);
    expect(await yieldTimers(`${runId}--count`)).toBeGreaterThanOrEqual(2);
  }, 150_000);

  /** A self-applying lambda: it recurses until the step limit stops it. */
  const RUNAWAY = '${(function($f){ $f($f) })(function($f){ $f($f) })}';

  it('a long expression is evaluated across workflow tasks, pausing every 2,000 steps', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'long-expression',
      variables: { total: 0 },
      nodes: [{ id: 'sum', type: 'set', assign: { total: '${$reduce([1..1500], function($a, $b){ $a + $b })}' } }],
    });
    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.vars.total).toBe((1500 * 1501) / 2);
    expect(await workflowTaskFailures(runId)).toBe(0);
    expect(await yieldTimers(runId)).toBeGreaterThanOrEqual(2);
  });

  it('a run cancelled while a long expression pauses ends CANCELLED, not failed by the expression', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'cancel-in-expression',
      variables: { v: 0 },
      nodes: [{ id: 'S', type: 'set', assign: { v: RUNAWAY } }],
    });
    await waitFor(
      () => yieldTimers(runId),
      (timers) => timers >= 1,
      { what: 'the evaluation to pause' },
    );
    await stack.http().post(`/runs/${runId}/cancel`).send({ by: 'ada', reason: 'enough' }).expect(202);
    const state = await finalState(stack, runId);
    expect(state.status).toBe('CANCELLED');
    expect(state.nodes.S.error).toBeUndefined();
    expect(await workflowTaskFailures(runId)).toBe(0);
  });

  it('six runaway expressions started together all fail at the step limit, none of their workflow tasks timing out', async () => {
    // A worker thread answers the workflow tasks queued on it together: six whole runaway evaluations in one task
    // each (1.8 s here) all passed Temporal's 10 s for a task, and so did every retry.
    const { flowId, runId: first } = await publishAndStart(stack, {
      id: 'runaway',
      variables: { v: 0 },
      nodes: [{ id: 'S', type: 'set', assign: { v: RUNAWAY } }],
    });
    const start = async () =>
      (await stack.http().post(`/flows/${flowId}/runs`).send({ inputs: {} }).expect(201)).body.runId as string;
    const runIds = [first, ...(await Promise.all(Array.from({ length: 5 }, start)))];
    for (const runId of runIds) {
      const state = await finalState(stack, runId, 60_000);
      expect(state.nodes.S.error).toMatchObject({ type: 'ExpressionLimitExceeded' });
      const history = await stack.client.workflow.getHandle(runId).fetchHistory();
      const timedOut = (history.events ?? []).filter((e) => e.workflowTaskTimedOutEventAttributes);
      expect({ runId, timedOut: timedOut.length, failed: await workflowTaskFailures(runId) }).toEqual({
        runId,
        timedOut: 0,
        failed: 0,
      });
    }
    await workerServes();
  }, 90_000);

  it('subflows in concurrent foreach items and in loop iterations run as children of their own', async () => {
    const child = {
      id: 'doubler',
      output: { doubled: '${inputs.n * 2}' },
      nodes: [{ id: 'w', type: 'task', component: 'core.noop' }],
    };
    await stack.http().post('/flows').send(child);
    const { runId } = await publishAndStart(stack, {
      id: 'children',
      nodes: [
        {
          id: 'each',
          type: 'foreach',
          items: '${[1, 2, 3, 4]}',
          concurrency: 4,
          body: { nodes: [{ id: 'call', type: 'subflow', flow: 'doubler', inputs: { n: '${item}' } }] },
        },
        {
          id: 'repeat',
          type: 'loop',
          maxIterations: 2,
          body: { nodes: [{ id: 'call', type: 'subflow', flow: 'doubler', inputs: { n: '${iteration}' } }] },
        },
      ],
      edges: [{ from: 'each', to: 'repeat' }],
    });
    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect((state.nodes.each.output as { outputs: unknown[] }).outputs).toEqual(
      [2, 4, 6, 8].map((doubled) => ({ call: { doubled } })),
    );
    for (let item = 0; item < 4; item++) {
      const described = await stack.client.workflow.getHandle(`${runId}--each--item-${item}--call`).describe();
      expect(described.status.name).toBe('COMPLETED');
    }
    const loop = (await stack.http().get(`/runs/${runId}--repeat`).expect(200)).body as RunState;
    expect(loop.nodes.call.childRunIds).toEqual([`${runId}--repeat--iteration-1--call`]);
    await expect(stack.client.workflow.getHandle(`${runId}--repeat--iteration-0--call`).result()).resolves.toEqual({
      doubled: 0,
    });
  });

  it('drops a hostile signal (an inherited property as node id) and the run goes on', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'hostile-signal',
      nodes: [
        { id: 'hold', type: 'wait', duration: '300ms' },
        { id: 'after', type: 'task', component: 'core.noop' },
      ],
      edges: [{ from: 'hold', to: 'after' }],
    });
    const handle = stack.client.workflow.getHandle(runId);
    for (const nodeId of ['__proto__', 'constructor', 'toString'])
      await handle.signal(skipNodeSignal, { nodeId, output: 1 });
    await handle.signal('skipNode', 'not an object' as never);
    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.operations ?? []).toEqual([]);
    expect(await workflowTaskFailures(runId)).toBe(0);
  });

  it.each([
    ['a malformed plan', { flowId: 'x', version: 1, nodes: 'not a list', edges: [] }],
    [
      'a wire plan without its shared values',
      { wire: 1, flowId: 'x', version: 1, nodes: [{ id: 'a', kind: 'task' }], edges: [] },
    ],
    ['a wire plan whose edges are not a list', { wire: 1, flowId: 'x', version: 1, shared: {}, nodes: [], edges: 7 }],
  ])('a run started straight through Temporal with %s fails with InterpreterError', async (_, plan) => {
    const workflowId = `malformed-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const handle = await stack.client.workflow.start(FLOW_RUN_WORKFLOW, {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [{ plan, inputs: {} }],
    });
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toMatchObject({ type: 'InterpreterError', nonRetryable: true });
    expect(await workflowTaskFailures(workflowId)).toBe(0);
  });
});
