// The Weft stack as an operator runs it, one OS process each: the Temporal dev server on a SQLite file, the worker
// (`node -r @swc-node/register apps/worker/src/main.ts`) and the API (`… apps/api/src/main.ts`), each of which the
// chaos suite can kill -9 and start again on the same ports and data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/free-port';
import {
  kill9,
  killAll,
  spawnManaged,
  startReaper,
  tail,
  waitForHttp,
  waitForLog,
  withTimeout,
  type Managed,
} from './processes';

const root = join(__dirname, '..', '..');
const NAMESPACE = 'default';

export interface Timed {
  ms: number;
}

export class ChaosStack {
  /** The launcher of the dev server; its process group holds the server too. */
  temporal?: Managed;
  temporalPid?: number;
  worker?: Managed;
  api?: Managed;
  private readonly starts = { temporal: 0, worker: 0, api: 0 };

  private constructor(
    readonly dir: string,
    readonly temporalPort: number,
    readonly apiPort: number,
    readonly taskQueue: string,
  ) {}

  static async create(): Promise<ChaosStack> {
    const dir = mkdtempSync(join(tmpdir(), 'weft-chaos-'));
    startReaper(dir);
    const [temporalPort, apiPort] = [await freePort(), await freePort()];
    return new ChaosStack(dir, temporalPort, apiPort, `weft-chaos-${process.pid}`);
  }

  get dbFile() {
    return join(this.dir, 'temporal.sqlite');
  }

  get bundleFile() {
    return join(this.dir, 'workflow-bundle.js');
  }

  get apiUrl() {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  private get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      TEMPORAL_ADDRESS: `127.0.0.1:${this.temporalPort}`,
      TEMPORAL_NAMESPACE: NAMESPACE,
      WEFT_TASK_QUEUE: this.taskQueue,
      WEFT_API_PORT: String(this.apiPort),
      WEFT_API_HOST: '127.0.0.1',
      // The dev stack's embedded store, in the suite's directory: it must survive the API's kill -9.
      DATABASE_URL: `pglite://${join(this.dir, 'pglite')}`,
      // The chaos suite kills processes, it does not test keys: the API asks for none and limits no rate.
      WEFT_AUTH: 'off',
      WEFT_RATE_LIMIT_PER_MINUTE: '0',
      WEFT_WORKFLOW_BUNDLE: this.bundleFile,
      // A dev stack's worker may hold the default metrics port on this machine.
      WEFT_WORKER_METRICS_PORT: '0',
    };
  }

  /** The prebuilt workflow bundle (`npm run bundle:workflows`), so a worker restarts in seconds. */
  async buildBundle(): Promise<void> {
    const bundler = spawnManaged(
      'bundle',
      process.execPath,
      ['-r', '@swc-node/register', 'apps/worker/scripts/bundle-workflows.ts', this.bundleFile],
      { cwd: root, env: this.env, log: join(this.dir, 'bundle.log') },
    );
    const exit = await withTimeout(bundler.exited, 180_000, 'the workflow bundle').catch(async (err: unknown) => {
      await kill9(bundler);
      throw err;
    });
    if (exit.code !== 0)
      throw new Error(`bundling the workflows failed (${exit.code ?? exit.signal}); see ${bundler.log}`);
  }

  /**
   * The dev server on the suite's SQLite file and port (the same ones on every start), through `startDevServer`
   * in temporal/dev-server.mjs (run by temporal-launcher.mjs); resolves once the server answers.
   */
  async startTemporal(): Promise<Timed> {
    const started = Date.now();
    const launcher = spawnManaged(
      'temporal',
      process.execPath,
      [join(__dirname, 'temporal-launcher.mjs'), String(this.temporalPort), this.dbFile, NAMESPACE],
      { cwd: root, env: this.env, log: join(this.dir, `temporal-${++this.starts.temporal}.log`) },
    );
    this.temporal = launcher;
    await waitForLog(launcher, 'dev server ready', { timeoutMs: 90_000 });
    const pid = /dev server ready on \S+, pid (\d+)/.exec(readFileSync(launcher.log!, 'utf8'))?.[1];
    if (!pid) throw new Error(`no dev server pid in the launcher's log:\n${tail(launcher)}`);
    this.temporalPid = Number(pid);
    return { ms: Date.now() - started };
  }

  /** kill -9 of the dev server process itself; resolves once it is gone (its launcher exits with it). */
  async killTemporal(): Promise<void> {
    const launcher = this.temporal!;
    process.kill(this.temporalPid!, 'SIGKILL');
    await withTimeout(launcher.exited, 10_000, 'the dev server to die on SIGKILL').catch(() => kill9(launcher));
  }

  /** A worker process; resolves once it polls its task queue. */
  async startWorker(): Promise<Timed> {
    const started = Date.now();
    this.worker = spawnManaged('worker', process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      cwd: root,
      env: this.env,
      log: join(this.dir, `worker-${++this.starts.worker}.log`),
    });
    await waitForLog(this.worker, 'worker polling task queue', { timeoutMs: 90_000 });
    return { ms: Date.now() - started };
  }

  /** An API process; resolves once GET /health answers 200 (which needs Temporal). */
  async startApi(): Promise<Timed> {
    const started = Date.now();
    this.api = spawnManaged('api', process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: root,
      env: this.env,
      log: join(this.dir, `api-${++this.starts.api}.log`),
    });
    await waitForHttp(this.api, `${this.apiUrl}/health`, 90_000);
    return { ms: Date.now() - started };
  }

  /** Kills every process still running; removes the temp dir unless `keep` (its logs tell what happened). */
  async close({ keep = false } = {}): Promise<void> {
    await killAll();
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }
}
