import type { RunState, RunStatus } from './run-state';

const MAX_ROWS = 100;

/** The run's node table as Markdown, shown as the workflow's current details in the Temporal Web UI. */
export function nodeTable(state: RunState, status: RunStatus = state.status): string {
  const rows: string[] = [];
  for (const id in state.nodes) {
    if (rows.length === MAX_ROWS) break;
    const n = state.nodes[id];
    rows.push(`| ${n.id} | ${n.name} | ${n.status} | ${n.attempt} | ${n.durationMs ?? ''} |`);
  }
  const total = state.progress[1];
  const more = total > MAX_ROWS ? [`\n… and ${total - MAX_ROWS} more nodes`] : [];
  return [
    `**${state.flowId}** v${state.version}: ${status}, ${state.progress[0]}/${state.progress[1]} nodes done`,
    '',
    '| node | name | status | attempt | ms |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ...more,
  ].join('\n');
}
