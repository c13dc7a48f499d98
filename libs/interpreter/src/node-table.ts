import type { NodeState, RunState, RunStatus } from './run-state';

const MAX_ROWS = 100;

/** What a row was written from. */
interface Shown {
  node: NodeState;
  status: string;
  attempt: number;
  durationMs?: number;
}

/**
 * The run's node table as Markdown, shown as the workflow's current details in the Temporal Web UI (web-ui-details.ts).
 * It is rendered each time the Web UI asks for it, so each row is kept and written again only when its node changed.
 */
export class NodeTable {
  private readonly shown: Shown[] = [];
  private readonly rows: string[] = [];
  private text = '';
  /** The ids of the shown nodes, listed once per node map (a run's nodes are all there from its start). */
  private listed?: { nodes: RunState['nodes']; ids: string[] };

  render(state: RunState, status: RunStatus = state.status): string {
    this.update(state);
    const total = state.progress[1];
    return [
      `**${state.flowId}** v${state.version}: ${status}, ${state.progress[0]}/${total} nodes done`,
      '',
      '| node | name | status | attempt | ms |',
      '| --- | --- | --- | --- | --- |',
      ...(this.text ? [this.text] : []),
      ...(total > MAX_ROWS ? [`\n… and ${total - MAX_ROWS} more nodes`] : []),
    ].join('\n');
  }

  private update(state: RunState): void {
    if (this.listed?.nodes !== state.nodes) {
      this.listed = { nodes: state.nodes, ids: Object.keys(state.nodes).slice(0, MAX_ROWS) };
    }
    const { ids } = this.listed;
    let changed = false;
    let i = 0;
    for (; i < ids.length; i++) {
      const n = state.nodes[ids[i]];
      const seen = this.shown[i];
      if (
        !seen ||
        seen.node !== n ||
        seen.status !== n.status ||
        seen.attempt !== n.attempt ||
        seen.durationMs !== n.durationMs
      ) {
        this.shown[i] = { node: n, status: n.status, attempt: n.attempt, durationMs: n.durationMs };
        this.rows[i] = `| ${n.id} | ${n.name} | ${n.status} | ${n.attempt} | ${n.durationMs ?? ''} |`;
        changed = true;
      }
    }
    if (this.rows.length !== i) {
      this.rows.length = i;
      this.shown.length = i;
      changed = true;
    }
    if (changed) this.text = this.rows.join('\n');
  }
}
