import { ApiError } from './api-client';
import { EXIT, type CliContext } from './cli-context';
import { progressBar, runView, type RunView } from './render/run-view';
import { paint, statusColor } from './render/style';

/**
 * Follows a run through the API's server-sent events until it ends. On a terminal the view is redrawn in
 * place; otherwise each change is a line (status, progress, nodes that changed) and the final table closes it.
 * With --json, each state is one line of JSON. Returns the exit code: 0 when the run SUCCEEDED.
 */
export async function watchRun(cli: CliContext, runId: string, intervalMs: number): Promise<number> {
  const live = Boolean(process.stdout.isTTY) && !cli.json;
  let drawnLines = 0;
  let previous: RunView | undefined;
  for await (const { event, data } of cli.api.events(
    `/runs/${encodeURIComponent(runId)}/events?intervalMs=${intervalMs}`,
  )) {
    if (event === 'problem') {
      process.stderr.write(`warning: ${(JSON.parse(data) as { detail: string }).detail}\n`);
      continue;
    }
    if (event === 'end') {
      const { status } = JSON.parse(data) as { status: string };
      if (!live && !cli.json && previous) process.stdout.write(`\n${runView(previous, cli.color)}\n`);
      return status === 'SUCCEEDED' ? EXIT.ok : EXIT.failed;
    }
    const state = { ...(JSON.parse(data) as RunView), runId };
    if (cli.json) {
      process.stdout.write(`${JSON.stringify(state)}\n`);
    } else if (live) {
      const view = runView(state, cli.color);
      process.stdout.write(`${drawnLines ? `\x1b[${drawnLines}A\x1b[J` : ''}${view}\n`);
      drawnLines = view.split('\n').length;
    } else {
      process.stdout.write(changeLines(previous, state, cli.color));
    }
    previous = state;
  }
  throw new ApiError(`the event stream of ${runId} ended before the run did`);
}

function changeLines(previous: RunView | undefined, state: RunView, color: boolean): string {
  const time = new Date().toISOString().slice(11, 19);
  const lines = [
    `${time} ${paint(state.status.padEnd(9), statusColor(state.status), color)} ${progressBar(state.progress)}`,
  ];
  for (const node of Object.values(state.nodes)) {
    const before = previous?.nodes[node.id]?.status;
    if (before !== node.status && (before || node.status !== 'PENDING')) {
      lines.push(`  ${node.id}: ${before ?? 'PENDING'} → ${paint(node.status, statusColor(node.status), color)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
