import type { NodeState, RunState } from '@weft/interpreter';
import { paint, statusColor } from './style';
import { table } from './table';

export type RunView = RunState & { runId: string };

/** `[██████░░░░░░] 6/12 50%` */
export function progressBar([done, total]: [number, number], width = 24): string {
  const ratio = total ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${Math.round(ratio * 100)}%`;
}

/** The lines above the node table: run id, flow, status, progress, and the pause or failure behind the status. */
export function runHeader(run: RunView, color: boolean): string {
  const lines = [
    `${paint(run.runId, 'bold', color)}  ${run.flowId} v${run.version}  ${paint(run.status, statusColor(run.status), color)}`,
    `${progressBar(run.progress)}  started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`,
  ];
  if (run.paused)
    lines.push(
      `paused${run.paused.by ? ` by ${run.paused.by}` : ''} at ${run.paused.at}${run.paused.reason ? `: ${run.paused.reason}` : ''}`,
    );
  if (run.error) lines.push(paint(`error: ${run.error.message}`, 'red', color));
  return lines.join('\n');
}

export function nodeTable(run: RunView, color: boolean): string {
  return table(
    Object.values(run.nodes),
    [
      { header: 'NODE', value: (n) => n.id },
      { header: 'TYPE', value: (n) => n.component ?? n.type },
      { header: 'STATUS', value: (n) => n.status, color: (n) => statusColor(n.status) },
      { header: 'ATTEMPT', value: (n) => (n.attempt ? String(n.attempt) : '') },
      { header: 'DURATION', value: (n) => (n.durationMs !== undefined ? formatMs(n.durationMs) : '') },
      { header: 'DETAIL', value: detail, max: 80 },
    ],
    color,
  );
}

export function runView(run: RunView, color: boolean): string {
  return `${runHeader(run, color)}\n\n${nodeTable(run, color)}`;
}

function detail(node: NodeState): string {
  if (node.error) return node.error.message;
  if (node.pauseReason === 'breakpoint') return 'at breakpoint';
  if (node.skipRequested) return 'will be skipped';
  if (node.skipReason) return `skipped: ${node.skipReason}`;
  if (node.items) return `items ${node.items.succeeded}/${node.items.total} succeeded, ${node.items.failed} failed`;
  if (node.iterations !== undefined) return `${node.iterations} iterations`;
  if (node.childRunIds?.length) return `child ${node.childRunIds.at(-1)}`;
  return '';
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${Math.round((ms % 60_000) / 1000)}s`;
}
