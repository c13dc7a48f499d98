import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ComponentError } from '../../component';

export type SnippetLanguage = 'python' | 'javascript';

export interface SnippetRun {
  language: SnippetLanguage;
  code: string;
  input: unknown;
  timeoutMs: number;
  memoryMb: number;
  /** Bytes of the output's JSON; much more kills the snippet and fails the node with OutputTooLarge. */
  maxOutputBytes: number;
  signal: AbortSignal;
  onOutput(source: 'stdout' | 'stderr', line: string): void;
}

/** Files a snippet may write, in total per file (RLIMIT_FSIZE). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** A line longer than this is cut into several. */
const MAX_LINE_CHARS = 4096;
/** Room for the V8 heap's young generation, code and buffers beyond `--max-old-space-size`. */
const NODE_DATA_HEADROOM_MB = 256;

let python: string | undefined;

/** The real python3 binary (a pyenv shim needs an environment the snippet does not get). */
function pythonBinary(): string {
  python ??=
    process.env.WEFT_CODE_PYTHON ||
    execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return python;
}

function command(run: SnippetRun): { file: string; args: string[]; dataMb: number } {
  if (run.language === 'python')
    return {
      file: pythonBinary(),
      args: ['-I', '-u', '-X', 'utf8', join(__dirname, 'run-python.py')],
      dataMb: run.memoryMb,
    };
  return {
    file: process.execPath,
    args: [`--max-old-space-size=${run.memoryMb}`, join(__dirname, 'run-javascript.cjs')],
    dataMb: run.memoryMb + NODE_DATA_HEADROOM_MB,
  };
}

interface SnippetResult {
  ok: boolean;
  output?: unknown;
  error?: { type: string; message: string; line: number | null };
}

/**
 * Runs a snippet in a fresh interpreter process under `prlimit` (data segment and file size limits, no core
 * dumps), in an empty temporary directory with a minimal environment, killed with its whole process group at
 * its timeout, on cancellation, or once it exits (so no background child outlives the node).
 */
export async function runSnippet(run: SnippetRun): Promise<unknown> {
  const cwd = await mkdtemp(join(tmpdir(), 'weft-code-'));
  try {
    return await runIn(cwd, run);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

function runIn(cwd: string, run: SnippetRun): Promise<unknown> {
  const { file, args, dataMb } = command(run);
  const limits = [`--data=${dataMb * 1024 * 1024}`, `--fsize=${MAX_FILE_BYTES}`, '--core=0'];
  const child = spawn('prlimit', [...limits, '--', file, ...args], {
    cwd,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: cwd, TMPDIR: cwd },
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let ended: 'timeout' | 'cancelled' | 'output' | undefined;
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const stop = (why: NonNullable<typeof ended>) => {
    ended ??= why;
    killGroup();
  };
  const timer = setTimeout(() => stop('timeout'), run.timeoutMs);
  const onAbort = () => stop('cancelled');
  run.signal.addEventListener('abort', onAbort);

  let stderrTail = '';
  lines(child.stdout, (line) => run.onOutput('stdout', line));
  lines(child.stderr, (line) => {
    stderrTail = line;
    run.onOutput('stderr', line);
  });
  const resultChunks: Buffer[] = [];
  let resultBytes = 0;
  const resultStream = child.stdio[3] as Readable;
  resultStream.on('data', (chunk: Buffer) => {
    resultBytes += chunk.length;
    if (resultBytes > run.maxOutputBytes + 1024) stop('output');
    else resultChunks.push(chunk);
  });
  resultStream.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  child.stdin.end(JSON.stringify({ code: run.code, input: run.input ?? null }));

  return new Promise((resolve, reject) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      killGroup();
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(
        new ComponentError(`cannot start the ${run.language} snippet: ${err.message}`, 'CodeRunnerUnavailable', false),
      );
    });
    child.on('close', () => {
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onAbort);
      try {
        resolve(outcome(run, ended, exit, Buffer.concat(resultChunks).toString('utf8'), stderrTail));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function outcome(
  run: SnippetRun,
  ended: 'timeout' | 'cancelled' | 'output' | undefined,
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined,
  resultText: string,
  stderrTail: string,
): unknown {
  if (ended === 'timeout')
    throw new ComponentError(`snippet ran past its ${run.timeoutMs} ms timeout and was killed`, 'CodeTimeout', false);
  if (ended === 'cancelled') throw new ComponentError('snippet cancelled', 'CodeCancelled', false);
  // The same type as any component's output over the limit (checked again by toActivity once read).
  if (ended === 'output')
    throw new ComponentError(`snippet output is over ${run.maxOutputBytes} bytes`, 'OutputTooLarge', false);
  let result: SnippetResult | undefined;
  try {
    result = resultText ? (JSON.parse(resultText) as SnippetResult) : undefined;
  } catch {
    result = undefined;
  }
  if (result?.ok) return result.output;
  if (result?.error) {
    const { type, message, line } = result.error;
    const where = line ? ` (line ${line})` : '';
    const details = { errorType: type, line };
    if (type === 'MemoryError' || /allocation failed|out of memory/i.test(message))
      throw new ComponentError(
        `${type}: over the ${run.memoryMb} MB memory limit${where}`,
        'CodeMemoryLimit',
        false,
        details,
      );
    const kind =
      type === 'SyntaxError' || type === 'IndentationError' || type === 'TabError' ? 'CodeSyntaxError' : 'CodeError';
    throw new ComponentError(`${type}: ${message}${where}`, kind, false, details);
  }
  if (/out of memory|MemoryError|Cannot allocate memory/i.test(stderrTail) || exit?.signal === 'SIGABRT')
    throw new ComponentError(`snippet went over its ${run.memoryMb} MB memory limit`, 'CodeMemoryLimit', false);
  const how = exit?.signal ? `was killed by ${exit.signal}` : `exited with code ${exit?.code}`;
  throw new ComponentError(
    `snippet ${how} without a result${stderrTail ? `: ${stderrTail}` : ''}`,
    'CodeCrashed',
    false,
  );
}

/** Calls `onLine` for every line of a stream; a line longer than MAX_LINE_CHARS comes in pieces. */
function lines(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
    }
    while (pending.length > MAX_LINE_CHARS) {
      onLine(pending.slice(0, MAX_LINE_CHARS));
      pending = pending.slice(MAX_LINE_CHARS);
    }
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
  });
  stream.on('error', () => undefined);
}
