import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../harness/free-port';

const root = join(__dirname, '..', '..');

/**
 * What the fuzzer talks to. The API and the worker each run as the real app in a process of its own, so a crash is
 * an exit and a hang is a timeout the fuzzer can see and report, instead of taking jest down with it.
 */
export interface FuzzStack {
  api: ServiceProcess;
  worker: ServiceProcess;
  apiUrl: string;
  client: Client;
  taskQueue: string;
  /** Base URL of an HTTP server on 127.0.0.1 that `http.request` nodes may call: `/status/<code>`, `/echo`, `/slow/<ms>`. */
  localUrl: string;
  /** A new worker process on the same task queue, after the fuzzer recorded why the last one died. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

/** One of the apps in its own process, its output kept for reports. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Why it stopped serving (exit, or a line saying so); undefined while it serves. */
  deadReason(): string | undefined;
  /** The last lines it printed. */
  tail(lines?: number): string;
  /** Lines holding `text` (the API logs each 500 with its errorId and stack). */
  find(text: string, context?: number): string;
  stop(): Promise<void>;
}

const LOG_KEEP = 2000;

function spawnService(
  name: string,
  script: string,
  env: Record<string, string>,
  readyLine: string,
  deadLine?: string,
): { service: ServiceProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let dead: string | undefined;
  let exited = false;
  let onReady: () => void = () => undefined;
  let onFail: (err: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  const onData = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const split = text.split('\n');
    partial = split.pop() ?? '';
    for (const line of split) {
      lines.push(line.length > 4000 ? `${line.slice(0, 4000)}… (${line.length} chars)` : line);
      if (lines.length > LOG_KEEP) lines.shift();
      if (line.includes(readyLine)) onReady();
      if (deadLine && line.includes(deadLine)) dead ??= `${name} stopped serving: ${line.trim()}`;
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      dead ??= `the ${name} process exited (code ${code}, signal ${signal})`;
      onFail(new Error(`${dead}:\n${lines.slice(-60).join('\n')}`));
      resolve();
    }),
  );
  const service: ServiceProcess = {
    name,
    child,
    deadReason: () => dead,
    tail: (n = 60) => lines.slice(-n).join('\n'),
    find(text, context = 30) {
      const at = lines.findIndex((line) => line.includes(text));
      return at < 0 ? '' : lines.slice(at, at + context).join('\n');
    },
    async stop() {
      if (exited) return;
      dead ??= 'stopped by the fuzzer';
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
  return { service, ready };
}

/** `/status/<code>` answers that status; `/slow/<ms>` answers after ms (at most 2 s); anything else echoes. */
async function startLocalServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const [, route, arg] = (req.url ?? '').split('?')[0].split('/');
    const send = (status: number, body: unknown) => {
      res.writeHead(Number.isInteger(status) && status >= 200 && status <= 599 ? status : 400, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify(body));
    };
    if (route === 'status') send(Number(arg), { status: Number(arg) });
    else if (route === 'slow') {
      const timer = setTimeout(() => send(200, { slow: true }), Math.min(Number(arg) || 0, 2000));
      res.on('close', () => clearTimeout(timer));
    } else {
      let size = 0;
      req.on('data', (chunk: Buffer) => (size += chunk.length));
      req.on('end', () => send(200, { method: req.method, url: req.url, bytes: size }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const startWorker = (taskQueue: string) =>
  spawnService(
    'worker',
    'apps/worker/src/main.ts',
    { WEFT_TASK_QUEUE: taskQueue },
    'worker polling task queue',
    'worker stopped:',
  );

/** Starts the API and the worker (each its own process) on a fresh task queue, and the local HTTP server. */
export async function startFuzzStack(): Promise<FuzzStack> {
  const address = process.env.TEMPORAL_ADDRESS!;
  const taskQueue = `weft-fuzz-${randomUUID()}`;
  const port = await freePort();
  let worker = startWorker(taskQueue);
  const api = spawnService(
    'API',
    'apps/api/src/main.ts',
    {
      WEFT_TASK_QUEUE: taskQueue,
      WEFT_API_PORT: String(port),
      WEFT_API_HOST: '127.0.0.1',
      // A store of its own that goes with the process, not the dev stack's .data/.
      DATABASE_URL: 'pglite://memory',
      // The fuzzer probes the flow language and runs, not keys or rate limits.
      WEFT_AUTH: 'off',
      WEFT_RATE_LIMIT_PER_MINUTE: '0',
    },
    'API on http://',
  );
  const started = await Promise.allSettled([
    startLocalServer(),
    Connection.connect({ address }).then((connection) => new Client({ connection, namespace: 'default' })),
    worker.ready,
    api.ready,
  ]);
  const [local, client] = started;
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all([worker.service.stop(), api.service.stop()]);
    if (local.status === 'fulfilled') await local.value.close();
    if (client.status === 'fulfilled') await client.value.connection.close();
    throw failed.reason;
  }
  const stack: FuzzStack = {
    api: api.service,
    worker: worker.service,
    apiUrl: `http://127.0.0.1:${port}`,
    client: (client as PromiseFulfilledResult<Client>).value,
    taskQueue,
    localUrl: (local as PromiseFulfilledResult<{ url: string }>).value.url,
    async restartWorker() {
      await stack.worker.stop();
      worker = startWorker(taskQueue);
      stack.worker = worker.service;
      await worker.ready;
    },
    async close() {
      await Promise.all([stack.worker.stop(), stack.api.stop()]);
      await stack.client.connection.close();
      await (local as PromiseFulfilledResult<{ close(): Promise<void> }>).value.close();
    },
  };
  return stack;
}
