import type { NodeState, RunState, RunStatus } from './run-state';

const MAX_ROWS = 100;

/**
 * The run's node table as Markdown, shown as the workflow's current details in the Temporal Web UI. The walk
 * publishes it after every node, so its rows are kept and rebuilt only when one of them changed: a run of 1,000
 * nodes would otherwise build 100 rows a thousand times (a twentieth of a 1,000-way fan-out's workflow time).
 */
export class NodeTable {
  private shown: { node: NodeState; status: string; attempt: number; durationMs?: number }[] = [];
  private rows = '';

  render(state: RunState, status: RunStatus = state.status): string {
    if (this.changed(state)) this.rows = this.rebuild(state);
    const total = state.progress[1];
    return [
      `**${state.flowId}** v${state.version}: ${status}, ${state.progress[0]}/${total} nodes done`,
      '',
      '| node | name | status | attempt | ms |',
      '| --- | --- | --- | --- | --- |',
      ...(this.rows ? [this.rows] : []),
      ...(total > MAX_ROWS ? [`\n… and ${total - MAX_ROWS} more nodes`] : []),
    ].join('\n');
  }

  private changed(state: RunState): boolean {
    let i = 0;
    for (const id in state.nodes) {
      if (i === MAX_ROWS) break;
      const n = state.nodes[id];
      const seen = this.shown[i++];
      if (!seen || seen.node !== n || seen.status !== n.status || seen.attempt !== n.attempt) return true;
      if (seen.durationMs !== n.durationMs) return true;
    }
    return i !== this.shown.length;
  }

  private rebuild(state: RunState): string {
    this.shown = [];
    const rows: string[] = [];
    for (const id in state.nodes) {
      if (rows.length === MAX_ROWS) break;
      const n = state.nodes[id];
      this.shown.push({ node: n, status: n.status, attempt: n.attempt, durationMs: n.durationMs });
      rows.push(`| ${n.id} | ${n.name} | ${n.status} | ${n.attempt} | ${n.durationMs ?? ''} |`);
    }
    return rows.join('\n');
  }
}
