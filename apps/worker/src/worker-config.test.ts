import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkflowThreads } from './create-worker';
import { readWorkerConfig } from './worker-config';

describe('readWorkerConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-worker-config-'));
  const base = { TEMPORAL_CONFIG_FILE: join(dir, 'none.toml') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has defaults for everything', () => {
    expect(readWorkerConfig(base)).toEqual({
      temporal: {
        address: 'localhost:7233',
        namespace: 'default',
        taskQueue: 'weft',
        connection: { address: 'localhost:7233' },
      },
      workflowBundle: undefined,
      metrics: { bindAddress: '0.0.0.0:9464' },
      logLevel: 'info',
      shutdownGraceMs: 30_000,
      workflowThreads: defaultWorkflowThreads(),
    });
  });

  it('takes every setting from its variable', () => {
    const bundle = join(dir, 'workflow-bundle.js');
    writeFileSync(bundle, '');
    expect(
      readWorkerConfig({
        ...base,
        TEMPORAL_ADDRESS: 'temporal:7233',
        WEFT_TASK_QUEUE: 'q',
        WEFT_WORKFLOW_BUNDLE: bundle,
        WEFT_WORKER_METRICS_PORT: '9100',
        WEFT_WORKER_METRICS_HOST: '127.0.0.1',
        WEFT_LOG_LEVEL: 'warn',
        WEFT_WORKER_SHUTDOWN_GRACE_MS: '5000',
        WEFT_WORKFLOW_THREADS: '3',
      }),
    ).toMatchObject({
      temporal: { address: 'temporal:7233', taskQueue: 'q' },
      workflowBundle: bundle,
      metrics: { bindAddress: '127.0.0.1:9100' },
      logLevel: 'warn',
      shutdownGraceMs: 5000,
      workflowThreads: 3,
    });
  });

  it('registers the built-ins with the control plane WEFT_API_URL names, with WEFT_API_KEY', () => {
    expect(readWorkerConfig({ ...base, WEFT_API_URL: 'http://api:3000', WEFT_API_KEY: 'weft_k' }).registration).toEqual(
      {
        apiUrl: 'http://api:3000',
        apiKey: 'weft_k',
      },
    );
  });

  it('turns the metrics port off with 0', () => {
    expect(readWorkerConfig({ ...base, WEFT_WORKER_METRICS_PORT: '0' }).metrics).toBeUndefined();
  });

  it.each([
    [{ WEFT_WORKER_METRICS_PORT: '70000' }, 'WEFT_WORKER_METRICS_PORT must be an integer from 0 to 65535, got "70000"'],
    [{ WEFT_WORKER_METRICS_PORT: 'abc' }, 'WEFT_WORKER_METRICS_PORT must be an integer from 0 to 65535, got "abc"'],
    [{ WEFT_WORKER_METRICS_HOST: 'a b' }, 'WEFT_WORKER_METRICS_HOST must be a host name or an IP address, got "a b"'],
    [
      { WEFT_LOG_LEVEL: 'loud' },
      'WEFT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [{ WEFT_WORKER_SHUTDOWN_GRACE_MS: '-1' }, 'WEFT_WORKER_SHUTDOWN_GRACE_MS must be an integer from 0 to 86400000'],
    [{ WEFT_WORKFLOW_BUNDLE: '/nowhere/bundle.js' }, 'WEFT_WORKFLOW_BUNDLE not found: /nowhere/bundle.js'],
    [{ WEFT_WORKFLOW_THREADS: '0' }, 'WEFT_WORKFLOW_THREADS must be an integer from 1 to 64, got "0"'],
    [{ TEMPORAL_ADDRESS: 'temporal' }, 'TEMPORAL_ADDRESS must look like host:port, got "temporal"'],
    [{ WEFT_API_URL: 'api:3000' }, 'WEFT_API_URL must be an http(s) URL, got "api:3000"'],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => readWorkerConfig({ ...base, ...env })).toThrow(message);
  });
});
