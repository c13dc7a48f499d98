// The production shape of Weft without containers, as docker-compose.yml describes it: a PostgreSQL cluster of its
// own, Temporal's server binary on it (several history shards), the Temporal Web UI, N workers and N API replicas
// (the API's control plane in PostgreSQL too) behind one address (scripts/api-proxy.mjs). Every process has a log
// in the state folder, and `stack.json` there says what runs where (stack:prod:down reads it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresCluster } from './postgres-cluster';
import {
  adopt,
  kill9,
  spawnLogged,
  stopGracefully,
  waitForHttp,
  waitForLog,
  withTimeout,
  type StackProcess,
} from './processes';
import {
  setupNamespace,
  setupSchemas,
  spawnTemporalServer,
  waitForTemporal,
  type TemporalBinaries,
  type TemporalPorts,
  type TemporalServerOptions,
} from './temporal-cluster';

const repoRoot = join(__dirname, '..', '..');

export interface ProdStackPorts extends TemporalPorts {
  postgres: number;
  ui: number;
  /** The one address of the API (the proxy). */
  api: number;
  apiReplicas: number[];
  /** Prometheus metrics of each worker (0: none). */
  workerMetrics: number[];
}

export interface ProdStackOptions {
  stateDir: string;
  ports: ProdStackPorts;
  binaries: TemporalBinaries;
  cliBin: string;
  historyShards?: number;
  namespace?: string;
  taskQueue?: string;
  /** WEFT_AUTH of the API replicas: `on` as in compose (then `adminKey` is the bootstrap admin key). */
  auth?: 'on' | 'off';
  adminKey?: string;
  /** The dynamic config file (compose's own by default). */
  dynamicConfigFile?: string;
  /** Extra environment for the workers and API replicas. */
  weftEnv?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** The default ports of `npm run stack:prod`: none of them a dev stack's default (7233, 8233, 3000, 9464, 5432). */
export const DEFAULT_PORTS: ProdStackPorts = {
  postgres: 5544,
  frontend: 7633,
  frontendHttp: 7643,
  history: 7634,
  matching: 7635,
  worker: 7639,
  frontendMembership: 6633,
  historyMembership: 6634,
  matchingMembership: 6635,
  workerMembership: 6639,
  ui: 8633,
  api: 3600,
  apiReplicas: [3601, 3602],
  workerMetrics: [9601, 9602],
};

export class ProdStack {
  readonly postgres: PostgresCluster;
  temporal?: StackProcess;
  ui?: StackProcess;
  proxy?: StackProcess;
  readonly workers: (StackProcess | undefined)[] = [];
  readonly apis: (StackProcess | undefined)[] = [];
  private readonly starts = new Map<string, number>();
  readonly namespace: string;
  readonly taskQueue: string;

  constructor(readonly options: ProdStackOptions) {
    mkdirSync(options.stateDir, { recursive: true });
    this.namespace = options.namespace ?? 'default';
    this.taskQueue = options.taskQueue ?? 'weft';
    this.postgres = new PostgresCluster({
      dir: join(options.stateDir, 'postgres'),
      port: options.ports.postgres,
      user: 'temporal',
      password: 'temporal',
    });
  }

  get temporalAddress() {
    return `127.0.0.1:${this.options.ports.frontend}`;
  }

  get apiUrl() {
    return `http://127.0.0.1:${this.options.ports.api}`;
  }

  get uiUrl() {
    return `http://127.0.0.1:${this.options.ports.ui}`;
  }

  get bundleFile() {
    return join(this.options.stateDir, 'workflow-bundle.js');
  }

  private say(line: string) {
    (this.options.log ?? ((l: string) => process.stderr.write(`[stack:prod] ${l}\n`)))(line);
  }

  private logFile(name: string) {
    const n = (this.starts.get(name) ?? 0) + 1;
    this.starts.set(name, n);
    return join(this.options.stateDir, `${name}${n > 1 ? `-${n}` : ''}.log`);
  }

  private temporalOptions(logFile = '/dev/null'): TemporalServerOptions {
    return {
      binaries: this.options.binaries,
      postgres: this.postgres,
      ports: this.options.ports,
      historyShards: this.options.historyShards ?? 4,
      dynamicConfigFile: this.options.dynamicConfigFile,
      logFile,
    };
  }

  /** PostgreSQL (initialised on the first start), both Temporal schemas and the `weft` database. */
  async startPostgres(): Promise<void> {
    const created = this.postgres.init();
    this.postgres.start();
    this.say(`PostgreSQL ${created ? 'initialised and ' : ''}started on 127.0.0.1:${this.options.ports.postgres}`);
    await setupSchemas(this.temporalOptions());
    this.writeState();
  }

  /** The Temporal server; resolves once the namespace and the search attributes answer. */
  async startTemporal(): Promise<number> {
    const started = Date.now();
    const options = this.temporalOptions(this.logFile('temporal-server'));
    this.temporal = adopt('temporal-server', spawnTemporalServer(options), options.logFile);
    this.writeState();
    const exited = this.temporal.exited.then(({ code, signal }) => {
      throw new Error(`temporal-server exited (${signal ?? code}); see ${options.logFile}`);
    });
    await Promise.race([setupNamespace(this.options.cliBin, this.temporalAddress, this.namespace), exited]);
    await Promise.race([waitForTemporal(this.temporalAddress, this.namespace), exited]);
    exited.catch(() => undefined);
    return Date.now() - started;
  }

  async killTemporal(): Promise<void> {
    if (this.temporal) await kill9(this.temporal);
  }

  /** The Web UI server (the temporalio/ui image's program and config template) on the cluster. */
  async startUi(): Promise<void> {
    const { binaries, ports } = this.options;
    this.ui = spawnLogged('ui-server', binaries.ui, ['--root', binaries.uiRoot, '--env', 'docker', 'start'], {
      cwd: binaries.uiRoot,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: this.temporalAddress,
        TEMPORAL_UI_PORT: String(ports.ui),
        TEMPORAL_DEFAULT_NAMESPACE: this.namespace,
        TEMPORAL_DISABLE_NEWS_FETCH: 'true',
        TEMPORAL_CORS_ORIGINS: `http://localhost:${ports.ui},http://127.0.0.1:${ports.ui}`,
      },
      log: this.logFile('ui-server'),
    });
    this.writeState();
    await waitForHttp(this.ui, `${this.uiUrl}/`, 60_000);
  }

  /** `npm run bundle:workflows` into the state folder: workers start from the prebuilt bundle, as in the image. */
  async buildBundle(): Promise<void> {
    const bundler = spawnLogged(
      'bundle',
      process.execPath,
      ['-r', '@swc-node/register', 'apps/worker/scripts/bundle-workflows.ts', this.bundleFile],
      { cwd: repoRoot, env: process.env, log: join(this.options.stateDir, 'bundle.log') },
    );
    const exit = await withTimeout(bundler.exited, 300_000, 'the workflow bundle');
    if (exit.code !== 0) throw new Error(`bundling the workflows failed; see ${bundler.log}`);
  }

  /** What compose gives the worker and api services (x-weft-env and the api's own), for this host. */
  weftEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: this.namespace,
      WEFT_TASK_QUEUE: this.taskQueue,
      WEFT_WORKFLOW_BUNDLE: this.bundleFile,
      DATABASE_URL: this.postgres.url('weft'),
      WEFT_AUTH: this.options.auth ?? 'on',
      WEFT_BOOTSTRAP_ADMIN_KEY: this.options.adminKey ?? '',
      WEFT_TEMPORAL_UI_URL: this.uiUrl,
      NODE_ENV: 'production',
      ...this.options.weftEnv,
    };
  }

  async startWorker(index: number): Promise<number> {
    const started = Date.now();
    const name = `worker-${index + 1}`;
    const worker = spawnLogged(name, process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      cwd: repoRoot,
      env: { ...this.weftEnv(), WEFT_WORKER_METRICS_PORT: String(this.options.ports.workerMetrics[index] ?? 0) },
      log: this.logFile(name),
    });
    this.workers[index] = worker;
    this.writeState();
    await waitForLog(worker, 'worker polling task queue');
    return Date.now() - started;
  }

  async killWorker(index: number): Promise<void> {
    const worker = this.workers[index];
    if (worker) await kill9(worker);
  }

  async startApi(index: number): Promise<number> {
    const started = Date.now();
    const name = `api-${index + 1}`;
    const port = this.options.ports.apiReplicas[index];
    const api = spawnLogged(name, process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: repoRoot,
      env: { ...this.weftEnv(), WEFT_API_PORT: String(port), WEFT_API_HOST: '127.0.0.1' },
      log: this.logFile(name),
    });
    this.apis[index] = api;
    this.writeState();
    await waitForHttp(api, `http://127.0.0.1:${port}/health`);
    return Date.now() - started;
  }

  async killApi(index: number): Promise<void> {
    const api = this.apis[index];
    if (api) await kill9(api);
  }

  /** scripts/api-proxy.mjs over the replicas: the one address clients use. */
  async startProxy(): Promise<void> {
    const { ports } = this.options;
    this.proxy = spawnLogged('api-proxy', process.execPath, [join(repoRoot, 'scripts', 'api-proxy.mjs')], {
      cwd: repoRoot,
      env: {
        ...process.env,
        WEFT_PROXY_PORT: String(ports.api),
        WEFT_PROXY_HOST: '127.0.0.1',
        WEFT_PROXY_UPSTREAMS: ports.apiReplicas.map((p) => `127.0.0.1:${p}`).join(','),
      },
      log: this.logFile('api-proxy'),
    });
    this.writeState();
    await waitForHttp(this.proxy, `${this.apiUrl}/health`);
  }

  /**
   * Everything, in compose's order. The first API replica migrates the `weft` database before the others start, as
   * compose's api-2 waits for api to be healthy.
   */
  async start({ ui = true }: { ui?: boolean } = {}): Promise<void> {
    const t0 = Date.now();
    await this.startPostgres();
    const [temporalMs] = await Promise.all([this.startTemporal(), this.buildBundle()]);
    this.say(`Temporal server ${this.options.binaries.version} ready on ${this.temporalAddress} in ${temporalMs} ms`);
    if (ui) await this.startUi();
    const workerCount = this.options.ports.workerMetrics.length;
    await Promise.all([
      ...Array.from({ length: workerCount }, (_, i) => this.startWorker(i)),
      (async () => {
        await this.startApi(0);
        await Promise.all(this.options.ports.apiReplicas.slice(1).map((_, i) => this.startApi(i + 1)));
      })(),
    ]);
    await this.startProxy();
    this.say(`stack up in ${Math.round((Date.now() - t0) / 1000)} s`);
  }

  processes(): StackProcess[] {
    return [this.proxy, ...this.apis, ...this.workers, this.ui, this.temporal].filter(
      (p): p is StackProcess => p !== undefined,
    );
  }

  /** Stops the Weft processes first, then Temporal, then PostgreSQL. */
  async stop(): Promise<void> {
    for (const group of [[this.proxy], this.apis, this.workers, [this.ui], [this.temporal]])
      await Promise.all(group.filter((p): p is StackProcess => p !== undefined).map((p) => stopGracefully(p)));
    this.postgres.stop();
    this.writeState();
  }

  /** stack.json: the pids and addresses, for `stack:prod:down` and for people. */
  writeState(): void {
    const state = {
      postgres: { dataDir: this.postgres.dataDir, url: this.postgres.url() },
      temporal: this.temporalAddress,
      ui: this.uiUrl,
      api: this.apiUrl,
      pids: Object.fromEntries(this.processes().map((p) => [p.name, p.pid])),
    };
    writeFileSync(join(this.options.stateDir, 'stack.json'), `${JSON.stringify(state, null, 2)}\n`);
  }
}
