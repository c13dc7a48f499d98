// `npm run bench:prod`: the same Weft worker against the dev server (one process, SQLite in memory, one history
// shard) and against the production stack's Temporal (its own server binary on PostgreSQL, 4 history shards,
// compose's config). Measures the time per step of a sequential chain and the runs per second of many short runs at
// once; docs/scaling.md quotes the result. Both servers run side by side on this machine, measured one after the other.
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { compilePlan, toWirePlan, type FlowDefinition } from '@weft/dsl';
import { FLOW_RUN_WORKFLOW, workflowsPath, type FlowRunInput } from '@weft/interpreter';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { createWeftWorker } from '../apps/worker/src/create-worker';
import { startProdTemporal } from '../test/harness/prod-temporal';
import { chain } from './flows';

const CHAIN_STEPS = 20;
const CHAIN_RUNS = 5;
const BURST_RUNS = Number(process.env.BENCH_PROD_RUNS ?? 200);
const BURST_STEPS = 5;
const CONCURRENCY = 50;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Figures {
  stepMs: number;
  runsPerSecond: number;
  burstSeconds: number;
}

async function measure(address: string, bundle: { code: string }): Promise<Figures> {
  const taskQueue = `bench-prod-${randomUUID()}`;
  const native = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const worker = await createWeftWorker({
    connection: native,
    namespace: 'default',
    taskQueue,
    workflowBundle: bundle,
  });
  const run = async (flow: FlowDefinition) => {
    const input: FlowRunInput = { plan: toWirePlan(compilePlan(flow, 1)), inputs: {} };
    const handle = await client.workflow.start(FLOW_RUN_WORKFLOW, {
      workflowId: `bench-prod-${randomUUID()}`,
      taskQueue,
      args: [input],
    });
    await handle.result();
  };
  try {
    return await worker.runUntil(async () => {
      await run(chain(3, false)); // warm-up: caches, connections, the workflow bundle
      const chainMs: number[] = [];
      for (let i = 0; i < CHAIN_RUNS; i++) {
        const started = performance.now();
        await run(chain(CHAIN_STEPS, false));
        chainMs.push(performance.now() - started);
      }
      const queue = Array.from({ length: BURST_RUNS }, () => chain(BURST_STEPS, false));
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let flow = queue.shift(); flow; flow = queue.shift()) await run(flow);
        }),
      );
      const burstSeconds = (performance.now() - started) / 1000;
      return { stepMs: median(chainMs) / CHAIN_STEPS, runsPerSecond: BURST_RUNS / burstSeconds, burstSeconds };
    });
  } finally {
    await connection.close();
    await native.close();
  }
}

async function main() {
  const { startDevServer } = await import('../temporal/dev-server.mjs');
  const { ensureTemporalServer } = await import('../temporal/ensure-temporal-server.mjs');
  const { ensureTemporal } = await import('../temporal/ensure-temporal.mjs');
  const { freePort } = await import('../test/harness/free-port.js');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  const say = (line: string) => process.stderr.write(`[bench:prod] ${line}\n`);

  const dev = await startDevServer({ port: await freePort(), namespace: 'default' });
  const [binaries, cliBin] = await Promise.all([ensureTemporalServer(), ensureTemporal()]);
  const prod = await startProdTemporal({ binaries, cliBin, dynamicConfig: {} });
  const results: Record<string, Figures> = {};
  try {
    const load = loadavg()[0].toFixed(1);
    say(`load average before: ${load}`);
    results.dev = await measure(dev.address, bundle);
    say(`dev server: ${JSON.stringify(results.dev)}`);
    results.prod = await measure(prod.address, bundle);
    say(`production stack: ${JSON.stringify(results.prod)}`);
    say(`load average after: ${loadavg()[0].toFixed(1)}`);
  } finally {
    await dev.stop();
    await prod.stop();
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const row = (name: string, f: Figures) =>
    `| ${name} | ${f.stepMs.toFixed(1)} ms | ${f.runsPerSecond.toFixed(1)} runs/s (${BURST_RUNS} × ${BURST_STEPS} steps in ${f.burstSeconds.toFixed(1)} s) |`;
  process.stdout.write(
    [
      `Machine: ${machine}`,
      '',
      `| Temporal | per step (chain of ${CHAIN_STEPS}, median of ${CHAIN_RUNS}) | throughput (${CONCURRENCY} at a time) |`,
      '| --- | --- | --- |',
      row('dev server (SQLite in memory, 1 shard)', results.dev),
      row('production stack (PostgreSQL, 4 shards)', results.prod),
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
