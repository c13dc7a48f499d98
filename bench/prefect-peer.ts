// BENCH_PEERS=prefect: the same scenarios on Prefect 3, in the same bench run, with the per-step ratios side by side.
// Prefect comes from PyPI into a venv this creates once (~/.cache/weft/prefect-<version>, or PREFECT_VENV), and its
// server is started as its users start it (`prefect server start`) on a SQLite file of its own. The default bench
// needs no Python: nothing here runs without BENCH_PEERS=prefect.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const PREFECT_VERSION = '3.9.1';
const SCRIPT = join(__dirname, 'prefect', 'scenarios.py');

/** Weft's figures from the same bench run (interpreter, medians); a scenario not run is left out. */
export interface WeftFigures {
  chainMs?: number;
  localChainMs?: number;
  fanOutMs?: number;
  runsPerSecond?: number;
}

export interface PeerRow {
  scenario: string;
  weft: string;
  peer: string;
  ratio: number;
  target: string;
}

interface PrefectFigures {
  chain_ms?: number;
  fanout_ms?: number;
  runs_per_s?: number;
}

/** The venv's python, made and filled with the pinned Prefect the first time. */
function prefectPython(): string {
  const venv = process.env.PREFECT_VENV ?? join(homedir(), '.cache', 'weft', `prefect-${PREFECT_VERSION}`);
  const python = join(venv, 'bin', 'python');
  const prefect = join(venv, 'bin', 'prefect');
  if (!existsSync(prefect)) {
    console.log(`bench: installing prefect==${PREFECT_VERSION} into ${venv} (once)`);
    try {
      execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    } catch (err) {
      throw new Error(
        `BENCH_PEERS=prefect needs python3 with venv (Debian: apt-get install python3-venv): ${String(err)}`,
      );
    }
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', `prefect==${PREFECT_VERSION}`], { stdio: 'inherit' });
  }
  return python;
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`prefect server exited early (code ${server.exitCode})`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`prefect server at ${url} did not answer within ${timeoutMs} ms`);
}

/** Stops the server and every process it started (it runs its services in children). */
async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = new Promise((r) => server.once('exit', r));
  process.kill(-server.pid, 'SIGTERM');
  const killed = setTimeout(() => server.pid && process.kill(-server.pid, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(killed);
}

/** Runs the selected Prefect scenarios and compares them with Weft's figures against issue 10's targets. */
export async function prefectRows(weft: WeftFigures, port: number): Promise<PeerRow[]> {
  const scenarios = [
    ...(weft.chainMs !== undefined || weft.localChainMs !== undefined ? ['chain'] : []),
    ...(weft.fanOutMs !== undefined ? ['fanout'] : []),
    ...(weft.runsPerSecond !== undefined ? ['runs'] : []),
  ];
  if (!scenarios.length) return [];
  const python = prefectPython();
  const home = mkdtempSync(join(tmpdir(), 'weft-bench-prefect-'));
  const url = `http://127.0.0.1:${port}/api`;
  const env = {
    ...process.env,
    PREFECT_HOME: home,
    PREFECT_API_DATABASE_CONNECTION_URL: `sqlite+aiosqlite:///${join(home, 'prefect.db')}`,
    PREFECT_API_URL: url,
    PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
    // SQLite takes one writer at a time: under a 1,000-task fan-out on a busy machine Prefect's default 10 s wait for
    // the database lock answers 503s; a longer wait and more client retries are the usual settings for SQLite.
    PREFECT_SERVER_DATABASE_TIMEOUT: '60',
    PREFECT_CLIENT_MAX_RETRIES: '10',
    PREFECT_LOGGING_LEVEL: 'WARNING',
  };
  const bin = join(python, '..', 'prefect');
  const server = spawn(bin, ['server', 'start', '--host', '127.0.0.1', '--port', String(port)], {
    env,
    stdio: 'ignore',
    detached: true,
  });
  let figures: PrefectFigures;
  try {
    await waitForHealth(url, server);
    const out = execFileSync(python, [SCRIPT, ...scenarios], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 2 ** 20,
    });
    figures = JSON.parse(out.trim().split('\n').at(-1)!) as PrefectFigures;
  } finally {
    await stop(server);
    rmSync(home, { recursive: true, force: true });
  }
  console.log(`prefect ${PREFECT_VERSION}: ${JSON.stringify(figures)}`);
  return peerRows(weft, figures);
}

function peerRows(weft: WeftFigures, prefect: PrefectFigures): PeerRow[] {
  const rows: PeerRow[] = [];
  const perStep = (ms: number, steps: number) => `${(ms / steps).toFixed(1)} ms/step`;
  const atMost = (ratio: number, target: number) => `≤ ${target} ${ratio <= target ? 'met' : 'MISSED'}`;
  const atLeast = (ratio: number, target: number) => `≥ ${target} ${ratio >= target ? 'met' : 'MISSED'}`;
  if (prefect.chain_ms !== undefined && weft.chainMs !== undefined) {
    const ratio = weft.chainMs / prefect.chain_ms;
    rows.push({
      scenario: 'chain of 100: Weft activities (durable steps) ÷ Prefect tasks, time per step',
      weft: perStep(weft.chainMs, 100),
      peer: perStep(prefect.chain_ms, 100),
      ratio,
      target: atMost(ratio, 1),
    });
  }
  if (prefect.chain_ms !== undefined && weft.localChainMs !== undefined) {
    const ratio = prefect.chain_ms / weft.localChainMs;
    rows.push({
      scenario: 'chain of 100: Prefect tasks ÷ Weft local tasks, time per step',
      weft: perStep(weft.localChainMs, 100),
      peer: perStep(prefect.chain_ms, 100),
      ratio,
      target: atLeast(ratio, 5),
    });
  }
  if (prefect.fanout_ms !== undefined && weft.fanOutMs !== undefined) {
    const ratio = prefect.fanout_ms / weft.fanOutMs;
    rows.push({
      scenario: '1,000-way fan-out + join: Prefect ÷ Weft, time',
      weft: `${weft.fanOutMs.toFixed(0)} ms`,
      peer: `${prefect.fanout_ms.toFixed(0)} ms`,
      ratio,
      target: atLeast(ratio, 2),
    });
  }
  if (prefect.runs_per_s !== undefined && weft.runsPerSecond !== undefined) {
    const ratio = weft.runsPerSecond / prefect.runs_per_s;
    rows.push({
      scenario: 'small runs (10-node diamond) per second: Weft ÷ Prefect',
      weft: `${weft.runsPerSecond.toFixed(1)} runs/s`,
      peer: `${prefect.runs_per_s.toFixed(2)} runs/s`,
      ratio,
      target: atLeast(ratio, 10),
    });
  }
  return rows;
}
