// The production stack's OS processes: each in a process group of its own, its output in a log file of the state
// folder, so `stack:prod:down` (or a test) can stop one by its pid and kill -9 really kills the whole of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

export interface StackProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  log: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function adopt(name: string, child: ChildProcess, log: string): StackProcess {
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  return {
    name,
    child,
    pid: child.pid,
    log,
    exited: new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    }),
  };
}

export function spawnLogged(
  name: string,
  command: string,
  args: string[],
  { cwd, env, log }: { cwd: string; env: NodeJS.ProcessEnv; log: string },
): StackProcess {
  const fd = openSync(log, 'a');
  try {
    return adopt(name, spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true }), log);
  } finally {
    closeSync(fd);
  }
}

export function isRunning(p: StackProcess): boolean {
  return p.child.exitCode === null && p.child.signalCode === null;
}

export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILL to the process group; resolves once the OS has reaped the leader. */
export async function kill9(p: StackProcess): Promise<void> {
  signalGroup(p.pid, 'SIGKILL');
  await withTimeout(p.exited, 10_000, `${p.name} (pid ${p.pid}) to die on SIGKILL`);
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopGracefully(p: StackProcess, graceMs = 15_000): Promise<void> {
  if (!isRunning(p)) return;
  signalGroup(p.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(p.pid, 'SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function tail(p: StackProcess, lines = 20): string {
  if (!existsSync(p.log)) return '';
  return readFileSync(p.log, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Waits until `text` is in the process's log after `fromByte`; fails early if the process exits. */
export async function waitForLog(p: StackProcess, text: string, timeoutMs = 90_000, fromByte = 0): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(p.log) && readFileSync(p.log).subarray(fromByte).includes(text)) return;
    if (!isRunning(p)) throw new Error(`${p.name} exited before logging "${text}":\n${tail(p)}`);
    await sleep(100);
  }
  throw new Error(`${p.name} did not log "${text}" within ${timeoutMs} ms:\n${tail(p)}`);
}

/** Waits until GET `url` answers 2xx; fails early if the process exits. */
export async function waitForHttp(p: StackProcess, url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isRunning(p)) throw new Error(`${p.name} exited before ${url} answered:\n${tail(p)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `${response.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs} ms (last: ${last}):\n${tail(p)}`);
}
