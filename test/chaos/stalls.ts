// What the chaos suite sees of runs through the HTTP API, and how long a kill held them up.
import { sleep, suiteOver } from './processes';

export interface RunView {
  runId: string;
  status: string;
  progress: [number, number];
  output?: unknown;
  nodes: Record<string, { status: string; attempt: number; startedAt?: string; finishedAt?: string }>;
}

/** GET /runs/:id, or undefined when the API (or Temporal behind it) does not answer in time. */
export async function readRun(apiUrl: string, runId: string, timeoutMs = 10_000): Promise<RunView | undefined> {
  try {
    const response = await fetch(`${apiUrl}/runs/${encodeURIComponent(runId)}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok ? ((await response.json()) as RunView) : undefined;
  } catch {
    return undefined;
  }
}

/** Every run's state at one moment, each read retried until it answers (bounded). */
export async function snapshot(apiUrl: string, runIds: string[], timeoutMs = 30_000): Promise<Map<string, RunView>> {
  const deadline = Date.now() + timeoutMs;
  const views = await Promise.all(
    runIds.map(async (runId) => {
      while (Date.now() < deadline && !suiteOver()) {
        const view = await readRun(apiUrl, runId);
        if (view) return view;
        await sleep(250);
      }
      throw new Error(`GET /runs/${runId} did not answer within ${timeoutMs} ms`);
    }),
  );
  return new Map(views.map((v) => [v.runId, v]));
}

export interface Stall {
  runId: string;
  /** From the kill until a read showed the run had gone on. */
  ms: number;
  /** From the kill until the run itself recorded going on (the `finishedAt` of `moved`): without the read's lag. */
  recordedMs: number;
  /** The first node (plan order) that finished after the kill: what the run had been waiting on. */
  moved?: { nodeId: string; attempt: number; status: string; finishedAt?: string };
  /** Mean time between two reads of this run while it was measured. */
  pollMs: number;
}

export interface StallReport {
  runs: number;
  longest: Stall;
  medianMs: number;
  /** The longest `recordedMs` over the runs. */
  longestRecordedMs: number;
  /** Runs that went on with a node on its second attempt or later: their attempt died with the process. */
  retried: number;
  /** Mean time between two reads of the same run (the measurement's resolution), over the runs. */
  meanPollMs: number;
}

function whatMoved(before: RunView, after: RunView): Stall['moved'] {
  for (const [nodeId, node] of Object.entries(after.nodes)) {
    if (node.status !== before.nodes[nodeId]?.status && ['SUCCEEDED', 'FAILED', 'SKIPPED'].includes(node.status))
      return { nodeId, attempt: node.attempt, status: node.status, finishedAt: node.finishedAt };
  }
  return undefined;
}

export const describeMove = (stall: Stall) =>
  stall.moved ? `${stall.moved.nodeId} ${stall.moved.status} on attempt ${stall.moved.attempt}` : 'the run ending';

/**
 * For each run that was RUNNING in `baseline`: the time from `killedAt` until GET /runs/:id first shows it went on
 * (its `progress[0]` grew, or it ended). Called once the killed process is back (nothing moves, or can be seen,
 * before); reads each run about every `intervalMs`, one read in flight per run (a read of a running run is a
 * query its worker answers, so under load a read can take longer than that). Fails, naming the runs and where
 * they stand, if some run has not gone on by `timeoutMs` after the kill.
 */
export async function measureStall(
  apiUrl: string,
  baseline: Map<string, RunView>,
  killedAt: number,
  { intervalMs = 250, timeoutMs = 120_000 } = {},
): Promise<StallReport> {
  const deadline = killedAt + timeoutMs;
  const measuring = Date.now();
  const running = [...baseline.values()].filter((v) => v.status === 'RUNNING');
  const last = new Map<string, RunView>();
  const stalls = await Promise.all(
    running.map(async (before): Promise<Stall | undefined> => {
      let polls = 0;
      while (Date.now() < deadline && !suiteOver()) {
        const polled = Date.now();
        const view = await readRun(apiUrl, before.runId);
        polls++;
        if (view) {
          last.set(before.runId, view);
          if (view.status !== 'RUNNING' || view.progress[0] > before.progress[0]) {
            const ms = Date.now() - killedAt;
            const moved = whatMoved(before, view);
            const recorded = moved?.finishedAt ? Math.max(0, Date.parse(moved.finishedAt) - killedAt) : ms;
            return { runId: before.runId, ms, recordedMs: recorded, moved, pollMs: (Date.now() - measuring) / polls };
          }
        }
        await sleep(Math.max(0, intervalMs - (Date.now() - polled)));
      }
      return undefined;
    }),
  );
  const stuck = running.filter((_, i) => !stalls[i]);
  if (stuck.length) {
    const where = stuck.slice(0, 5).map((before) => {
      const view = last.get(before.runId);
      const active = Object.entries(view?.nodes ?? before.nodes)
        .filter(([, n]) => !['SUCCEEDED', 'PENDING', 'SKIPPED'].includes(n.status))
        .map(([id, n]) => `${id} ${n.status} attempt ${n.attempt}`);
      return `${before.runId}: ${view ? `${view.status} ${view.progress.join('/')}` : 'never answered'}, ${active.join(', ')}`;
    });
    throw new Error(
      `${stuck.length} of ${running.length} runs made no progress within ${timeoutMs} ms of the kill:\n  ${where.join('\n  ')}`,
    );
  }
  const sorted = (stalls as Stall[]).sort((a, b) => a.ms - b.ms);
  return {
    runs: sorted.length,
    longest: sorted[sorted.length - 1] ?? { runId: '-', ms: 0, recordedMs: 0, pollMs: 0 },
    longestRecordedMs: Math.max(0, ...sorted.map((s) => s.recordedMs)),
    medianMs: sorted[Math.floor(sorted.length / 2)]?.ms ?? 0,
    retried: sorted.filter((s) => (s.moved?.attempt ?? 1) > 1).length,
    meanPollMs: sorted.reduce((sum, s) => sum + s.pollMs, 0) / Math.max(1, sorted.length),
  };
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
