import type { ExecutionPlan } from '@weft/dsl';
import type { RunControl } from './run-control';
import type { RunEvent } from './run-events';
import type { RunEventType } from './run-events';
import type { NodeState, NodeStatus, RunState } from './run-state';

const RUN_ENDS: Partial<Record<RunState['status'], RunEventType>> = {
  SUCCEEDED: 'run.completed',
  FAILED: 'run.failed',
  CANCELLED: 'run.cancelled',
};

const NODE_EVENTS: Partial<Record<NodeStatus, RunEventType>> = {
  WAITING: 'node.waiting',
  PAUSED: 'node.paused',
  SUCCEEDED: 'node.succeeded',
  FAILED: 'node.failed',
  SKIPPED: 'node.skipped',
  CANCELLED: 'node.cancelled',
};

/** What the outbox last saw of a node. */
interface Seen {
  status: NodeStatus;
  /** Whether node.started was emitted and the node has not paused or ended since. */
  running: boolean;
}

/**
 * The run's events, found by comparing its state with what was last seen: the interpreter's code is left as it
 * is, and a run without subscribers never builds one. Changes seen together (one workflow activation) come in
 * causal order: run pause/resume first, then nodes in topological order (a node's start before its end), the
 * run's end last.
 */
export class EventOutbox {
  private sequence = 0;
  private started = false;
  private paused = false;
  private ended = false;
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly runId: string,
    private readonly plan: ExecutionPlan,
    private readonly state: () => RunState,
    private readonly control: RunControl,
    private readonly nodes: boolean,
  ) {
    for (const node of plan.nodes) this.seen.set(node.id, { status: 'PENDING', running: false });
  }

  /** The events since the last call, numbered on from the last. */
  collect(): RunEvent[] {
    if (this.ended) return [];
    const state = this.state();
    const events: RunEvent[] = [];
    const emit = (type: RunEventType, node?: NodeState) => events.push(this.event(type, state, node));
    if (!this.started) {
      this.started = true;
      emit('run.started');
    }
    const paused = state.status === 'RUNNING' && this.control.paused !== undefined;
    if (paused !== this.paused) {
      this.paused = paused;
      emit(paused ? 'run.paused' : 'run.resumed');
    }
    if (this.nodes) for (const planNode of this.plan.nodes) this.nodeChanges(state.nodes[planNode.id], emit);
    const end = RUN_ENDS[state.status];
    if (end) {
      this.ended = true;
      emit(end);
    }
    return events;
  }

  private nodeChanges(node: NodeState, emit: (type: RunEventType, node: NodeState) => void): void {
    const seen = this.seen.get(node.id)!;
    if (node.status === seen.status) return;
    seen.status = node.status;
    if (node.status === 'PENDING') {
      seen.running = false;
      return;
    }
    // A node may start and end between two looks (a set node does, in one activation): its start still comes first.
    const ranSinceSeen = node.status !== 'SKIPPED' && node.status !== 'CANCELLED' && node.pauseReason !== 'breakpoint';
    if (!seen.running && node.startedAt !== undefined && ranSinceSeen) emit('node.started', node);
    seen.running = node.status === 'RUNNING' || node.status === 'RETRYING' || node.status === 'WAITING';
    const type = NODE_EVENTS[node.status];
    if (type) emit(type, node);
  }

  private event(type: RunEventType, state: RunState, node?: NodeState): RunEvent {
    this.sequence += 1;
    const status = this.control.statusOf(state);
    return {
      id: `${this.runId}:${this.sequence}`,
      type,
      sequence: this.sequence,
      at: new Date(Date.now()).toISOString(),
      runId: this.runId,
      flowId: state.flowId,
      version: state.version,
      run: { status, ...(state.error && type.startsWith('run.') && { error: state.error }) },
      ...(node && { node: nodeOf(node) }),
    };
  }
}

function nodeOf(node: NodeState): NonNullable<RunEvent['node']> {
  const { id, name, type, status, attempt, startedAt, finishedAt, durationMs, pauseReason, skipReason, error } = node;
  return {
    id,
    name,
    type,
    status,
    attempt,
    ...(startedAt !== undefined && { startedAt }),
    ...(finishedAt !== undefined && { finishedAt }),
    ...(durationMs !== undefined && { durationMs }),
    ...(pauseReason && { pauseReason }),
    ...(skipReason && { skipReason }),
    ...(error && { error }),
  };
}
