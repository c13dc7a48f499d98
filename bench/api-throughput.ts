// The API's own throughput, measured by `npm run bench` against the same Temporal dev server and worker:
// - api-starts-500: 500 concurrent runs of the 10-node diamond started through the HTTP API (the real Nest app,
//   in-process, over real HTTP with 50 requests in flight) against the same 500 runs started by a Temporal client
//   directly with the options the API gives (target: API runs/s ≥ 0.9 × client runs/s).
// - sse-1000: one open run watched by 1 and then by 1,000 SSE clients; the Temporal state queries the app makes
//   during a fixed window must not grow with the number of clients (one poller per run).
import type { INestApplication } from '@nestjs/common';
import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { Agent, get, type ClientRequest } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FlowDefinition } from '@weft/dsl';
import { diamond10 } from './flows';
import { startInProcessApi } from './in-process-api';

/** A row of bench/run.ts's table. */
export interface ApiRow {
  scenario: string;
  interpreter: string;
  baseline: string;
  ratio: number;
  target?: string;
}

export interface ApiBenchOptions {
  /** The bench's Temporal frontend and the task queue its worker polls. */
  address: string;
  taskQueue: string;
  /** The bench's own Temporal client: it starts the direct runs and waits for every run's result. */
  client: Client;
  selected: (scenario: string) => boolean;
}

const STARTS_SCENARIO = 'api-starts-500: 500 concurrent 10-node diamonds, API ÷ Temporal client';
const SSE_SCENARIO = 'sse-1000: state queries/s of one open run, 1,000 SSE clients ÷ 1';
const RUNS = 500;
const IN_FLIGHT = 50;
const SSE_CLIENTS = 1000;
const WINDOW_MS = 5000;
/** The SSE clients' poll interval (the API's smallest): the one shared poller reads at most this often. */
const SSE_INTERVAL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Memory after a full collection, so that what startup left for the collector is not counted as freed. */
function memoryAfterGc(): NodeJS.MemoryUsage {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage();
}

/** Runs `task` for 0..n-1 with at most `limit` in flight, as a load generator would. */
async function bounded<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(n);
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, lane));
  return results;
}

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function publish(base: string, flow: FlowDefinition): Promise<void> {
  await call(base, 'POST', '/flows', flow);
}

export async function apiScenarios(options: ApiBenchOptions): Promise<ApiRow[]> {
  const wantStarts = options.selected(STARTS_SCENARIO);
  const wantSse = options.selected(SSE_SCENARIO);
  if (!wantStarts && !wantSse) return [];
  const { app, base } = await startInProcessApi(options.address, options.taskQueue);
  try {
    const rows: ApiRow[] = [];
    if (wantStarts) rows.push(...(await starts(options, app, base)));
    if (wantSse) rows.push(await sse(options, app, base));
    return rows;
  } finally {
    await app.close();
  }
}

async function starts({ client, taskQueue }: ApiBenchOptions, app: INestApplication, base: string): Promise<ApiRow[]> {
  const flow = diamond10();
  await publish(base, flow);
  // The same start the API makes: its FlowRunInput, summary, search attributes and id reuse policy.
  const { FlowsService } = await import('../apps/api/src/flows/flows.service');
  const { runStart } = await import('../apps/api/src/runs/run-start');
  const version = await app.get(FlowsService).startable(flow.id);
  const viaApi = async () => (await call<{ runId: string }>(base, 'POST', `/flows/${flow.id}/runs`, {})).runId;
  const viaClient = async () => {
    const { workflowType, input, ...startOptions } = runStart(version, {});
    const workflowId = `${flow.id}-${randomUUID()}`;
    await client.workflow.start(workflowType, {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...startOptions,
    });
    return workflowId;
  };
  /** Starts `runs` with IN_FLIGHT start requests at a time; the run's completion is awaited outside that bound. */
  const measure = async (start: () => Promise<string>, runs: number): Promise<Rates> => {
    const began = performance.now();
    let lastStarted = began;
    const results: Promise<unknown>[] = [];
    await bounded(runs, IN_FLIGHT, async () => {
      const id = await start();
      lastStarted = performance.now();
      results.push(client.workflow.getHandle(id).result());
    });
    await Promise.all(results);
    const ended = performance.now();
    return { startsPerS: (runs / (lastStarted - began)) * 1000, runsPerS: (runs / (ended - began)) * 1000 };
  };
  // One warm-up each (the app's first requests, the flow's first runs), then API, client, client, API twice: each side
  // is the mean of its four samples, so neither gains from going first on a server whose history grows. One sample of
  // 500 runs swings by 10-20 % here (13.2 and 15.7 runs/s for the client within a minute); two were not enough.
  await measure(viaApi, IN_FLIGHT);
  await measure(viaClient, IN_FLIGHT);
  const samples = { api: [] as Rates[], client: [] as Rates[] };
  for (const side of ['api', 'client', 'client', 'api', 'api', 'client', 'client', 'api'] as const) {
    const rates = await measure(side === 'api' ? viaApi : viaClient, RUNS);
    samples[side].push(rates);
    console.log(
      `api-starts-500 sample: ${side} ${rates.runsPerS.toFixed(1)} runs/s, ${rates.startsPerS.toFixed(0)} starts/s`,
    );
  }
  const mean = (xs: Rates[]): Rates => ({
    runsPerS: xs.reduce((sum, x) => sum + x.runsPerS, 0) / xs.length,
    startsPerS: xs.reduce((sum, x) => sum + x.startsPerS, 0) / xs.length,
  });
  const api = mean(samples.api);
  const direct = mean(samples.client);
  const ratio = api.runsPerS / direct.runsPerS;
  const startRatio = api.startsPerS / direct.startsPerS;
  console.log(
    `api-starts-500: API ${api.runsPerS.toFixed(1)} runs/s (${api.startsPerS.toFixed(0)} starts/s), ` +
      `client ${direct.runsPerS.toFixed(1)} runs/s (${direct.startsPerS.toFixed(0)} starts/s), ratio ${ratio.toFixed(3)}`,
  );
  return [
    {
      scenario: `${STARTS_SCENARIO} (runs/s, first start to all completed, mean of 4)`,
      interpreter: `${api.runsPerS.toFixed(1)} runs/s (API)`,
      baseline: `${direct.runsPerS.toFixed(1)} runs/s (client)`,
      ratio,
      target: `≥ 0.90 ${ratio >= 0.9 ? 'met' : 'MISSED'}`,
    },
    {
      scenario: `${STARTS_SCENARIO} (start requests/s, ${IN_FLIGHT} in flight)`,
      interpreter: `${api.startsPerS.toFixed(0)} starts/s (API)`,
      baseline: `${direct.startsPerS.toFixed(0)} starts/s (client)`,
      ratio: startRatio,
    },
  ];
}

interface Rates {
  /** Runs per second from the first start request to the last run completed. */
  runsPerS: number;
  /** Start requests per second from the first sent to the last answered. */
  startsPerS: number;
}

/** One SSE stream: resolves `first` once its first `state` event arrived. */
interface Stream {
  first: Promise<void>;
  request: ClientRequest;
}

function openStream(url: string, agent: Agent): Stream {
  let request!: ClientRequest;
  const first = new Promise<void>((resolve, reject) => {
    request = get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET ${url}: ${res.statusCode}`));
        res.resume();
        return;
      }
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        if (/^event: state$/m.test(seen)) {
          res.off('data', onData);
          // The stream stays open; what it sends later is read and dropped.
          res.on('data', () => undefined);
          resolve();
        }
      };
      res.on('data', onData);
      res.on('error', () => undefined);
    });
    request.on('error', reject);
  });
  // Closing the streams at the end aborts them on purpose.
  first.catch(() => undefined);
  return { first, request };
}

async function sse({ client }: ApiBenchOptions, app: INestApplication, base: string): Promise<ApiRow> {
  const flow: FlowDefinition = { id: 'bench-sse-wait', nodes: [{ id: 'hold', type: 'wait', duration: '5m' }] };
  await publish(base, flow);
  const { runId } = await call<{ runId: string }>(base, 'POST', `/flows/${flow.id}/runs`, {});

  // Every state query the app sends Temporal for this run, counted at the app's own Temporal client.
  const { TEMPORAL_CLIENT } = await import('../apps/api/src/temporal/temporal.module');
  const appClient = app.get<Client>(TEMPORAL_CLIENT);
  let queries = 0;
  const getHandle = appClient.workflow.getHandle.bind(appClient.workflow);
  appClient.workflow.getHandle = ((...args: Parameters<typeof getHandle>) => {
    const handle = getHandle(...args);
    if (args[0] !== runId) return handle;
    const query = handle.query.bind(handle);
    handle.query = ((...queryArgs: Parameters<typeof query>) => {
      queries++;
      return query(...queryArgs);
    }) as typeof handle.query;
    return handle;
  }) as typeof appClient.workflow.getHandle;

  const url = `${base}/runs/${encodeURIComponent(runId)}/events?intervalMs=${SSE_INTERVAL_MS}`;
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const rate = async () => {
    const before = queries;
    await sleep(WINDOW_MS);
    return ((queries - before) / WINDOW_MS) * 1000;
  };
  const streams: Stream[] = [];
  // What the bench's startup left for the collector is given back before the 1,000 streams are counted.
  memoryAfterGc();
  try {
    const one = openStream(url, agent);
    streams.push(one);
    await one.first;
    await sleep(SSE_INTERVAL_MS * 3);
    const oneRate = await rate();
    one.request.destroy();
    await sleep(500);

    streams.length = 0;
    const before = memoryAfterGc();
    const opening = performance.now();
    // Connections are opened 100 at a time (the listen backlog is 511); all 1,000 stay open together.
    await bounded(SSE_CLIENTS, 100, async () => {
      const stream = openStream(url, agent);
      streams.push(stream);
      await stream.first;
    });
    const openMs = performance.now() - opening;
    const opened = memoryAfterGc();
    await sleep(SSE_INTERVAL_MS * 3);
    const manyRate = await rate();
    const open = streams.length;
    const ratio = manyRate / oneRate;
    const rss = `RSS +${mib(opened.rss - before.rss)}, heap +${mib(opened.heapUsed - before.heapUsed)}`;
    console.log(
      `sse-1000: 1 client ${oneRate.toFixed(1)} queries/s, ${open} clients ${manyRate.toFixed(1)} queries/s ` +
        `(all got their first state event, opened in ${openMs.toFixed(0)} ms), ratio ${ratio.toFixed(3)}; ${rss}`,
    );
    return {
      scenario: `${SSE_SCENARIO} (intervalMs=${SSE_INTERVAL_MS}, ${WINDOW_MS / 1000} s window)`,
      interpreter: `${manyRate.toFixed(1)} queries/s (${SSE_CLIENTS} clients; ${rss}, API and clients in one process)`,
      baseline: `${oneRate.toFixed(1)} queries/s (1 client)`,
      ratio,
      target: `≤ 1.10 ${ratio <= 1.1 ? 'met' : 'MISSED'}`,
    };
  } finally {
    for (const stream of streams) stream.request.destroy();
    agent.destroy();
    await client.workflow
      .getHandle(runId)
      .terminate('bench over')
      .catch(() => undefined);
  }
}
