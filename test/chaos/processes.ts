// OS processes the chaos suite starts and kills: each in its own process group, its output in a log file, and
// every one of them stopped (SIGKILL to the group) when the suite ends or fails (afterAll), when jest exits, and by
// a detached reaper when jest itself is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTimeout } from '../../scripts/prod-stack/processes';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Managed {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Whether `pid` leads a process group of its own (then the whole group is signalled). */
  group: boolean;
  log?: string;
  exited: Promise<Exit>;
}

const live = new Set<Managed>();
let over = false;
let reaperList: string | undefined;

/** What the reaper kills if this process goes away without cleaning up. */
function recordLive() {
  try {
    if (reaperList) writeFileSync(reaperList, [...live].map((m) => `${m.group ? -m.pid : m.pid}\n`).join(''));
  } catch {
    // the suite's temp dir is gone: so is everything it ran
  }
}

/**
 * A detached watchdog (reaper.mjs) that SIGKILLs every process still recorded here once this process is gone,
 * even by kill -9, which neither afterAll nor an exit handler survives. Its list lives in `dir`.
 */
export function startReaper(dir: string) {
  reaperList = join(dir, 'live-processes');
  recordLive();
  const reaper = spawn(process.execPath, [join(__dirname, '..', 'harness', 'reaper.mjs'), String(process.pid), reaperList], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.unref();
}

/** Tracks a child process for cleanup; `group` when it was spawned detached (its own process group). */
export function manage(
  name: string,
  child: ChildProcess,
  { group = false, log }: { group?: boolean; log?: string } = {},
) {
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  const managed: Managed = {
    name,
    child,
    pid: child.pid,
    group,
    log,
    exited: new Promise<Exit>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    }),
  };
  live.add(managed);
  recordLive();
  void managed.exited.then(() => {
    live.delete(managed);
    recordLive();
  });
  return managed;
}

/** `command args…` in a new process group, stdout and stderr appended to `log`. */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  { cwd, env, log }: { cwd: string; env: NodeJS.ProcessEnv; log: string },
): Managed {
  if (over) throw new Error(`not starting ${name}: the suite is over`);
  const fd = openSync(log, 'a');
  try {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true });
    return manage(name, child, { group: true, log });
  } finally {
    closeSync(fd);
  }
}

export function isRunning(managed: Managed): boolean {
  return managed.child.exitCode === null && managed.child.signalCode === null;
}

function signal(managed: Managed, sig: NodeJS.Signals) {
  try {
    process.kill(managed.group ? -managed.pid : managed.pid, sig);
  } catch {
    // already gone
  }
}

/** `kill -9`: SIGKILL to the process (its group), and wait until the OS has reaped it. */
export async function kill9(managed: Managed, timeoutMs = 10_000): Promise<Exit> {
  signal(managed, 'SIGKILL');
  const exit = await withTimeout(managed.exited, timeoutMs, `${managed.name} (pid ${managed.pid}) to die on SIGKILL`);
  // The leader is reaped; anything left in its group goes too.
  if (managed.group) signal(managed, 'SIGKILL');
  return exit;
}

/** Whether the suite is over (killAll ran): the polling loops stop, so a failed or timed-out test leaves none behind. */
export const suiteOver = () => over;

/** SIGKILL to everything still running that this suite started. */
export async function killAll(): Promise<void> {
  over = true;
  await Promise.all([...live].map((m) => kill9(m).catch(() => undefined)));
}

// If jest itself goes away (a crash, a forced exit), take the processes down with it.
process.once('exit', () => {
  for (const managed of live) signal(managed, 'SIGKILL');
});

export { withTimeout };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The last lines of a process's log, for error messages. */
export function tail(managed: Managed, lines = 30): string {
  if (!managed.log || !existsSync(managed.log)) return '';
  return readFileSync(managed.log, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Waits until `text` appears in the process's log (after `fromByte`); fails early if the process exits. */
export async function waitForLog(managed: Managed, text: string, { timeoutMs = 60_000, fromByte = 0 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !over) {
    if (managed.log && existsSync(managed.log) && readFileSync(managed.log).subarray(fromByte).includes(text)) return;
    if (!isRunning(managed)) throw new Error(`${managed.name} exited before logging "${text}":\n${tail(managed)}`);
    await sleep(100);
  }
  throw new Error(`${managed.name} did not log "${text}" within ${timeoutMs} ms:\n${tail(managed)}`);
}

/** Waits until GET `url` answers 2xx; fails early if the process exits. */
export async function waitForHttp(managed: Managed, url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline && !over) {
    if (!isRunning(managed)) throw new Error(`${managed.name} exited before ${url} answered:\n${tail(managed)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs} ms (last: ${last}):\n${tail(managed)}`);
}
