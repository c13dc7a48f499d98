import { upsertSearchAttributes, type ChildWorkflowHandle, type Workflow } from '@temporalio/workflow';
import { pauseSignal, resumeSignal, setVariablesSignal, type OperatorInput } from './messages';
import type { ControlSnapshot, OperationRecord, PauseInfo, RunState, RunStatus } from './run-state';
import { FLOW_STATUS } from './search-attributes';

/** The audit trail keeps this many of the latest operations. */
const MAX_OPERATIONS = 1000;

/** What a running child run is to its parent: which operations it is forwarded. */
type ChildKind = 'subflow' | 'loop' | 'foreach';

/**
 * The operator's hand on one workflow: whether it is paused, its breakpoints and the audit trail.
 * Loop and foreach runs carry it across continue-as-new; pause, resume and variables reach running child runs.
 */
export class RunControl {
  paused?: PauseInfo;
  readonly breakpoints: Set<string>;
  readonly operations: OperationRecord[];
  private readonly children = new Map<string, { handle: ChildWorkflowHandle<Workflow>; kind: ChildKind }>();

  constructor(
    snapshot: Partial<ControlSnapshot>,
    /** Whether this workflow keeps the FlowStatus search attribute (flow runs do; loop and foreach runs do not). */
    private readonly keepsFlowStatus: boolean,
  ) {
    this.paused = snapshot.paused;
    this.breakpoints = new Set(snapshot.breakpoints ?? []);
    this.operations = [...(snapshot.operations ?? [])];
  }

  snapshot(): ControlSnapshot {
    return {
      ...(this.paused && { paused: this.paused }),
      breakpoints: [...this.breakpoints],
      operations: this.operations,
    };
  }

  /** The state as operators see it: PAUSED while paused and not yet finished, with breakpoints and the audit trail. */
  view(state: RunState): RunState {
    return { ...state, status: this.statusOf(state), ...this.snapshot() };
  }

  statusOf(state: RunState): RunStatus {
    return state.status === 'RUNNING' && this.paused ? 'PAUSED' : state.status;
  }

  record(op: string, { by, ...fields }: OperatorInput & Omit<Partial<OperationRecord>, 'op' | 'at'>): void {
    this.operations.push({ at: new Date(Date.now()).toISOString(), op, ...(by !== undefined && { by }), ...fields });
    if (this.operations.length > MAX_OPERATIONS) this.operations.splice(0, this.operations.length - MAX_OPERATIONS);
  }

  pause(input: OperatorInput): void {
    this.paused = { at: new Date(Date.now()).toISOString(), ...input };
    this.record('pause', input);
    this.setFlowStatus('PAUSED');
    this.forward(['subflow', 'loop', 'foreach'], (handle) =>
      handle.signal(pauseSignal, { ...input, reason: input.reason ?? 'parent run paused' }),
    );
  }

  resume(input: OperatorInput): void {
    this.paused = undefined;
    this.record('resume', input);
    this.setFlowStatus('RUNNING');
    this.forward(['subflow', 'loop', 'foreach'], (handle) => handle.signal(resumeSignal, input));
  }

  /** Loop and foreach runs work on the run's variables, so new values go to them too; a subflow has its own. */
  forwardVariables(vars: Record<string, unknown>, input: OperatorInput): void {
    this.forward(['loop', 'foreach'], (handle) => handle.signal(setVariablesSignal, { vars, ...input }));
  }

  /** A child run started by a node: it is paused now if the run is, and gets later pauses and resumes. */
  adopt(handle: ChildWorkflowHandle<Workflow>, kind: ChildKind): void {
    this.children.set(handle.workflowId, { handle, kind });
    if (this.paused)
      void handle
        .signal(pauseSignal, { by: this.paused.by, reason: this.paused.reason ?? 'parent run paused' })
        .catch(ignore);
  }

  disown(workflowId: string): void {
    this.children.delete(workflowId);
  }

  private forward(kinds: ChildKind[], send: (handle: ChildWorkflowHandle<Workflow>) => Promise<void>): void {
    for (const { handle, kind } of this.children.values()) {
      // A child may finish before the signal reaches it; nothing is lost then.
      if (kinds.includes(kind)) void send(handle).catch(ignore);
    }
  }

  private setFlowStatus(status: 'PAUSED' | 'RUNNING'): void {
    if (this.keepsFlowStatus) upsertSearchAttributes([{ key: FLOW_STATUS, value: status }]);
  }
}

function ignore(): void {}
