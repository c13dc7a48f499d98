import {
  decodeRetryState,
  decodeTimeoutType,
  defaultPayloadConverter,
  type PayloadConverter,
} from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { fromWirePlan, type ExecutionPlan, type PlanNode, type WirePlan } from '@weft/dsl';
import {
  definedBreakpoints,
  FINISHED_NODE_STATUSES,
  FOREACH_RUN_WORKFLOW,
  givenFor,
  LOOP_RUN_WORKFLOW,
  type ControlSnapshot,
  type FlowRunInput,
  type ForeachRunInput,
  type ForeachRunResult,
  type GivenOutputs,
  type LoopRunInput,
  type LoopRunResult,
  type NodeError,
  type NodeState,
  type OperationRecord,
  type PauseInfo,
  type RunState,
  type RunStatus,
} from '@weft/interpreter';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Failure = temporal.api.failure.v1.IFailure;
type Payloads = temporal.api.common.v1.IPayloads;

/** What is known of an execution besides its history (open ones are read this way when no worker answers). */
export interface ClosedExecution {
  workflowId: string;
  /** flowRun, loopRun or foreachRun. */
  workflowType: string;
  status: RunStatus;
}

/** The interpreter keeps this many operations; so does the reconstruction. */
const MAX_OPERATIONS = 1000;
const IN_FLIGHT = new Set(['RUNNING', 'RETRYING', 'WAITING', 'PAUSED']);
const CLOSING = [
  'workflowExecutionCompletedEventAttributes',
  'workflowExecutionFailedEventAttributes',
  'workflowExecutionCanceledEventAttributes',
  'workflowExecutionTerminatedEventAttributes',
  'workflowExecutionTimedOutEventAttributes',
  'workflowExecutionContinuedAsNewEventAttributes',
] as const;

/**
 * The state of a closed run built from its workflow history alone, without a worker: for runs that have no
 * final-state memo (terminated or timed out by the server, or started by an older interpreter).
 *
 * What the history tells: the plan and inputs (the start event), each task node's activities (inputs, attempts,
 * times, output, error), the child runs of subflow, loop and foreach nodes, wait timers, accepted operations
 * (updates, and the signals whose effect does not depend on the run's state) and how the run ended. Nodes the
 * history does not mention stay PENDING; nodes in flight when the run closed are CANCELLED (SKIPPED when it
 * succeeded). Variables are the initial ones with the operators' changes: those set by nodes are not known.
 */
export function stateFromHistory(
  history: temporal.api.history.v1.IHistory,
  execution: ClosedExecution,
  converter: PayloadConverter = defaultPayloadConverter,
): RunState {
  const builder = new StateBuilder(execution, converter);
  for (const event of history.events ?? []) builder.apply(event);
  return builder.finish();
}

/** Input of a run from its start event, as each workflow type takes it. */
type RunInput =
  | { kind: 'flow'; input: FlowRunInput }
  | { kind: 'loop'; input: LoopRunInput }
  | { kind: 'foreach'; input: ForeachRunInput };

interface ActivityRecord {
  nodeId: string;
  /** Attempts the node had made before this activity (earlier operator retries). */
  prior: number;
  startedAttempt?: number;
}

class StateBuilder {
  private run?: RunInput;
  private plan: ExecutionPlan = { flowId: '', version: 0, nodes: [], edges: [], variables: {} };
  private byId = new Map<string, PlanNode>();
  private state!: RunState;
  private startedAt?: string;
  private iteration = 0;
  private readonly activities = new Map<string, ActivityRecord>();
  private readonly children = new Map<string, string>();
  private readonly timers = new Map<string, { nodeId: string; ms: number }>();
  private readonly operations: OperationRecord[] = [];
  private breakpoints = new Set<string>();
  private paused?: PauseInfo;
  private vars: Record<string, unknown> = {};
  private result?: unknown;
  private failure?: Failure;
  private closingTime?: string;

  constructor(
    private readonly execution: ClosedExecution,
    private readonly converter: PayloadConverter,
  ) {
    this.state = this.initialState(undefined);
  }

  apply(event: HistoryEvent): void {
    const at = timeOf(event);
    if (event.workflowExecutionStartedEventAttributes) {
      this.start(first(this.converter, event.workflowExecutionStartedEventAttributes.input), at);
    } else if (event.activityTaskScheduledEventAttributes) {
      const request = first<{ nodeId?: string; inputs?: Record<string, unknown> }>(
        this.converter,
        event.activityTaskScheduledEventAttributes.input,
      );
      const node = request?.nodeId !== undefined ? this.begin(request.nodeId, at) : undefined;
      if (!node) return;
      this.activities.set(idOf(event.eventId), { nodeId: node.id, prior: node.attempt });
      node.attempt += 1;
      node.status = 'RUNNING';
      node.inputs = request?.inputs ?? {};
    } else if (event.activityTaskStartedEventAttributes) {
      const a = event.activityTaskStartedEventAttributes;
      const activity = this.activities.get(idOf(a.scheduledEventId));
      const node = activity && this.node(activity.nodeId);
      if (!activity || !node) return;
      activity.startedAttempt = a.attempt ?? undefined;
      if (a.attempt) node.attempt = activity.prior + a.attempt;
    } else if (event.activityTaskCompletedEventAttributes) {
      const a = event.activityTaskCompletedEventAttributes;
      const activity = this.activities.get(idOf(a.scheduledEventId));
      const node = activity && this.node(activity.nodeId);
      if (!activity || !node) return;
      const result = first<{ output?: unknown; attempt?: number }>(this.converter, a.result);
      node.output = result?.output;
      node.attempt = activity.prior + (result?.attempt ?? activity.startedAttempt ?? 1);
      this.finishNode(node, 'SUCCEEDED', at);
    } else if (event.activityTaskFailedEventAttributes || event.activityTaskTimedOutEventAttributes) {
      const a = (event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes)!;
      const activity = this.activities.get(idOf(a.scheduledEventId));
      const node = activity && this.node(activity.nodeId);
      if (!activity || !node) return;
      const planNode = this.byId.get(node.id);
      const maximumAttempts = planNode?.kind === 'task' ? planNode.retry.maximumAttempts : 1;
      const attempt =
        detailsAttempt(this.converter, a.failure) ??
        activity.startedAttempt ??
        (decodeRetryState(a.retryState) === 'MAXIMUM_ATTEMPTS_REACHED' ? maximumAttempts : 1);
      node.attempt = activity.prior + attempt;
      this.failNode(node, a.failure, at);
    } else if (event.activityTaskCanceledEventAttributes) {
      const activity = this.activities.get(idOf(event.activityTaskCanceledEventAttributes.scheduledEventId));
      const node = activity && this.node(activity.nodeId);
      if (node) this.cancelNode(node, at);
    } else if (event.markerRecordedEventAttributes) {
      this.localActivity(event.markerRecordedEventAttributes, at);
    } else if (event.startChildWorkflowExecutionInitiatedEventAttributes) {
      const a = event.startChildWorkflowExecutionInitiatedEventAttributes;
      const nodeId = this.childNodeId(a.workflowId ?? '');
      const node = nodeId !== undefined ? this.begin(nodeId, at) : undefined;
      if (!node) return;
      this.children.set(idOf(event.eventId), node.id);
      (node.childRunIds ??= []).push(a.workflowId!);
      if (this.byId.get(node.id)?.kind === 'subflow') {
        // A subflow's inputs are its child run's; loop and foreach nodes have none of their own.
        node.attempt += 1;
        node.inputs = first<FlowRunInput>(this.converter, a.input)?.inputs ?? {};
      }
      node.status = 'RUNNING';
    } else if (event.childWorkflowExecutionCompletedEventAttributes) {
      const a = event.childWorkflowExecutionCompletedEventAttributes;
      const node = this.childNode(a.initiatedEventId);
      if (!node) return;
      const result = first<unknown>(this.converter, a.result);
      const kind = this.byId.get(node.id)?.kind;
      if (kind === 'loop') {
        const loop = (result ?? {}) as Partial<LoopRunResult>;
        node.iterations = loop.iterations;
        node.output = { iterations: loop.iterations, last: loop.last };
      } else if (kind === 'foreach') {
        const items = (result ?? {}) as Partial<ForeachRunResult>;
        const succeeded = items.succeeded ?? 0;
        const failed = items.failed ?? 0;
        node.items = { total: succeeded + failed, succeeded, failed };
        node.output = result;
      } else {
        node.output = result;
      }
      this.finishNode(node, 'SUCCEEDED', at);
    } else if (event.childWorkflowExecutionFailedEventAttributes) {
      const a = event.childWorkflowExecutionFailedEventAttributes;
      const node = this.childNode(a.initiatedEventId);
      if (node) this.failNode(node, a.failure, at);
    } else if (event.childWorkflowExecutionTimedOutEventAttributes) {
      const node = this.childNode(event.childWorkflowExecutionTimedOutEventAttributes.initiatedEventId);
      if (node) this.failNode(node, { message: 'child run timed out', timeoutFailureInfo: {} }, at);
    } else if (event.childWorkflowExecutionTerminatedEventAttributes) {
      const node = this.childNode(event.childWorkflowExecutionTerminatedEventAttributes.initiatedEventId);
      if (node) this.failNode(node, { message: 'Terminated', terminatedFailureInfo: {} }, at);
    } else if (event.childWorkflowExecutionCanceledEventAttributes) {
      const node = this.childNode(event.childWorkflowExecutionCanceledEventAttributes.initiatedEventId);
      if (node) this.cancelNode(node, at);
    } else if (event.startChildWorkflowExecutionFailedEventAttributes) {
      const a = event.startChildWorkflowExecutionFailedEventAttributes;
      const node = this.childNode(a.initiatedEventId);
      if (node) this.failNode(node, { message: `child run "${a.workflowId}" could not start` }, at);
    } else if (event.timerStartedEventAttributes) {
      this.timerStarted(event, at);
    } else if (event.timerFiredEventAttributes) {
      const node = this.timerNode(event.timerFiredEventAttributes.timerId);
      if (!node) return;
      node.output = { waitedMs: this.timerMs(event.timerFiredEventAttributes.timerId) };
      this.finishNode(node, 'SUCCEEDED', at);
    } else if (event.timerCanceledEventAttributes) {
      // A wait's timer is cancelled when an operator skips the node (applied with the update) or the run stops.
      const node = this.timerNode(event.timerCanceledEventAttributes.timerId);
      if (node && IN_FLIGHT.has(node.status)) this.cancelNode(node, at);
    } else if (event.workflowExecutionUpdateAcceptedEventAttributes) {
      const request = event.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input;
      this.operation(request?.name ?? '', first(this.converter, request?.args), at, true);
    } else if (event.workflowExecutionSignaledEventAttributes) {
      const a = event.workflowExecutionSignaledEventAttributes;
      this.operation(a.signalName ?? '', first(this.converter, a.input), at, false);
    } else if (event.workflowExecutionCancelRequestedEventAttributes) {
      if (this.run?.kind === 'flow' && this.operations.at(-1)?.op !== 'cancel')
        this.record('cancel', at, { reason: 'cancellation requested' });
    } else if (event.workflowExecutionCompletedEventAttributes) {
      this.result = first(this.converter, event.workflowExecutionCompletedEventAttributes.result);
    } else if (event.workflowExecutionFailedEventAttributes) {
      this.failure = event.workflowExecutionFailedEventAttributes.failure ?? undefined;
    }
    if (CLOSING.some((attributes) => event[attributes])) this.closingTime = at;
  }

  finish(): RunState {
    const { status } = this.execution;
    const state = this.state;
    if (status === 'FAILED' && this.failure && this.run?.kind !== 'foreach') this.runFailure(this.failure);
    if (this.run?.kind === 'flow' && status === 'SUCCEEDED') state.output = this.result;
    const open = status === 'RUNNING' || status === 'PAUSED';
    for (const node of Object.values(state.nodes)) {
      // An open run's nodes in flight are still in flight; a closed run's were cut short.
      if (!IN_FLIGHT.has(node.status) || open) continue;
      node.status = status === 'SUCCEEDED' ? 'SKIPPED' : 'CANCELLED';
      if (status === 'SUCCEEDED') node.skipReason = 'run-ended';
      delete node.pauseReason;
    }
    state.progress = [
      Object.values(state.nodes).filter((n) => FINISHED_NODE_STATUSES.has(n.status)).length,
      Object.keys(state.nodes).length,
    ];
    state.vars = this.vars;
    if (this.run?.kind === 'loop') {
      const result = this.result as Partial<LoopRunResult> | undefined;
      state.iteration = status === 'SUCCEEDED' && result?.iterations !== undefined ? result.iterations : this.iteration;
      state.maxIterations = this.run.input.maxIterations;
      if (status === 'SUCCEEDED' && result) {
        state.vars = result.vars ?? this.vars;
        state.output = result.last;
      }
    }
    if (this.run?.kind === 'foreach') this.foreachProgress(state);
    return {
      ...state,
      status,
      ...(this.closingTime && { finishedAt: this.closingTime }),
      ...(this.paused && { paused: this.paused }),
      breakpoints: [...this.breakpoints],
      operations: this.operations,
    };
  }

  private start(input: unknown, at: string): void {
    this.startedAt = at;
    const type = this.execution.workflowType;
    let control: Partial<ControlSnapshot> | undefined;
    if (type === LOOP_RUN_WORKFLOW) {
      const loop = input as LoopRunInput;
      this.run = { kind: 'loop', input: loop };
      this.plan = planOf(loop.body);
      this.iteration = loop.iteration ?? 0;
      this.vars = { ...loop.vars };
      control = loop.control;
    } else if (type === FOREACH_RUN_WORKFLOW) {
      const foreach = input as ForeachRunInput;
      this.run = { kind: 'foreach', input: foreach };
      this.plan = planOf(foreach.body);
      this.vars = { ...foreach.vars };
      control = foreach.control;
    } else {
      const flow = input as FlowRunInput;
      this.run = { kind: 'flow', input: flow };
      this.plan = planOf(flow.plan);
      this.vars = { ...this.plan.variables };
      control = { breakpoints: [...definedBreakpoints(this.plan), ...(flow.breakpoints ?? [])] };
    }
    this.byId = new Map(this.plan.nodes.map((n) => [n.id, n]));
    this.breakpoints = new Set(control?.breakpoints ?? definedBreakpoints(this.plan));
    this.operations.push(...(control?.operations ?? []));
    this.paused = control?.paused;
    this.state = this.initialState(at);
    if (this.run.kind === 'flow') this.markGiven(this.run.input.given);
  }

  /** A rerun's given nodes never run: they are SUCCEEDED from its start, with the output they were given. */
  private markGiven(given: GivenOutputs | undefined): void {
    for (const planNode of this.plan.nodes) {
      const entry = givenFor(given, planNode as PlanNode);
      const node = this.node(planNode.id);
      if (!entry || !node) continue;
      node.status = 'SUCCEEDED';
      node.output = entry.output;
      node.reusedFrom = entry.from;
    }
  }

  private initialState(at: string | undefined): RunState {
    const inputs = this.run?.input.inputs ?? {};
    const nodes: Record<string, NodeState> = {};
    for (const node of this.plan.nodes) {
      nodes[node.id] = {
        id: node.id,
        name: node.name ?? node.id,
        type: node.kind ?? 'task',
        ...(node.kind === 'task' || (!node.kind && 'component' in node)
          ? { component: (node as { component: string }).component }
          : {}),
        status: 'PENDING',
        attempt: 0,
      };
    }
    return {
      flowId: this.plan.flowId,
      version: this.plan.version,
      status: this.execution.status,
      startedAt: at ?? this.startedAt ?? '',
      progress: [0, this.plan.nodes.length],
      inputs,
      vars: this.vars,
      nodes,
    };
  }

  /** The node a piece of work starts for; in a loop run, work on a node that already finished starts an iteration. */
  private begin(nodeId: string, at: string): NodeState | undefined {
    if (this.run?.kind === 'foreach') return undefined; // items share node ids; the state shows item counts only
    let node = this.node(nodeId);
    if (!node) return undefined;
    if (this.run?.kind === 'loop' && FINISHED_NODE_STATUSES.has(node.status)) {
      this.iteration += 1;
      this.state = this.initialState(at);
      node = this.node(nodeId)!;
    }
    node.startedAt ??= at;
    delete node.finishedAt;
    delete node.durationMs;
    return node;
  }

  private node(nodeId: string): NodeState | undefined {
    return Object.hasOwn(this.state.nodes, nodeId) ? this.state.nodes[nodeId] : undefined;
  }

  private finishNode(node: NodeState, status: NodeState['status'], at: string): void {
    node.status = status;
    delete node.pauseReason;
    if (node.startedAt) {
      node.finishedAt = at;
      node.durationMs = Date.parse(at) - Date.parse(node.startedAt);
    }
  }

  /** A failed task or subflow: FAILED, or PAUSED waiting for an operator when its onError is "pause". */
  private failNode(node: NodeState, failure: Failure | null | undefined, at: string): void {
    node.error = nodeErrorOf(failure ?? { message: 'failed' }, this.converter);
    const planNode = this.byId.get(node.id);
    if (planNode && 'onError' in planNode && planNode.onError === 'pause') {
      node.status = 'PAUSED';
      node.pauseReason = 'error';
      return;
    }
    this.finishNode(node, 'FAILED', at);
  }

  private cancelNode(node: NodeState, at: string): void {
    if (this.execution.status === 'SUCCEEDED') {
      this.finishNode(node, 'SKIPPED', at);
      node.skipReason = 'run-ended';
    } else {
      this.finishNode(node, 'CANCELLED', at);
    }
  }

  /**
   * Child workflow ids are `<run id>--<node id>`, with `--<attempt>` after an operator retry; in a loop
   * iteration or foreach item the qualifier comes first (`<run id>--iteration-2--<node id>`).
   */
  private childNodeId(workflowId: string): string | undefined {
    const prefix = `${this.execution.workflowId}--`;
    if (!workflowId.startsWith(prefix)) return undefined;
    const rest = workflowId.slice(prefix.length);
    const unqualified = /^(?:iteration|item)-\d+--(.+)$/.exec(rest)?.[1];
    for (const candidate of [rest, unqualified]) {
      if (candidate === undefined) continue;
      if (this.byId.has(candidate)) return candidate;
      const retried = /^(.+)--\d+$/.exec(candidate)?.[1];
      if (retried !== undefined && this.byId.has(retried)) return retried;
    }
    return undefined;
  }

  private childNode(initiatedEventId: unknown): NodeState | undefined {
    const nodeId = this.children.get(idOf(initiatedEventId));
    return nodeId !== undefined ? this.node(nodeId) : undefined;
  }

  /** A wait node's timer carries `<node name> (wait)` as its summary. */
  private timerStarted(event: HistoryEvent, at: string): void {
    const summary = event.userMetadata?.summary ? this.converter.fromPayload<unknown>(event.userMetadata.summary) : '';
    const waits = this.plan.nodes.filter((n) => n.kind === 'wait' && `${n.name} (wait)` === summary);
    if (waits.length !== 1) return;
    const node = this.begin(waits[0].id, at);
    if (!node) return;
    const ms = optionalTsToMs(event.timerStartedEventAttributes!.startToFireTimeout) ?? 0;
    this.timers.set(event.timerStartedEventAttributes!.timerId ?? '', { nodeId: node.id, ms });
    node.status = 'WAITING';
  }

  private timerNode(timerId: string | null | undefined): NodeState | undefined {
    const timer = this.timers.get(timerId ?? '');
    return timer && this.node(timer.nodeId);
  }

  private timerMs(timerId: string | null | undefined): number {
    return this.timers.get(timerId ?? '')?.ms ?? 0;
  }

  /**
   * A local activity, from its marker: the marker names the component but not the node, so it is matched to
   * the one local task node of that component (left out when several share it). Its inputs are the plan's.
   */
  private localActivity(marker: temporal.api.history.v1.IMarkerRecordedEventAttributes, at: string): void {
    if (marker.markerName !== 'core_local_activity') return;
    const data = first<{ activity_type?: string; attempt?: number; original_schedule_time?: unknown }>(
      this.converter,
      marker.details?.data,
    );
    const candidates = this.plan.nodes.filter(
      (n) => n.kind === 'task' && n.local && n.component === data?.activity_type,
    );
    if (candidates.length !== 1 || candidates[0].kind !== 'task') return;
    const planNode = candidates[0];
    const node = this.begin(planNode.id, at);
    if (!node) return;
    const before = node.attempt;
    node.status = 'RUNNING';
    if (!planNode.templated) node.inputs ??= planNode.inputs;
    if (marker.failure) {
      node.attempt = before + (detailsAttempt(this.converter, marker.failure) ?? data?.attempt ?? 1);
      this.failNode(node, marker.failure, at);
      return;
    }
    const result = first<{ output?: unknown; attempt?: number }>(this.converter, marker.details?.result);
    node.output = result?.output;
    node.attempt = before + (result?.attempt ?? data?.attempt ?? 1);
    this.finishNode(node, 'SUCCEEDED', at);
  }

  /**
   * An operation the run took: accepted updates always took effect; of the signals, only those the run takes
   * whatever its state (pause when not paused, resume when paused, variables it declares, the cancel notice).
   */
  private operation(name: string, input: unknown, at: string, accepted: boolean): void {
    const args = (input && typeof input === 'object' ? input : {}) as {
      by?: string;
      reason?: string;
      nodeId?: string;
      inputs?: Record<string, unknown>;
      output?: unknown;
      vars?: Record<string, unknown>;
      enabled?: boolean;
      payload?: unknown;
      comment?: string;
    };
    const { by, reason, nodeId } = args;
    const node = nodeId !== undefined ? this.node(nodeId) : undefined;
    switch (name) {
      case 'pause':
        if (this.paused) return;
        this.paused = { at, ...(by !== undefined && { by }), ...(reason !== undefined && { reason }) };
        return this.record('pause', at, { by, reason });
      case 'resume':
        if (!this.paused) return;
        this.paused = undefined;
        return this.record('resume', at, { by, reason });
      case 'setVariables':
        if (!args.vars || typeof args.vars !== 'object' || Object.keys(args.vars).some((k) => !(k in this.vars)))
          return;
        Object.assign(this.vars, args.vars);
        return this.record('setVariables', at, { by, reason, details: { vars: args.vars } });
      case 'cancelRequested':
        return this.record('cancel', at, { by, reason });
    }
    if (!accepted) return;
    switch (name) {
      case 'retryNode':
        this.record('retryNode', at, { by, reason, nodeId, ...(args.inputs && { details: { inputs: args.inputs } }) });
        if (node?.status === 'PAUSED') {
          node.status = 'RUNNING';
          delete node.error;
          delete node.pauseReason;
        }
        return;
      case 'skipNode':
        this.record('skipNode', at, {
          by,
          reason,
          nodeId,
          ...('output' in args && { details: { output: args.output } }),
        });
        if (node && IN_FLIGHT.has(node.status)) {
          node.output = args.output ?? null;
          delete node.error;
          this.finishNode(node, 'SKIPPED', at);
          node.skipReason = 'operator';
        } else if (node?.status === 'PENDING') node.skipRequested = true;
        return;
      case 'resumeNode':
        return this.record('resumeNode', at, { by, reason, nodeId });
      case 'setBreakpoint': {
        const enabled = args.enabled ?? true;
        if (nodeId !== undefined) {
          if (enabled) this.breakpoints.add(nodeId);
          else this.breakpoints.delete(nodeId);
        }
        return this.record(enabled ? 'setBreakpoint' : 'clearBreakpoint', at, { by, reason, nodeId });
      }
      case 'approve':
      case 'reject': {
        const decision = name === 'approve' ? 'approved' : 'rejected';
        const details = { payload: args.payload, ...(args.comment && { comment: args.comment }) };
        this.record(name, at, { by, nodeId, details });
        if (node) {
          node.output = { decision, payload: args.payload, by, comment: args.comment, at };
          this.finishNode(node, 'SUCCEEDED', at);
        }
      }
    }
  }

  private record(op: string, at: string, fields: Omit<Partial<OperationRecord>, 'op' | 'at'>): void {
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    this.operations.push({ at, op, ...defined });
    if (this.operations.length > MAX_OPERATIONS) this.operations.splice(0, this.operations.length - MAX_OPERATIONS);
  }

  /** The run's error, as the interpreter reports it: the failing node's error as its cause (a fail node's own). */
  private runFailure(failure: Failure): void {
    const details = failure.applicationFailureInfo?.details;
    const nodeId = first<{ nodeId?: string }>(this.converter, details)?.nodeId;
    const node = nodeId !== undefined ? this.node(nodeId) : undefined;
    const type = failure.applicationFailureInfo?.type || 'Error';
    if (node && !node.error && this.byId.get(node.id)?.kind === 'fail') {
      node.error = { message: failure.message ?? '', type };
      node.status = 'FAILED';
    }
    this.state.error = {
      message: failure.message ?? '',
      type,
      ...(node?.error && { cause: node.error }),
    };
  }

  private foreachProgress(state: RunState): void {
    const input = (this.run as { input: ForeachRunInput }).input;
    const total = input.items?.length ?? 0;
    const result = this.result as Partial<ForeachRunResult> | undefined;
    // Items end out of order inside a run; what is certain is where this run started (and all of it on success).
    const done = this.execution.status === 'SUCCEEDED' ? total : (input.next ?? 0);
    const failed = this.execution.status === 'SUCCEEDED' ? (result?.failed ?? 0) : (input.errors?.length ?? 0);
    state.progress = [done, total];
    state.items = { total, done, failed, inFlight: 0 };
  }
}

/** A plan as it travels in the input (the API sends its wire form); plans of the first interpreter lack edges and kinds. */
function planOf(input: ExecutionPlan | WirePlan | undefined): ExecutionPlan {
  let plan: ExecutionPlan | undefined;
  try {
    plan = input && fromWirePlan(input);
  } catch {
    // A wire form that does not read (not one the API sent): the state shows no nodes rather than failing.
    plan = undefined;
  }
  return {
    flowId: plan?.flowId ?? '',
    version: plan?.version ?? 0,
    nodes: plan?.nodes ?? [],
    edges: plan?.edges ?? [],
    variables: plan?.variables ?? {},
    ...(plan?.output !== undefined && { output: plan.output }),
  };
}

/** A Temporal failure as the interpreter's NodeError (see toNodeError in libs/interpreter/src/failures.ts). */
export function nodeErrorOf(failure: Failure, converter: PayloadConverter = defaultPayloadConverter): NodeError {
  if ((failure.activityFailureInfo || failure.childWorkflowExecutionFailureInfo) && failure.cause)
    return nodeErrorOf(failure.cause, converter);
  if (failure.timeoutFailureInfo) {
    const type = decodeTimeoutType(failure.timeoutFailureInfo.timeoutType);
    return { message: `activity timed out (${type ?? 'unknown timeout'})`, type: 'Timeout' };
  }
  if (failure.applicationFailureInfo) {
    return {
      message: failure.message ?? '',
      type: failure.applicationFailureInfo.type || 'Error',
      ...(failure.applicationFailureInfo.nonRetryable && { nonRetryable: true }),
      ...(failure.cause && { cause: nodeErrorOf(failure.cause, converter) }),
    };
  }
  if (failure.canceledFailureInfo) return { message: failure.message || 'cancelled', type: 'Cancelled' };
  if (failure.terminatedFailureInfo) return { message: failure.message ?? '', type: 'TerminatedFailure' };
  if (failure.serverFailureInfo) return { message: failure.message ?? '', type: 'ServerFailure' };
  return { message: failure.message ?? '', type: 'Error' };
}

/** The attempt a component reported in its failure's details. */
function detailsAttempt(converter: PayloadConverter, failure: Failure | null | undefined): number | undefined {
  const details = failure?.applicationFailureInfo?.details ?? failure?.cause?.applicationFailureInfo?.details;
  const attempt = first<{ attempt?: unknown }>(converter, details)?.attempt;
  return typeof attempt === 'number' ? attempt : undefined;
}

function first<T>(converter: PayloadConverter, payloads: Payloads | null | undefined): T | undefined {
  const payload = payloads?.payloads?.[0];
  if (!payload) return undefined;
  try {
    return converter.fromPayload<T>(payload);
  } catch {
    return undefined;
  }
}

function idOf(id: unknown): string {
  return String(id ?? '');
}

function timeOf(event: HistoryEvent): string {
  const ms = optionalTsToMs(event.eventTime);
  return ms !== undefined ? new Date(ms).toISOString() : '';
}
