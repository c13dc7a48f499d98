// `npm run bench`: the interpreter against hand-written workflows doing the same activities, on a real
// Temporal dev server started here. Prints medians and ratios; BENCH_WRITE=1 also writes bench/RESULTS.md.
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { compilePlan, type FlowDefinition } from '@weft/dsl';
import { FLOW_RUN_WORKFLOW, type FlowRunInput } from '@weft/interpreter';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createWeftWorker } from '../apps/worker/src/create-worker';
import { apiScenarios } from './api-throughput';
import { consoleScenarios } from './console-load';
import { chain, chainWithPureNodes, diamond10, fanOut, loop } from './flows';

const TASK_QUEUE = 'bench';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Row {
  scenario: string;
  interpreter: string;
  baseline: string;
  ratio: number;
  target?: string;
  events?: string;
}

async function main() {
  const { startDevServer } = await import('../temporal/dev-server.mjs');
  const { freePort } = await import('../test/harness/free-port.js');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const server = await startDevServer({ port: await freePort(), namespace: 'default' });
  const native = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: new DefaultLogger('WARN') });
  const worker = await createWeftWorker({ connection: native, namespace: 'default', taskQueue: TASK_QUEUE, workflowBundle: bundle });

  const runFlow = async (flow: FlowDefinition) => {
    const input: FlowRunInput = { plan: compilePlan(flow, 1), inputs: {} };
    const handle = await client.workflow.start(FLOW_RUN_WORKFLOW, { workflowId: `bench-${randomUUID()}`, taskQueue: TASK_QUEUE, args: [input] });
    await handle.result();
    return handle;
  };
  const runBaseline = async (type: string, args: unknown[]) => {
    const handle = await client.workflow.start(type, { workflowId: `base-${randomUUID()}`, taskQueue: TASK_QUEUE, args });
    await handle.result();
    return handle;
  };
  const timed = async (fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  const eventCount = async (handle: { fetchHistory(): Promise<{ events?: unknown[] | null }> }) =>
    (await handle.fetchHistory()).events?.length ?? 0;

  const rows: Row[] = [];
  const only = process.env.BENCH_ONLY;
  const selected = (scenario: string) => !only || scenario.includes(only);
  async function latency(scenario: string, samples: number, flow: FlowDefinition, baseType: string, baseArgs: unknown[], target?: number) {
    if (!selected(scenario)) return;
    await runFlow(flow);
    await runBaseline(baseType, baseArgs);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < samples; i++) {
      ours.push(await timed(() => runFlow(flow)));
      theirs.push(await timed(() => runBaseline(baseType, baseArgs)));
    }
    const events = `${await eventCount(await runFlow(flow))} / ${await eventCount(await runBaseline(baseType, baseArgs))}`;
    const ratio = median(ours) / median(theirs);
    rows.push({
      scenario,
      interpreter: `${median(ours).toFixed(0)} ms`,
      baseline: `${median(theirs).toFixed(0)} ms`,
      ratio,
      target: target ? `≤ ${target.toFixed(2)} ${ratio <= target ? 'met' : 'MISSED'}` : undefined,
      events,
    });
    console.log(`${scenario}: interpreter ${median(ours).toFixed(0)} ms, baseline ${median(theirs).toFixed(0)} ms, ratio ${ratio.toFixed(3)}`);
  }

  async function throughput(scenario: string, runs: number, samples: number) {
    if (!selected(scenario)) return;
    const flow = diamond10();
    const rate = async (start: () => Promise<unknown>) => (runs / (await timed(() => Promise.all(Array.from({ length: runs }, start))))) * 1000;
    await rate(() => runFlow(flow));
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < samples; i++) {
      ours.push(await rate(() => runFlow(flow)));
      theirs.push(await rate(() => runBaseline('baselineDiamond10', [])));
    }
    const ratio = median(theirs) / median(ours);
    rows.push({ scenario, interpreter: `${median(ours).toFixed(1)} runs/s`, baseline: `${median(theirs).toFixed(1)} runs/s`, ratio });
    console.log(`${scenario}: interpreter ${median(ours).toFixed(1)} runs/s, baseline ${median(theirs).toFixed(1)} runs/s`);
  }

  /** Events of every run under a workflow id (continue-as-new makes several), once visibility has them all closed. */
  async function eventsOf(workflowId: string): Promise<{ runs: number; events: number }> {
    for (let tries = 0; tries < 100; tries++) {
      const runs = [];
      for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
      if (runs.length && runs.every((r) => r.status.name !== 'RUNNING')) {
        return { runs: runs.length, events: runs.reduce((sum, r) => sum + (r.historyLength ?? 0), 0) };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`runs of ${workflowId} never all closed in visibility`);
  }

  async function longLoop(scenario: string, iterations: number) {
    if (!selected(scenario)) return;
    let handle: { workflowId: string } | undefined;
    const ours = await timed(async () => (handle = await runFlow(loop(iterations))));
    const child = await eventsOf(`${handle!.workflowId}--many`);
    const parent = await eventsOf(handle!.workflowId);
    const baseId = `base-loop-${randomUUID()}`;
    const theirs = await timed(async () => {
      const h = await client.workflow.start('baselineLoop', { workflowId: baseId, taskQueue: TASK_QUEUE, args: [iterations, 0] });
      await h.result();
    });
    const base = await eventsOf(baseId);
    const perIteration = (n: number) => (n / iterations).toFixed(3);
    rows.push({
      scenario,
      interpreter: `${(ours / 1000).toFixed(1)} s`,
      baseline: `${(theirs / 1000).toFixed(1)} s`,
      ratio: ours / theirs,
      events: `${perIteration(child.events + parent.events)} / ${perIteration(base.events)} per iteration (${child.runs} / ${base.runs} runs)`,
    });
    console.log(`${scenario}: interpreter ${ours.toFixed(0)} ms in ${child.runs} runs, baseline ${theirs.toFixed(0)} ms in ${base.runs} runs`);
  }

  try {
    await worker.runUntil(async () => {
      await latency('chain of 100 tasks (activities)', 5, chain(100, false), 'baselineChain', [100, false], 1.05);
      await latency('chain of 100 tasks (local: true)', 9, chain(100, true), 'baselineChain', [100, true], 1.05);
      await latency('1,000-way fan-out + join', 3, fanOut(1000), 'baselineFanOut', [1000], 1.1);
      await latency('chain of 20 tasks with 40 pure nodes between them', 5, chainWithPureNodes(20), 'baselineChain', [21, false]);
      await throughput('200 concurrent 10-node diamonds (time ratio)', 200, 3);
      await longLoop('10,000-iteration loop (local task body)', 10_000);
      rows.push(...(await apiScenarios({ address: server.address, taskQueue: TASK_QUEUE, client, selected })));
      rows.push(...(await consoleScenarios({ address: server.address, taskQueue: TASK_QUEUE, selected })));
    });
  } finally {
    await client.connection.close();
    await native.close();
    await server.stop();
  }

  const table = [
    '| scenario | interpreter | hand-written | ratio | target | history events (interpreter / hand-written) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.scenario} | ${r.interpreter} | ${r.baseline} | ${r.ratio.toFixed(3)} | ${r.target ?? ''} | ${r.events ?? ''} |`),
  ].join('\n');
  console.log(`\n${table}\n`);
  if (process.env.BENCH_WRITE) {
    const file = join(__dirname, 'RESULTS.md');
    const temporal = execFileSync(server.bin, ['--version'], { encoding: 'utf8' }).trim();
    const sdk = JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')).version as string;
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${temporal}; TypeScript SDK ${sdk}`;
    // Hand-written notes below the table survive a rewrite.
    const notes = existsSync(file) ? readFileSync(file, 'utf8').split('\n## Notes')[1] : undefined;
    const body = `# Benchmark results\n\nMeasured ${new Date().toISOString()} on ${machine}, dev server in memory.\n\n${table}\n`;
    writeFileSync(file, notes ? `${body}\n## Notes${notes}` : body);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
