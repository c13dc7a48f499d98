import { WorkflowUpdateFailedError } from '@temporalio/client';
import { approveUpdate, rejectUpdate, resumeNodeUpdate, setBreakpointUpdate } from '@weft/interpreter';
import { finalState, nodeReaches, publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';

describe('approvals and subflows', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  const approvalFlow = (timeout?: Record<string, unknown>) => ({
    id: 'approval',
    nodes: [
      {
        id: 'review',
        type: 'approval',
        schema: { type: 'object', properties: { amount: { type: 'number', maximum: 1000 } }, required: ['amount'] },
        ...timeout,
      },
      { id: 'pay', type: 'task', component: 'core.noop', inputs: { amount: '${nodes.review.output.payload.amount}' } },
      { id: 'refuse', type: 'task', component: 'core.noop', inputs: { by: '${nodes.review.output.by}' } },
    ],
    edges: [
      { from: 'review', to: 'pay', when: "nodes.review.output.decision = 'approved'" },
      { from: 'review', to: 'refuse', when: "nodes.review.output.decision = 'rejected'" },
    ],
  });

  it('refuses a payload its schema rejects, takes an approval with its payload, then refuses a second decision', async () => {
    const { runId } = await publishAndStart(stack, approvalFlow());
    await nodeReaches(stack, runId, 'review', 'WAITING');
    const handle = stack.client.workflow.getHandle(runId);
    const refused = await handle
      .executeUpdate(approveUpdate, { args: [{ nodeId: 'review', payload: { amount: 5000 } }] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toBe(
      'invalid payload: $.payload.amount must be <= 1000',
    );
    const wrongNode = await handle
      .executeUpdate(approveUpdate, { args: [{ nodeId: 'pay', payload: {} }] })
      .catch((e: unknown) => e);
    expect((wrongNode as WorkflowUpdateFailedError).cause?.message).toBe('"pay" is not an approval node');

    // The approve update answers as soon as the decision is recorded; `pay` then runs and the run ends, possibly
    // before a second update reaches it (which then fails as "workflow execution already completed", not as a
    // refused decision). A breakpoint on `pay` keeps the run open until the second decision has been refused.
    await handle.executeUpdate(setBreakpointUpdate, { args: [{ nodeId: 'pay' }] });
    await handle.executeUpdate(approveUpdate, {
      args: [{ nodeId: 'review', payload: { amount: 250 }, by: 'ada', comment: 'fine' }],
    });
    const decided = await nodeReaches(stack, runId, 'pay', 'PAUSED');
    expect(decided.nodes.review.status).toBe('SUCCEEDED');
    const again = await handle
      .executeUpdate(rejectUpdate, { args: [{ nodeId: 'review', payload: { amount: 1 } }] })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((again as WorkflowUpdateFailedError).cause?.message).toBe(
      'approval "review" is SUCCEEDED, not waiting for a decision',
    );
    await handle.executeUpdate(resumeNodeUpdate, { args: [{ nodeId: 'pay' }] });

    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.review.output).toMatchObject({
      decision: 'approved',
      payload: { amount: 250 },
      by: 'ada',
      comment: 'fine',
    });
    expect(state.nodes.pay).toMatchObject({ status: 'SUCCEEDED', output: { amount: 250 } });
    expect(state.nodes.refuse.status).toBe('SKIPPED');
    expect(state.operations?.map((o) => [o.op, o.nodeId])).toEqual([
      ['setBreakpoint', 'pay'],
      ['approve', 'review'],
      ['breakpoint', 'pay'],
      ['resumeNode', 'pay'],
    ]);
  });

  it('routes a rejection', async () => {
    const { runId } = await publishAndStart(stack, approvalFlow());
    await nodeReaches(stack, runId, 'review', 'WAITING');
    await stack.client.workflow
      .getHandle(runId)
      .executeUpdate(rejectUpdate, { args: [{ nodeId: 'review', payload: { amount: 1 }, by: 'bob' }] });
    const state = await finalState(stack, runId);
    expect(state.nodes.pay.status).toBe('SKIPPED');
    expect(state.nodes.refuse).toMatchObject({ status: 'SUCCEEDED', output: { by: 'bob' } });
  });

  it('applies the timeout outcome, or fails the run on timeout', async () => {
    const rejected = await finalState(
      stack,
      (await publishAndStart(stack, approvalFlow({ timeout: '1s', onTimeout: 'reject' }))).runId,
    );
    expect(rejected.status).toBe('SUCCEEDED');
    expect(rejected.nodes.review.output).toMatchObject({ decision: 'rejected', by: 'timeout' });
    expect(rejected.nodes.refuse.status).toBe('SUCCEEDED');

    const failed = await finalState(stack, (await publishAndStart(stack, approvalFlow({ timeout: '1s' }))).runId);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatchObject({
      type: 'ApprovalTimeout',
      message: 'approval "review" got no decision within 1000ms',
    });
  });

  it('runs a pinned version of another flow as a child run, with mapped inputs and outputs', async () => {
    const childId = `child-${Date.now()}`;
    await stack
      .http()
      .post('/flows')
      .send({
        id: childId,
        output: { doubled: '${inputs.n * 2}', version: 1 },
        nodes: [{ id: 'work', type: 'task', component: 'core.noop', inputs: { n: '${inputs.n}' } }],
      })
      .expect(201);
    const { runId } = await publishAndStart(
      stack,
      {
        id: 'parent',
        nodes: [
          {
            id: 'child',
            type: 'subflow',
            flow: childId,
            inputs: { n: '${inputs.n}' },
            outputs: { result: '${output.doubled}' },
          },
          { id: 'use', type: 'task', component: 'core.noop', inputs: { result: '${vars.result}' } },
        ],
        edges: [{ from: 'child', to: 'use' }],
      },
      { n: 21 },
    );
    // A newer child version published after the parent must not change the parent's runs.
    await stack
      .http()
      .post('/flows')
      .send({ id: childId, output: { version: 2 }, nodes: [{ id: 'work', type: 'task', component: 'core.noop' }] })
      .expect(201);

    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.child.output).toEqual({ doubled: 42, version: 1 });
    expect(state.nodes.use.output).toEqual({ result: 42 });
    expect(state.nodes.child.childRunIds).toEqual([`${runId}--child`]);
    const child = await stack.http().get(`/runs/${runId}--child`).expect(200);
    expect(child.body).toMatchObject({ status: 'SUCCEEDED', flowId: childId, version: 1, inputs: { n: 21 } });
  });

  it('fails the parent when the child run fails, with the child failure as the cause', async () => {
    const childId = `failing-child-${Date.now()}`;
    await stack
      .http()
      .post('/flows')
      .send({ id: childId, nodes: [{ id: 'stop', type: 'fail', message: 'child says no' }] })
      .expect(201);
    const { runId } = await publishAndStart(stack, {
      id: 'parent-fails',
      nodes: [{ id: 'child', type: 'subflow', flow: childId }],
    });
    const state = await finalState(stack, runId);
    expect(state.status).toBe('FAILED');
    expect(state.nodes.child.error).toMatchObject({ message: 'child says no', type: 'FlowFailed', nonRetryable: true });
    expect(state.nodes.child.childRunIds).toEqual([`${runId}--child`]);
    expect(state.error?.message).toBe('node "child" failed: child says no');
  });
});
