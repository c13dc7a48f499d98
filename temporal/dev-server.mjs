// Runs `temporal server start-dev` for Weft: SQLite file (or in memory), Web UI, namespace and
// Weft's search attributes registered, and waits until the frontend answers.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import {
  DEV_SERVER_DYNAMIC_CONFIG,
  dynamicConfigArgs,
  FEATURE_DYNAMIC_CONFIG,
  PERFORMANCE_DYNAMIC_CONFIG,
} from './dynamic-config.mjs';
import { ensureTemporal } from './ensure-temporal.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const searchAttributes = JSON.parse(readFileSync(join(here, 'search-attributes.json'), 'utf8'));

/**
 * @param {object} options
 * @param {number} options.port gRPC frontend port
 * @param {number} [options.uiPort] Web UI port; omitted = headless
 * @param {string} [options.dbFile] SQLite file; omitted = in memory
 * @param {string} options.namespace
 * @param {string} [options.ip]
 * @param {'inherit'|'ignore'} [options.output] where the server's own log goes
 * @param {Record<string, unknown>} [options.dynamicConfig] extra dynamic config values (tests lower limits with it)
 */
export async function startDevServer({
  port,
  uiPort,
  dbFile,
  namespace,
  ip = '127.0.0.1',
  output = 'ignore',
  dynamicConfig = {},
}) {
  const bin = await ensureTemporal();
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--namespace', namespace];
  args.push('--log-level', 'warn', '--log-format', 'pretty');
  if (uiPort) args.push('--ui-port', String(uiPort), '--ui-disable-news-fetch');
  else args.push('--headless');
  if (dbFile) {
    mkdirSync(dirname(resolve(dbFile)), { recursive: true });
    args.push('--db-filename', resolve(dbFile));
  }
  for (const [name, type] of Object.entries(searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  args.push(
    ...dynamicConfigArgs({
      ...FEATURE_DYNAMIC_CONFIG,
      ...PERFORMANCE_DYNAMIC_CONFIG,
      ...DEV_SERVER_DYNAMIC_CONFIG,
      ...dynamicConfig,
    }),
  );

  const child = spawn(bin, args, { stdio: ['ignore', output, output], detached: false });
  const exited = new Promise((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`temporal dev server exited early (code ${code}); args: ${args.join(' ')}`)),
    ),
  );
  const address = `${ip}:${port}`;
  await Promise.race([waitUntilReady(address, namespace), exited]);
  exited.catch(() => undefined);
  return {
    address,
    bin,
    process: child,
    stop: () => stopProcess(child),
  };
}

async function waitUntilReady(address, namespace, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal dev server at ${address} not ready after ${timeoutMs}ms: ${lastError?.message}`);
}

export function stopProcess(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
