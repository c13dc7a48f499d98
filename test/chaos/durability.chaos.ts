// `npm run chaos`: durability the way operators meet faults. The dev server (SQLite file), the worker and the API
// run as OS processes; while 50 runs are in flight each one is killed with SIGKILL and started again. Every run
// must still end SUCCEEDED with exactly its expected output, none lost, none doubled; and after each kill the
// suite prints how long the worst-hit run stood still.
import { ChaosStack } from './chaos-stack';
import { isRunning, kill9, sleep, suiteOver, tail } from './processes';
import { describeMove, measureStall, readRun, seconds, snapshot, type StallReport } from './stalls';
import { chainFlow } from './chain-flow';
import { apiCaller } from './api-call';

const RUNS = 50;
const CHAIN = 21; // s0 d1 s2 d3 … d19 s20: 11 noops, 10 delays
const NOOPS = Math.ceil(CHAIN / 2);
const FLOW_ID = 'chaos-chain';

// Bounds on the longest stall after each kill, as read through GET /runs/:id (measured on 2 shared cores: worker
// 15–17 s, API 5–11 s, dev server 7–18 s).
// - Worker: a task on the dead worker is retried after its 10 s heartbeat timeout (a workflow task after Temporal's
//   10 s workflow-task timeout), 1 s retry interval, then the step runs again (≤ 5 s).
const WORKER_STALL_MS = 30_000;
// - API: runs never wait for it (by their own finishedAt they go on within their current step); a reader waits
//   for the restart (2–5 s, up to 11 s on a saturated machine) and one read.
const API_STALL_MS = 20_000;
// - Dev server: the restart (~2 s) and the worker's and API's reconnection; an activity completion the worker could
//   not report while the server was down is retried after the heartbeat timeout, as after a worker kill.
const TEMPORAL_STALL_MS = 30_000;

// With 300–800 ms steps a run would be over (~15 s) before the third kill; 3–5 s steps (heartbeating every second)
// keep all 50 runs in flight through the three kills even on an idle machine.
const delayMs = (k: number) => 3000 + ((k * 733) % 2001); // 3–5 s

const chainOfThisSuite = () => chainFlow({ id: FLOW_ID, name: 'Chaos chain', length: CHAIN, delayMs });

const say = (line: string) => process.stderr.write(`[chaos] ${line}\n`);

describe('chaos: kill -9 of the worker, the API and the dev server while 50 runs are in flight', () => {
  let stack: ChaosStack;
  let passed = false;
  const suiteStarted = Date.now();

  beforeAll(async () => {
    stack = await ChaosStack.create();
    say(`logs and SQLite file in ${stack.dir}`);
    const [temporal] = await Promise.all([stack.startTemporal(), stack.buildBundle()]);
    say(`dev server up in ${seconds(temporal.ms)}; workflow bundle built`);
    const [worker, api] = await Promise.all([stack.startWorker(), stack.startApi()]);
    say(`worker up in ${seconds(worker.ms)}, API up in ${seconds(api.ms)} (${stack.apiUrl})`);
  }, 5 * 60_000);

  afterAll(async () => {
    await stack?.close({ keep: !passed });
    if (stack && !passed) say(`kept the logs in ${stack.dir}`);
    say(`total ${seconds(Date.now() - suiteStarted)}`);
  }, 60_000);

  const call = apiCaller(() => stack.apiUrl);

  /** Fails with where the processes stand when a measurement (or anything after a kill) goes wrong. */
  async function explained<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const state = (['temporal', 'worker', 'api'] as const)
        .map((name) => {
          const managed = stack[name];
          if (!managed) return `${name}: never started`;
          const status = isRunning(managed) ? `running (pid ${managed.pid})` : 'EXITED';
          return `${name}: ${status}; last log lines:\n${tail(managed, 15)}`;
        })
        .join('\n');
      throw new Error(`${what}: ${(err as Error).message}\n--- processes ---\n${state}`);
    }
  }

  function report(kill: string, stall: StallReport, restartMs: number, sinceStartMs: number) {
    say(
      `${kill}: longest stall ${seconds(stall.longest.ms)} over ${stall.runs} runs ` +
        `(${seconds(stall.longestRecordedMs)} by the runs' own finishedAt; median ${seconds(stall.medianMs)}; ` +
        `killed ${seconds(sinceStartMs)} after the runs started, back in ${seconds(restartMs)}; ` +
        `${stall.retried} runs went on with a retried attempt; slowest ${stall.longest.runId} went on with ` +
        `${describeMove(stall.longest)}; each run read every ${seconds(stall.meanPollMs)})`,
    );
  }

  it('ends every run SUCCEEDED with its exact output, none lost, none doubled; stalls stay bounded', async () => {
    const definition = chainOfThisSuite();
    const published = await call('POST', '/flows', definition);
    expect(published).toMatchObject({ status: 201, body: { id: FLOW_ID, version: 1 } });

    const nonce = Date.now().toString(36);
    const expected = new Map(
      Array.from({ length: RUNS }, (_, i) => {
        const runId = `chaos-${nonce}-${String(i).padStart(2, '0')}`;
        const n = i + 1;
        return [runId, { n, output: { runId, n, total: NOOPS * n } }] as const;
      }),
    );
    const runIds = [...expected.keys()];
    const startedAt = Date.now();
    const queue = [...expected];
    const starts = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const answers = [];
        for (let next = queue.shift(); next; next = queue.shift()) {
          const [runId, { n }] = next;
          answers.push({ runId, answer: await call('POST', `/flows/${FLOW_ID}/runs`, { runId, inputs: { n } }) });
        }
        return answers;
      }),
    );
    for (const { runId, answer } of starts.flat())
      expect(answer).toMatchObject({ status: 201, body: { runId, flowId: FLOW_ID, version: 1 } });
    say(`${RUNS} runs started in ${seconds(Date.now() - startedAt)}`);

    // Every run under way (its first node done) before the first kill.
    await explained('waiting for every run to get under way', async () => {
      const until = Date.now() + 120_000;
      for (;;) {
        const views = [...(await snapshot(stack.apiUrl, runIds)).values()];
        const waiting = views.filter((v) => v.progress[0] < 1).length;
        if (!waiting) return;
        if (Date.now() > until || suiteOver()) throw new Error(`after 120 s, ${waiting} runs still have no node done`);
        await sleep(1000);
      }
    });

    // 1. The worker: kill -9, a moment, a new worker. Its running activities are lost with it and must be retried.
    let baseline = await snapshot(stack.apiUrl, runIds);
    let killedAt = Date.now();
    await kill9(stack.worker!);
    await sleep(1000);
    const worker = await stack.startWorker();
    const workerStall = await explained('after the worker kill', () => measureStall(stack.apiUrl, baseline, killedAt));
    report('worker kill -9', workerStall, worker.ms, killedAt - startedAt);

    // 2. The API: kill -9 and start it again. Its embedded store (PGlite in the suite's directory) keeps the flow:
    // it is still there, and publishing the same definition again is the same version, not a new one.
    baseline = await snapshot(stack.apiUrl, runIds);
    killedAt = Date.now();
    await kill9(stack.api!);
    const api = await stack.startApi();
    expect(await call('GET', `/flows/${FLOW_ID}`)).toMatchObject({ status: 200, body: { id: FLOW_ID, version: 1 } });
    const republished = await call('POST', '/flows', definition);
    expect(republished).toMatchObject({ status: 200, body: { id: FLOW_ID, version: 1, created: false } });
    // A start retried after the crash (same run id) is refused, not run twice.
    const [firstRun, { n: firstN }] = [...expected][0];
    expect((await call('POST', `/flows/${FLOW_ID}/runs`, { runId: firstRun, inputs: { n: firstN } })).status).toBe(409);
    const apiStall = await explained('after the API kill', () => measureStall(stack.apiUrl, baseline, killedAt));
    report('API kill -9', apiStall, api.ms, killedAt - startedAt);

    // 3. The dev server: kill -9 and start it again on the same SQLite file and port. The worker and the API
    // must find it again by themselves.
    baseline = await snapshot(stack.apiUrl, runIds);
    killedAt = Date.now();
    await stack.killTemporal();
    const temporal = await stack.startTemporal();
    const temporalStall = await explained('after the dev server kill', () =>
      measureStall(stack.apiUrl, baseline, killedAt),
    );
    report('dev server kill -9', temporalStall, temporal.ms, killedAt - startedAt);
    expect({ worker: isRunning(stack.worker!), api: isRunning(stack.api!) }).toEqual({ worker: true, api: true });

    // All of them end, listed once each by the API for the flow.
    const listed = await explained('waiting for every run to end', async () => {
      const until = Date.now() + 180_000;
      for (;;) {
        const page = await call('GET', `/runs?flowId=${FLOW_ID}&pageSize=500`).catch(() => undefined);
        const runs = (page?.body.runs ?? []) as { runId: string; status: string }[];
        if (runs.length >= RUNS && runs.every((r) => r.status !== 'RUNNING')) return runs;
        if (Date.now() > until || suiteOver())
          throw new Error(`after 180 s: ${runs.filter((r) => r.status === 'RUNNING').length} still RUNNING`);
        await sleep(1000);
      }
    });
    expect(listed).toHaveLength(RUNS);
    expect(listed.map((r) => r.runId).sort()).toEqual(runIds);
    expect(listed.filter((r) => r.status !== 'SUCCEEDED')).toEqual([]);

    for (const [runId, { output }] of expected) {
      const final = await readRun(stack.apiUrl, runId, 15_000);
      expect({ runId, status: final?.status, progress: final?.progress, output: final?.output }).toEqual({
        runId,
        status: 'SUCCEEDED',
        progress: [CHAIN, CHAIN],
        output,
      });
    }
    say(
      `all ${RUNS} runs SUCCEEDED (${seconds(Date.now() - startedAt)} after they started) with their exact outputs, each listed once`,
    );

    // Every run was in flight at every kill, and none stood still longer than its bound.
    expect([workerStall.runs, apiStall.runs, temporalStall.runs]).toEqual([RUNS, RUNS, RUNS]);
    expect(workerStall.longest.ms).toBeLessThan(WORKER_STALL_MS);
    expect(apiStall.longest.ms).toBeLessThan(API_STALL_MS);
    expect(temporalStall.longest.ms).toBeLessThan(TEMPORAL_STALL_MS);
    passed = true;
  });
});
