import { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { contextOf, type CliContext } from '../cli-context';
import { positiveInt } from '../json-argument';
import { paint } from '../render/style';

interface LogLine {
  at: string;
  level: string;
  message: string;
  source: string;
  attrs?: Record<string, unknown>;
}

interface AttemptLogs {
  attempt: number;
  state: string;
  lines: LogLine[];
  dropped: number;
}

interface NodeLogs {
  attempts: AttemptLogs[];
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED']);
const FOLLOW_EVERY_MS = 500;

/** `weft run logs <run> <node> [--attempt n] [--follow]`: a node's log lines, per attempt. */
export function runLogsCommand(): Command {
  return new Command('logs')
    .description("a node's log lines (its component's log, a code node's stdout and stderr), per attempt")
    .argument('<run>', 'run id')
    .argument('<node>', 'node id')
    .option('-a, --attempt <n>', 'only this attempt', positiveInt)
    .option('-f, --follow', 'keep printing new lines until the node has finished')
    .action(
      async (runId: string, nodeId: string, options: { attempt?: number; follow?: boolean }, command: Command) => {
        const cli = contextOf(command);
        const path = `/runs/${encodeURIComponent(runId)}/nodes/${encodeURIComponent(nodeId)}`;
        const read = () => cli.api.get<NodeLogs>(`${path}/logs`, { attempt: options.attempt });
        if (!options.follow) {
          const logs = await read();
          cli.print(
            logs,
            () =>
              logs.attempts.flatMap((a) => [header(cli, a), ...a.lines.map((l) => line(cli, l))]).join('\n') ||
              'no log lines',
          );
          return;
        }
        const printed = new Map<number, number>();
        for (;;) {
          // The node's status first: lines read after it finished are all there are.
          const { status } = await cli.api.get<{ status: string }>(path);
          printNew(cli, await read(), printed);
          if (FINISHED.has(status)) return;
          await sleep(FOLLOW_EVERY_MS);
        }
      },
    );
}

/** Prints the lines not printed yet; a line's place is its index plus the lines dropped before it. */
function printNew(cli: CliContext, logs: NodeLogs, printed: Map<number, number>): void {
  for (const attempt of logs.attempts) {
    const done = printed.get(attempt.attempt);
    if (done === undefined && !cli.json) process.stdout.write(`${header(cli, attempt)}\n`);
    const from = Math.max(0, (done ?? 0) - attempt.dropped);
    for (const entry of attempt.lines.slice(from))
      process.stdout.write(`${cli.json ? JSON.stringify({ attempt: attempt.attempt, ...entry }) : line(cli, entry)}\n`);
    printed.set(attempt.attempt, attempt.dropped + attempt.lines.length);
  }
}

function header(cli: CliContext, attempt: AttemptLogs): string {
  const dropped = attempt.dropped ? ` (${attempt.dropped} earlier lines dropped)` : '';
  return paint(`--- attempt ${attempt.attempt} ${attempt.state}${dropped}`, 'gray', cli.color);
}

function line(cli: CliContext, entry: LogLine): string {
  const attrs = entry.attrs ? ` ${JSON.stringify(entry.attrs)}` : '';
  return `${entry.at} ${entry.level.toUpperCase().padEnd(5)} ${entry.source.padEnd(6)} ${entry.message}${attrs}`;
}
