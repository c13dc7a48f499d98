import { Client, Connection } from '@temporalio/client';
import { compilePlan } from '@weft/dsl';
import { FLOW_RUN_WORKFLOW, type FlowRunInput } from '@weft/interpreter';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kill9, spawnManaged, waitForLog, type Managed } from '../chaos/processes';
import { freePort } from '../harness/free-port';
import { sampleValue } from '../harness/prometheus';
import { waitFor } from '../harness/wait-for';

const root = join(__dirname, '..', '..');

/** The worker app as `npm run worker` starts it: its metrics port, its JSON log. */
describe('the worker process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-worker-process-'));
  const taskQueue = `weft-worker-process-${randomUUID()}`;
  let port: number;
  let worker: Managed;
  let client: Client;
  const spawnWorker = (name: string) =>
    spawnManaged(name, process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      cwd: root,
      env: { ...process.env, WEFT_TASK_QUEUE: taskQueue, WEFT_WORKER_METRICS_PORT: String(port) },
      log: join(dir, `${name}.log`),
    });

  beforeAll(async () => {
    port = await freePort();
    worker = spawnWorker('worker');
    client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }) });
    await waitForLog(worker, 'worker polling task queue', { timeoutMs: 90_000 });
  }, 120_000);

  afterAll(async () => {
    if (worker) await kill9(worker);
    await client?.connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the SDK's metrics and counts each flow run's end on its port", async () => {
    const flowId = `worker-metrics-${randomUUID()}`;
    const input: FlowRunInput = {
      plan: compilePlan({ id: flowId, nodes: [{ id: 'a', type: 'task', component: 'core.noop', inputs: {} }] }, 1),
      inputs: {},
    };
    await client.workflow.execute(FLOW_RUN_WORKFLOW, { workflowId: `${flowId}-run`, taskQueue, args: [input] });

    const text = await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
      (t) => sampleValue(t, 'weft_runs_ended_total', { flow_id: flowId }) !== undefined,
      { what: 'the run end on the worker metrics port' },
    );
    expect(sampleValue(text, 'weft_runs_ended_total', { flow_id: flowId, status: 'SUCCEEDED' })).toBe(1);
    expect(sampleValue(text, 'temporal_workflow_completed', { task_queue: taskQueue })).toBe(1);
    expect(sampleValue(text, 'temporal_worker_task_slots_available', { task_queue: taskQueue })).toBeGreaterThan(0);
  });

  it('logs one JSON object a line', () => {
    const lines = readFileSync(worker.log!, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(2);
    const entries = lines.map((line) => JSON.parse(line) as { level: string; message: string });
    expect(entries.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining(`worker polling task queue "${taskQueue}"`)]),
    );
  });

  it('stops with the setting to change when its metrics port is taken', async () => {
    const second = spawnWorker('second');
    const exit = await second.exited;
    expect(exit.code).toBe(1);
    expect(readFileSync(second.log!, 'utf8')).toContain(
      `WEFT_WORKER_METRICS_PORT: cannot serve metrics on 0.0.0.0:${port}: Failed to start prometheus metrics exporter`,
    );
  });
});
