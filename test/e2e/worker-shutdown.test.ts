import { NativeConnection } from '@temporalio/worker';
import { compilePlan } from '@weft/dsl';
import { FLOW_RUN_WORKFLOW, stateQuery, type FlowRunInput } from '@weft/interpreter';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createWeftWorker } from '../../apps/worker/src/create-worker';
import { startTestStack, workflowBundle, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const root = join(__dirname, '..', '..');

/** The real worker app in its own process, as `npm run worker` starts it. */
function spawnWorker(taskQueue: string): { child: ChildProcess; ready: Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    cwd: root,
    env: { ...process.env, WEFT_TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker polling task queue')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}):\n${output}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, ready, exit };
}

describe('the worker process', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  it('finishes the running activity on SIGTERM, exits 0, and the run completes on another worker', async () => {
    const taskQueue = `weft-shutdown-${randomUUID()}`;
    const worker = spawnWorker(taskQueue);
    await worker.ready;

    const plan = compilePlan(
      {
        id: 'drain',
        nodes: [
          { id: 'wait', type: 'task', component: 'core.delay', inputs: { duration: '3s' } },
          { id: 'after', type: 'task', component: 'core.noop', inputs: { done: true } },
        ],
        edges: [{ from: 'wait', to: 'after' }],
      },
      1,
    );
    const input: FlowRunInput = { plan, inputs: {} };
    const handle = await stack.client.workflow.start(FLOW_RUN_WORKFLOW, {
      workflowId: `drain-${randomUUID()}`,
      taskQueue,
      args: [input],
    });
    await waitFor(() => handle.query(stateQuery), (s) => s.nodes.wait.status === 'RUNNING', { what: 'wait to start' });

    worker.child.kill('SIGTERM');
    expect(await worker.exit).toBe(0);

    const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const replacement = await createWeftWorker({
        connection,
        namespace: 'default',
        taskQueue,
        workflowBundle: await workflowBundle(),
      });
      const output = await replacement.runUntil(handle.result());
      expect(output).toEqual({ wait: { waitedMs: 3000 }, after: { done: true } });
      const history = await handle.fetchHistory();
      const activityStarts = history.events!.filter((e) => e.activityTaskStartedEventAttributes);
      expect(activityStarts.map((e) => e.activityTaskStartedEventAttributes!.attempt)).toEqual([1, 1]);
    } finally {
      await connection.close();
    }
  });
});
