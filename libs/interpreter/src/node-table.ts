import type { RunState } from './run-state';

const MAX_ROWS = 100;

/** The run's node table as Markdown, shown as the workflow's current details in the Temporal Web UI. */
export function nodeTable(state: RunState): string {
  const nodes = Object.values(state.nodes);
  const rows = nodes
    .slice(0, MAX_ROWS)
    .map((n) => `| ${n.id} | ${n.name} | ${n.status} | ${n.attempt} | ${n.durationMs ?? ''} |`);
  const more = nodes.length > MAX_ROWS ? [`\n… and ${nodes.length - MAX_ROWS} more nodes`] : [];
  return [
    `**${state.flowId}** v${state.version}: ${state.status}, ${state.progress[0]}/${state.progress[1]} nodes done`,
    '',
    '| node | name | status | attempt | ms |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ...more,
  ].join('\n');
}
