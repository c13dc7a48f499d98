// `npm run dev`: the whole stack on embedded defaults. Temporal dev server (SQLite file, Web UI),
// the worker and the API; Ctrl-C stops them in reverse order.
import { spawn } from 'node:child_process';
import { startDevServer, stopProcess } from '../temporal/dev-server.mjs';
import { loadDevConfig } from './dev-config.mjs';
import { venvPython } from './python-setup.mjs';

const root = new URL('..', import.meta.url).pathname;
const config = loadDevConfig();
const children = [];
let stopping = false;

function startApp(name, entry, env) {
  return startProcess(name, process.execPath, ['-r', '@swc-node/register', entry], env);
}

function startProcess(name, command, args, env) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      for (const line of chunk.split('\n')) if (line) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[dev] ${name} exited (${signal ?? code}); stopping the stack\n`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of [...children].reverse()) await stopProcess(child);
  process.exit(code);
}

process.on('SIGINT', () => void stopAll());
process.on('SIGTERM', () => void stopAll());

const temporal = await startDevServer({ ...config.temporal, output: 'ignore' });
children.push(temporal.process);
const env = {
  TEMPORAL_ADDRESS: temporal.address,
  TEMPORAL_NAMESPACE: config.temporal.namespace,
  WEFT_TASK_QUEUE: config.taskQueue,
  WEFT_API_PORT: String(config.apiPort),
  WEFT_DATA_DIR: config.dataDir,
  WEFT_AUTH: config.auth,
  // Workers register their components here (GET /components); with WEFT_AUTH=on they need WEFT_API_KEY (admin).
  WEFT_API_URL: `http://127.0.0.1:${config.apiPort}`,
};
// The example Python component worker (sdk/python) on a queue of its own; tasks of py.text_stats are routed there.
const pythonTaskQueue = process.env.WEFT_PYTHON_TASK_QUEUE || 'weft-python';
startApp('worker', 'apps/worker/src/main.ts', env);
startApp('api', 'apps/api/src/main.ts', env);
// With keys asked for and none given, a refused registration would stop the worker (and so the stack): serve unregistered.
const pythonRegisters = config.auth === 'off' || Boolean(process.env.WEFT_API_KEY);
startProcess('worker-py', venvPython, ['-m', 'weft_worker.examples.text_stats'], {
  ...env,
  WEFT_TASK_QUEUE: pythonTaskQueue,
  WEFT_REGISTER: pythonRegisters ? 'on' : 'off',
});

await waitForApi(`http://127.0.0.1:${config.apiPort}/health`);
process.stdout.write(
  [
    '',
    'Weft dev stack',
    `  Temporal server   ${temporal.address}  (namespace ${config.temporal.namespace}, data ${config.temporal.dbFile})`,
    `  Temporal Web UI   http://localhost:${config.temporal.uiPort}`,
    `  Weft API          http://localhost:${config.apiPort}   (OpenAPI: http://localhost:${config.apiPort}/docs)`,
    `  Web console       http://localhost:${config.apiPort}/`,
    `  Worker            task queue "${config.taskQueue}"`,
    `  Python worker     task queue "${pythonTaskQueue}" (py.text_stats, from sdk/python)${pythonRegisters ? '' : ' NOT REGISTERED: restart with WEFT_API_KEY=<admin key>'}`,
    `  Store             ${process.env.DATABASE_URL ? 'DATABASE_URL' : `PGlite in ${config.dataDir}/pglite`}`,
    config.auth === 'off'
      ? '  AUTH IS OFF: anyone who reaches the API is an admin (WEFT_AUTH=on asks for API keys)'
      : '  Auth on: the first start printed an admin key above; pass it as WEFT_API_KEY',
    'Ctrl-C stops everything.',
    '',
  ].join('\n'),
);

async function waitForApi(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!stopping) throw new Error(`the API did not answer ${url} within ${timeoutMs}ms`);
}
