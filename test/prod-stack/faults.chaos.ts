// `npm run chaos:prod`: faults on the production shape (scripts/prod-stack: Temporal's own server on a PostgreSQL
// cluster of its own, two workers and two API replicas behind one proxy). While 20 runs are in flight: kill -9 of one
// worker and of one API replica (neither comes back: the others carry on, through the one address), then a kill -9
// and restart of the Temporal server, then a restart of PostgreSQL. Every run must end SUCCEEDED with exactly its
// expected output; after each fault the suite prints how long the worst-hit run stood still.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProdStack, type ProdStackPorts } from '../../scripts/prod-stack/prod-stack';
import { isRunning, tail } from '../../scripts/prod-stack/processes';
import type { TemporalBinaries } from '../../scripts/prod-stack/temporal-cluster';
import { describeMove, measureStall, readRun, seconds, snapshot, type StallReport } from '../chaos/stalls';
import { freePort } from '../harness/free-port';
import { freeTemporalPorts } from '../harness/prod-temporal';
import { chainFlow } from '../chaos/chain-flow';
import { apiCaller } from '../chaos/api-call';

const root = join(__dirname, '..', '..');
const RUNS = 20;
const CHAIN = 21; // s0 d1 s2 … d19 s20: 11 noops, 10 delays
const NOOPS = Math.ceil(CHAIN / 2);
const FLOW_ID = 'chaos-prod-chain';
// 4–6 s steps keep every run in flight through the four faults (each measured until every run has gone on).
const delayMs = (k: number) => 4000 + ((k * 733) % 2001);

// Bounds on the longest stall, as read through the proxy.
// - A worker: its activities come back after core.delay's 10 s heartbeat timeout (workflow tasks after the sticky
//   queue's timeout) and run on the other worker.
const WORKER_STALL_MS = 40_000;
// - An API replica: runs never wait for it; readers go to the other replica at once.
const API_STALL_MS = 20_000;
// - The Temporal server: the restart (a few seconds), the clients' reconnection, then lost completions retried after
//   the heartbeat timeout as after a worker kill.
const TEMPORAL_STALL_MS = 60_000;
// - PostgreSQL: the restart (~1 s) and the connection pools' reconnection.
const POSTGRES_STALL_MS = 60_000;

const chainOfThisSuite = () =>
  chainFlow({ id: FLOW_ID, name: 'Chaos chain on the production stack', length: CHAIN, delayMs });

const say = (line: string) => process.stderr.write(`[chaos:prod] ${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function freePorts(): Promise<ProdStackPorts> {
  return {
    postgres: await freePort(),
    ...(await freeTemporalPorts()),
    ui: await freePort(),
    api: await freePort(),
    apiReplicas: [await freePort(), await freePort()],
    workerMetrics: [0, 0],
  };
}

/** The built binaries, from the ES modules in temporal/ (jest's sandbox cannot import them). */
function binaries(): { binaries: TemporalBinaries; cliBin: string } {
  const run = (script: string) =>
    execFileSync(process.execPath, [join(root, 'temporal', script)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  return {
    binaries: JSON.parse(run('ensure-temporal-server.mjs')) as TemporalBinaries,
    cliBin: run('ensure-temporal.mjs').trim(),
  };
}

describe('chaos on the production stack: two workers, two API replicas, Temporal on PostgreSQL', () => {
  let stack: ProdStack;
  let dir: string;
  let reaperList: string;
  let passed = false;
  const suiteStarted = Date.now();

  /** What reaper.mjs kills if jest dies: every process group of the stack, and the postmaster. */
  function recordLive() {
    const groups = stack.processes().map((p) => `-${p.pid}`);
    writeFileSync(reaperList, [...groups, String(stack.postgres.pid() ?? '')].filter(Boolean).join('\n') + '\n');
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-chaos-prod-'));
    reaperList = join(dir, 'live-processes');
    writeFileSync(reaperList, '');
    spawn(process.execPath, [join(root, 'test', 'harness', 'reaper.mjs'), String(process.pid), reaperList], {
      detached: true,
      stdio: 'ignore',
    }).unref();
    const { binaries: built, cliBin } = binaries();
    stack = new ProdStack({
      stateDir: dir,
      ports: await freePorts(),
      binaries: built,
      cliBin,
      taskQueue: `weft-chaos-prod-${process.pid}`,
      // The suite kills processes, it does not test keys.
      auth: 'off',
      weftEnv: { WEFT_RATE_LIMIT_PER_MINUTE: '0' },
      log: say,
    });
    try {
      await stack.start({ ui: false });
    } finally {
      recordLive();
    }
    say(`stack up: Temporal ${stack.temporalAddress}, API ${stack.apiUrl}; logs in ${dir}`);
  }, 6 * 60_000);

  afterAll(async () => {
    await stack?.stop().catch(() => undefined);
    if (passed) rmSync(dir, { recursive: true, force: true });
    else say(`kept the logs in ${dir}`);
    say(`total ${seconds(Date.now() - suiteStarted)}`);
  }, 120_000);

  const call = apiCaller(() => stack.apiUrl);

  async function explained<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const state = stack
        .processes()
        .map((p) => `${p.name}: ${isRunning(p) ? `running (pid ${p.pid})` : 'EXITED'}; last lines:\n${tail(p, 10)}`)
        .join('\n');
      throw new Error(`${what}: ${(err as Error).message}\n--- processes ---\n${state}`);
    }
  }

  const stalls: { fault: string; stall: StallReport }[] = [];
  function report(fault: string, stall: StallReport, sinceStartMs: number) {
    stalls.push({ fault, stall });
    say(
      `${fault}: longest stall ${seconds(stall.longest.ms)} over ${stall.runs} runs ` +
        `(${seconds(stall.longestRecordedMs)} by the runs' own finishedAt; median ${seconds(stall.medianMs)}; ` +
        `${seconds(sinceStartMs)} after the runs started; ${stall.retried} runs went on with a retried attempt; ` +
        `slowest ${stall.longest.runId} went on with ${describeMove(stall.longest)})`,
    );
  }

  it('ends every run SUCCEEDED with its exact output through every fault; stalls stay bounded', async () => {
    expect(await call('POST', '/flows', chainOfThisSuite())).toMatchObject({
      status: 201,
      body: { id: FLOW_ID, version: 1 },
    });
    const nonce = Date.now().toString(36);
    const expected = new Map(
      Array.from({ length: RUNS }, (_, i) => {
        const runId = `chaos-prod-${nonce}-${String(i).padStart(2, '0')}`;
        const n = i + 1;
        return [runId, { n, output: { runId, n, total: NOOPS * n } }] as const;
      }),
    );
    const runIds = [...expected.keys()];
    const startedAt = Date.now();
    for (const [runId, { n }] of expected)
      expect(await call('POST', `/flows/${FLOW_ID}/runs`, { runId, inputs: { n } })).toMatchObject({ status: 201 });
    say(`${RUNS} runs started through the proxy in ${seconds(Date.now() - startedAt)}`);

    await explained('waiting for every run to get under way', async () => {
      const until = Date.now() + 120_000;
      for (;;) {
        const views = [...(await snapshot(stack.apiUrl, runIds)).values()];
        const waiting = views.filter((v) => v.progress[0] < 1).length;
        if (!waiting) return;
        if (Date.now() > until) throw new Error(`after 120 s, ${waiting} runs still have no node done`);
        await sleep(1000);
      }
    });

    // 1. One of the two workers, for good: the other one takes over its tasks.
    let baseline = await snapshot(stack.apiUrl, runIds);
    let killedAt = Date.now();
    await stack.killWorker(0);
    report(
      'kill -9 of worker 1 of 2 (not restarted)',
      await explained('after the worker kill', () => measureStall(stack.apiUrl, baseline, killedAt)),
      killedAt - startedAt,
    );

    // 2. One of the two API replicas, for good: the proxy sends everything to the other, writes included.
    baseline = await snapshot(stack.apiUrl, runIds);
    killedAt = Date.now();
    await stack.killApi(0);
    const apiStall = await explained('after the API kill', () => measureStall(stack.apiUrl, baseline, killedAt));
    const extraRun = `chaos-prod-${nonce}-after-api-kill`;
    for (let i = 0; i < 4; i++) expect((await call('GET', `/flows/${FLOW_ID}`)).status).toBe(200);
    expect(await call('POST', `/flows/${FLOW_ID}/runs`, { runId: extraRun, inputs: { n: 100 } })).toMatchObject({
      status: 201,
    });
    expected.set(extraRun, { n: 100, output: { runId: extraRun, n: 100, total: NOOPS * 100 } });
    report('kill -9 of API replica 1 of 2 (not restarted)', apiStall, killedAt - startedAt);

    // 3. The Temporal server: kill -9, then the same binary on the same database and ports.
    baseline = await snapshot(stack.apiUrl, runIds);
    killedAt = Date.now();
    await stack.killTemporal();
    const temporalBackMs = await stack.startTemporal();
    recordLive();
    say(`Temporal server back in ${seconds(temporalBackMs)}`);
    report(
      'Temporal server kill -9 and restart',
      await explained('after the Temporal restart', () => measureStall(stack.apiUrl, baseline, killedAt)),
      killedAt - startedAt,
    );

    // 4. PostgreSQL (the stack's own cluster): every connection of Temporal and of the API is cut.
    baseline = await snapshot(stack.apiUrl, runIds);
    killedAt = Date.now();
    stack.postgres.restart();
    recordLive();
    say(`PostgreSQL restarted in ${seconds(Date.now() - killedAt)}`);
    report(
      'PostgreSQL restart',
      await explained('after the PostgreSQL restart', () => measureStall(stack.apiUrl, baseline, killedAt)),
      killedAt - startedAt,
    );

    const allIds = [...expected.keys()];
    await explained('waiting for every run to end', async () => {
      const until = Date.now() + 240_000;
      for (;;) {
        const views = [...(await snapshot(stack.apiUrl, allIds)).values()];
        const running = views.filter((v) => v.status === 'RUNNING').length;
        if (!running) return;
        if (Date.now() > until) throw new Error(`after 240 s, ${running} runs still RUNNING`);
        await sleep(1000);
      }
    });
    for (const [runId, { output }] of expected) {
      const final = await readRun(stack.apiUrl, runId, 15_000);
      expect({ runId, status: final?.status, progress: final?.progress, output: final?.output }).toEqual({
        runId,
        status: 'SUCCEEDED',
        progress: [CHAIN, CHAIN],
        output,
      });
    }
    const worst = stalls.reduce((a, b) => (b.stall.longest.ms > a.stall.longest.ms ? b : a));
    say(
      `all ${expected.size} runs SUCCEEDED with their exact outputs (${seconds(Date.now() - startedAt)}); ` +
        `longest stall ${seconds(worst.stall.longest.ms)} (${worst.fault})`,
    );
    // The survivors are the ones that carried on.
    expect([isRunning(stack.workers[1]!), isRunning(stack.apis[1]!), isRunning(stack.proxy!)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(stalls.map((s) => s.stall.runs)).toEqual([RUNS, RUNS, RUNS, RUNS]);
    const [worker, api, temporal, postgres] = stalls.map((s) => s.stall.longest.ms);
    expect(worker).toBeLessThan(WORKER_STALL_MS);
    expect(api).toBeLessThan(API_STALL_MS);
    expect(temporal).toBeLessThan(TEMPORAL_STALL_MS);
    expect(postgres).toBeLessThan(POSTGRES_STALL_MS);
    passed = true;
  });
});
