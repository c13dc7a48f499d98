import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  conditionWithoutJsonata,
  evaluateCondition,
  hasTemplate,
  jsonBytes,
  LIMITS,
  renderTemplate,
  type ComponentResult,
  type ExecutionPlan,
  type ExpressionScope,
  type PlanNode,
  type TaskPlanNode,
} from '@weft/dsl/runtime';
import { startChildRun } from './child-run';
import { writeClosingRecords } from './closing-records';
import { decideEdges, decideEdgesNow, needsConditions, takenWithoutConditions, type Outcome } from './edge-decisions';
import { expressionOptions } from './expression-options';
import { scopeOf } from './expression-scope';
import { attemptOf, toNodeError } from './failures';
import type { RetryNodeInput, SkipNodeInput } from './messages';
import type { Approval, ChildKind, NodeRuntime, OperatorDecision } from './node-runtime';
import { NodeTable } from './node-table';
import { executeNode } from './nodes';
import { executePlainTask, isPlainTask } from './nodes/task';
import { approvalRefusal, resumeRefusal, retryRefusal, skipRefusal } from './operator-decisions';
import { PATCHES } from './patches';
import type { RunControl } from './run-control';
import { RunFailure, runFailureOf } from './run-failure';
import { FINISHED_NODE_STATUSES, type NodeState, type NodeStatus, type RunState } from './run-state';
import { FLOW_STATUS } from './search-attributes';
import { givenFor, type GivenOutput, type GivenOutputs } from './given-outputs';
import { WorkMeter } from './work-meter';
import { showLiveDetails } from './web-ui-details';

/**
 * Walks one plan: a node runs once every incoming edge is decided and at least one was taken;
 * otherwise it is SKIPPED and its outgoing edges are dead (dead-path elimination).
 * What each node kind does is in nodes/; which edges a finished node takes, in edge-decisions.ts.
 */
export class FlowExecution implements NodeRuntime {
  private readonly byId: Map<string, PlanNode>;
  private readonly undecided: Map<string, number>;
  private readonly taken = new Set<string>();
  private readonly nodeScope: CancellationScope;
  readonly decisions = new Map<string, OperatorDecision>();
  readonly approvals = new Map<string, Approval>();
  /** Nodes an operator let past their breakpoint in this execution. */
  private readonly released = new Set<string>();
  private inFlight = 0;
  /** A rerun's outputs taken from its source run (FlowRunInput.given); none in any other run. */
  given?: GivenOutputs;
  private failure?: RunFailure;
  private ended?: { output: unknown };
  private readonly table = new NodeTable();
  /** Set by walk(): what to do once no node is in flight any more. */
  private whenDrained?: () => void;

  constructor(
    readonly plan: ExecutionPlan,
    readonly state: RunState,
    readonly control: RunControl,
    /** A loop iteration or foreach item: no search attributes or Web UI details of its own, extra names in scope. */
    private readonly nested?: { scope: Partial<ExpressionScope> },
    /** The workflow's work since its task last ended; loop and foreach runs share one across iterations and items. */
    readonly meter = new WorkMeter(),
    /** The scope the nodes run in; loop iterations share their loop's (see walk()). */
    scope?: CancellationScope,
  ) {
    this.nodeScope = scope ?? new CancellationScope();
    if (!nested) showLiveDetails(() => this.table.render(this.state, this.control.statusOf(this.state)));
    this.byId = new Map(plan.nodes.map((n) => [n.id, n]));
    this.undecided = new Map(plan.nodes.map((n) => [n.id, n.incoming.length]));
  }

  /** Runs the plan to its end; returns the run output or throws the run's failure. */
  async run(): Promise<unknown> {
    // Only a run's initial variables are templates; a body's variables are values its parent already has.
    if (!this.nested && hasTemplate(this.state.vars)) {
      try {
        this.state.vars = (await this.render(this.state.vars, '$.variables')) as Record<string, unknown>;
      } catch (err) {
        throw this.failBeforeEnd(runFailureOf(err));
      }
    }
    // Every node starts inside nodeScope: the roots here, the others from completion callbacks, which
    // inherit the scope, so one cancel() reaches them all without a scope (and its promises) per node.
    await this.nodeScope.run(async () => {
      for (const node of this.plan.nodes) if (node.incoming.length === 0) this.start(node);
    });
    try {
      await condition(() => this.inFlight === 0);
    } catch (err) {
      if (!isCancellation(err)) throw err;
      if (!this.nested && this.control.operations.at(-1)?.op !== 'cancel')
        this.control.record('cancel', { reason: 'cancellation requested' });
      this.nodeScope.cancel();
      await CancellationScope.nonCancellable(() => condition(() => this.inFlight === 0));
      this.finishRun('CANCELLED');
      throw err;
    }
    if (this.failure) throw this.failBeforeEnd(this.failure);
    try {
      this.state.output = this.ended ? this.ended.output : await this.runOutput();
    } catch (err) {
      throw this.failBeforeEnd(runFailureOf(err));
    }
    this.finishRun('SUCCEEDED');
    return this.state.output;
  }

  /**
   * What run() does, without a promise of its own: the roots start now and `done` is called from the completion
   * callback of the last node to finish. Loop iterations are walked this way one after another (loop-iterations.ts):
   * each promise a workflow creates costs a recorded stack trace, and run()'s scope, condition() and awaits were
   * most of an iteration's cost. The nodes run in the scope given to the constructor, which an `end` node or a
   * failure cancels; a cancelled scope that the walk did not cancel itself means the workflow is being cancelled.
   */
  walk(done: (outcome: WalkOutcome) => void): void {
    this.whenDrained = () => this.endWalk(done);
    const startRoots = () =>
      this.guarded(noop, () => {
        for (const node of this.plan.nodes) if (node.incoming.length === 0) this.start(node);
      });
    // From an earlier iteration's callback the nodes are already in the scope; entering it costs three promises.
    if (CancellationScope.current() === this.nodeScope) startRoots();
    else void this.nodeScope.run(async () => startRoots());
    this.settle();
  }

  private endWalk(done: (outcome: WalkOutcome) => void): void {
    if (this.nodeScope.consideredCancelled && !this.stopping) {
      this.finishRun('CANCELLED');
      return done({ cancelled: true });
    }
    if (this.failure) return done({ error: this.failBeforeEnd(this.failure) });
    if (this.ended || this.plan.output === undefined) {
      this.state.output = this.ended ? this.ended.output : this.nodeOutputs();
      this.finishRun('SUCCEEDED');
      return done({ output: this.state.output });
    }
    this.runOutput().then(
      (output) => {
        this.state.output = output;
        this.finishRun('SUCCEEDED');
        done({ output });
      },
      (err: unknown) => done({ error: this.failBeforeEnd(runFailureOf(err)) }),
    );
  }

  /** Calls walk()'s `done` once no node is in flight; checked after each callback, so a node that starts right after another ended (a hold, a yield) does not end the walk in between. */
  private settle(): void {
    if (this.inFlight !== 0 || !this.whenDrained) return;
    const drained = this.whenDrained;
    this.whenDrained = undefined;
    drained();
  }

  /**
   * Ends the run FAILED with the failure in its state, and gives the non-retryable ApplicationFailure that fails
   * the workflow: every error the interpreter meets fails the run, never the workflow task (which Temporal
   * would retry forever).
   */
  failBeforeEnd(failure: RunFailure): ApplicationFailure {
    const cause = failure.nodeId !== undefined ? this.state.nodes[failure.nodeId]?.error : undefined;
    this.state.error = { message: failure.message, type: failure.type, ...(cause && { cause }) };
    this.finishRun('FAILED');
    return ApplicationFailure.create({
      message: failure.message,
      type: failure.type,
      nonRetryable: true,
      ...(failure.nodeId && { details: [{ nodeId: failure.nodeId }] }),
      cause: failure.cause instanceof Error ? failure.cause : undefined,
    });
  }

  retryRefusal(nodeId: string): string | undefined {
    return retryRefusal(this.state.nodes, this.decisions, nodeId);
  }

  skipRefusal(nodeId: string): string | undefined {
    return skipRefusal(this.state.nodes, this.decisions, nodeId);
  }

  resumeRefusal(nodeId: string): string | undefined {
    return resumeRefusal(this.state.nodes, this.decisions, nodeId);
  }

  approvalRefusal(nodeId: string, payload: unknown): string | undefined {
    return approvalRefusal(
      this.byId.get(nodeId),
      this.byId.has(nodeId) ? this.state.nodes[nodeId] : undefined,
      this.approvals,
      this.decisions,
      nodeId,
      payload,
    );
  }

  requestRetry(input: RetryNodeInput): void {
    this.decisions.set(input.nodeId, { kind: 'retry', input });
  }

  /** A pending node is skipped when it is reached; a paused or waiting one at once. */
  requestSkip(input: SkipNodeInput): void {
    this.decisions.set(input.nodeId, { kind: 'skip', input });
    const node = this.state.nodes[input.nodeId];
    if (node.status === 'PENDING') node.skipRequested = true;
  }

  /** Lets a node past its breakpoint; it starts unless the whole run is paused. */
  resumeNode(nodeId: string): void {
    this.released.add(nodeId);
    const node = this.state.nodes[nodeId];
    node.status = 'PENDING';
    delete node.pauseReason;
  }

  recordApproval(nodeId: string, approval: Approval): void {
    this.approvals.set(nodeId, approval);
  }

  /** Whether an operator decision on the node has been acted on (a skip of a PENDING node waits until it is reached). */
  settled(nodeId: string): boolean {
    return !this.decisions.has(nodeId) || this.state.nodes[nodeId].status === 'PENDING';
  }

  get cancelling(): boolean {
    return this.nodeScope.consideredCancelled;
  }

  private get stopping(): boolean {
    return this.failure !== undefined || this.ended !== undefined;
  }

  private start(planNode: PlanNode): void {
    const given = givenFor(this.given, planNode);
    if (given) return this.reuse(planNode, given);
    if (this.held(planNode.id)) return this.hold(planNode);
    if (this.meter.countNode(planNode.kind === 'task' && !planNode.local)) return this.afterYield(planNode);
    const node = this.state.nodes[planNode.id];
    const skip = this.takeSkip(planNode.id);
    const plain = !skip && isPlainTask(planNode);
    if (!skip) {
      node.status = 'RUNNING';
      node.startedAt = new Date(Date.now()).toISOString();
    }
    const release = this.enterFlight();
    // Plain callbacks, not async/await, and one of them per node: the SDK records a stack trace for every
    // promise a workflow creates, so promises per node are the interpreter's main cost (bench/RESULTS.md).
    const outcome = skip
      ? this.operatorSkip(planNode, node, skip)
      : plain
        ? executePlainTask(planNode, node)
        : executeNode(this, planNode, node);
    outcome.then(
      (result) =>
        this.guarded(release, () => {
          if (plain) this.recordPlainResult(node, result as ComponentResult);
          const deciding = this.afterNode(planNode, plain ? 'SUCCEEDED' : (result as Outcome));
          // The node counts as in flight until its edges are decided, or the run could end in between.
          if (!deciding) release();
          else void deciding.then(() => this.releaseAndSettle(release));
        }),
      (err: unknown) =>
        this.guarded(release, () => {
          release();
          if (plain && !(isCancellation(err) && this.nodeScope.consideredCancelled)) {
            node.attempt = attemptOf(err, (planNode as TaskPlanNode).retry.maximumAttempts) ?? 1;
          }
          this.onNodeError(planNode, node, err);
        }),
    );
  }

  /**
   * A rerun takes the node's output from its source run without running it: the node SUCCEEDED, its `outputs`
   * are mapped into the variables, and the walk goes on as if it had just finished.
   */
  private reuse(planNode: PlanNode, given: GivenOutput): void {
    const node = this.state.nodes[planNode.id];
    const release = this.enterFlight();
    node.output = given.output;
    node.reusedFrom = given.from;
    const mapped =
      'outputs' in planNode && planNode.outputs ? this.mapOutputs(planNode, given.output) : Promise.resolve();
    mapped.then(
      () =>
        this.guarded(release, () => {
          this.finishNode(node, 'SUCCEEDED');
          const deciding = this.afterNode(planNode, 'SUCCEEDED');
          if (!deciding) release();
          else void deciding.then(() => this.releaseAndSettle(release));
        }),
      (err: unknown) =>
        this.guarded(release, () => {
          release();
          this.onNodeError(planNode, node, err);
        }),
    );
  }

  /** Whether the node must wait before it starts: the run is paused, or the node is at a breakpoint (a skip goes through). */
  private held(nodeId: string): boolean {
    if (this.decisions.get(nodeId)?.kind === 'skip') return false;
    return this.control.paused !== undefined || this.atBreakpoint(nodeId);
  }

  private atBreakpoint(nodeId: string): boolean {
    return this.control.breakpoints.has(nodeId) && !this.released.has(nodeId);
  }

  /** Keeps a node from starting until the run is resumed and its breakpoint passed; it counts as in flight meanwhile. */
  private hold(planNode: PlanNode): void {
    const node = this.state.nodes[planNode.id];
    const release = this.enterFlight();
    if (this.atBreakpoint(planNode.id) && node.pauseReason !== 'breakpoint') {
      node.status = 'PAUSED';
      node.pauseReason = 'breakpoint';
      this.control.record('breakpoint', { nodeId: planNode.id, reason: `paused before "${planNode.id}"` });
    }
    condition(() => !this.held(planNode.id)).then(
      () =>
        this.guarded(release, () => {
          release();
          if (node.pauseReason === 'breakpoint') {
            node.status = 'PENDING';
            delete node.pauseReason;
          }
          this.start(planNode);
        }),
      (err: unknown) =>
        this.guarded(release, () => {
          release();
          this.onNodeError(planNode, node, err);
        }),
    );
  }

  /** Starts the node once the workflow task has ended and the next one begun (see WorkMeter). */
  private afterYield(planNode: PlanNode): void {
    const release = this.enterFlight();
    this.meter.yield().then(
      () =>
        this.guarded(release, () => {
          release();
          this.start(planNode);
        }),
      (err: unknown) =>
        this.guarded(release, () => {
          release();
          this.onNodeError(planNode, this.state.nodes[planNode.id], err);
        }),
    );
  }

  private releaseAndSettle(release: () => void): void {
    release();
    this.settle();
  }

  /** Counts one more node in flight; the function returned takes it out again, once. */
  private enterFlight(): () => void {
    this.inFlight += 1;
    let counted = true;
    return () => {
      if (!counted) return;
      counted = false;
      this.inFlight -= 1;
    };
  }

  /**
   * Runs a completion callback of the walk. A throw there would be an unhandled rejection, which fails the
   * workflow task again on every retry: it fails the run instead.
   */
  private guarded(release: () => void, callback: () => void): void {
    try {
      callback();
    } catch (err) {
      release();
      this.failRun(
        new RunFailure(`interpreter error: ${(err as Error)?.message ?? String(err)}`, 'InterpreterError', err),
      );
    }
    this.settle();
  }

  takeSkip(nodeId: string): SkipNodeInput | undefined {
    const decision = this.decisions.get(nodeId);
    if (decision?.kind !== 'skip') return undefined;
    this.decisions.delete(nodeId);
    return decision.input;
  }

  async operatorSkip(planNode: PlanNode, node: NodeState, input: SkipNodeInput): Promise<Outcome> {
    node.output = input.output ?? null;
    node.skipReason = 'operator';
    delete node.skipRequested;
    delete node.pauseReason;
    delete node.error;
    if ('outputs' in planNode && planNode.outputs) await this.mapOutputs(planNode, node.output);
    this.finishNode(node, 'SKIPPED');
    return 'SUCCEEDED';
  }

  private recordPlainResult(node: NodeState, result: ComponentResult): void {
    node.attempt = result.attempt;
    node.output = result.output;
    this.finishNode(node, 'SUCCEEDED');
  }

  childRun<R>(
    node: NodeState,
    kind: ChildKind,
    input: unknown,
    summary: string,
    flow: { flowId: string; version: number },
  ): Promise<R> {
    return startChildRun<R>(
      this.control,
      node,
      kind,
      input,
      summary,
      flow,
      this.childIdQualifier(),
    );
  }

  /** Which loop iteration or foreach item a child run belongs to, so that its id is its own. */
  private childIdQualifier(): string | undefined {
    const scope = this.nested?.scope;
    const qualifier =
      scope?.index !== undefined
        ? `item-${scope.index}`
        : scope?.iteration !== undefined
          ? `iteration-${scope.iteration}`
          : undefined;
    return qualifier !== undefined && patched(PATCHES.uniqueChildIds) ? qualifier : undefined;
  }

  async mapOutputs(planNode: { outputs?: Record<string, unknown>; path: string }, output: unknown): Promise<void> {
    if (!planNode.outputs) return;
    const values = (await this.render(planNode.outputs, `${planNode.path}.outputs`, { output })) as Record<
      string,
      unknown
    >;
    this.assignVariables(values, `${planNode.path}.outputs`);
  }

  assignVariables(values: Record<string, unknown>, path: string): void {
    Object.assign(this.state.vars, values);
    const bytes = jsonBytes(this.state.vars);
    if (bytes > LIMITS.maxVariablesBytes) {
      throw new RunFailure(
        `${path}: the run's variables would be ${bytes} bytes; the limit is ${LIMITS.maxVariablesBytes}`,
        'VariablesTooLarge',
      );
    }
  }

  async awaitOperator(node: NodeState): Promise<OperatorDecision> {
    node.status = 'PAUSED';
    node.pauseReason = 'error';
    await condition(() => this.decisions.has(node.id));
    const decision = this.decisions.get(node.id)!;
    this.decisions.delete(node.id);
    return decision;
  }

  endRun(output: unknown): void {
    if (this.stopping) return;
    this.ended = { output };
    this.nodeScope.cancel();
  }

  private onNodeError(planNode: PlanNode, node: NodeState, err: unknown): void {
    if (isCancellation(err) && this.nodeScope.consideredCancelled) {
      this.finishNode(node, this.ended ? 'SKIPPED' : 'CANCELLED');
      if (this.ended) node.skipReason = 'run-ended';
      return;
    }
    node.error = err instanceof RunFailure ? { message: err.message, type: err.type } : toNodeError(err);
    this.finishNode(node, 'FAILED');
    this.failRun(
      err instanceof RunFailure
        ? new RunFailure(err.message, err.type, err.cause, planNode.id)
        : new RunFailure(`node "${planNode.id}" failed: ${node.error.message}`, 'NodeFailed', err, planNode.id),
    );
  }

  private failRun(failure: RunFailure): void {
    if (this.stopping) return;
    this.failure = failure;
    this.nodeScope.cancel();
  }

  /** Decides the edges leaving a finished node, then starts or skips the nodes whose inputs are all decided. */
  private afterNode(planNode: PlanNode, outcome: Outcome): Promise<void> | void {
    if (this.stopping) return;
    const edges = planNode.outgoing.map((i) => this.plan.edges[i]);
    if (!needsConditions(edges, outcome)) return this.apply(planNode, takenWithoutConditions(edges, outcome));
    const scope = scopeOf(this.state, workflowInfo().workflowId, this.nested?.scope);
    const options = expressionOptions();
    if (options.fastPath) {
      const now = decideEdgesNow(planNode, edges, outcome, (edge) => conditionWithoutJsonata(edge.when!, scope));
      if (now) {
        this.meter.steps += now.steps;
        return this.apply(planNode, now.taken);
      }
    }
    return decideEdges(planNode, edges, outcome, (edge) =>
      evaluateCondition(edge.when!, scope, `${edge.path}.when`, this.meter, options),
    ).then(
      (taken) => this.guarded(noop, () => this.apply(planNode, taken)),
      (err: unknown) => this.failRun(runFailureOf(err)),
    );
  }

  private apply(planNode: PlanNode, taken: boolean[]): void {
    if (this.stopping) return;
    planNode.outgoing.forEach((edgeIndex, i) => {
      const target = this.plan.edges[edgeIndex].to;
      if (taken[i]) this.taken.add(target);
      const left = this.undecided.get(target)! - 1;
      this.undecided.set(target, left);
      if (left > 0) return;
      const next = this.byId.get(target)!;
      if (this.taken.has(target)) this.start(next);
      else this.skip(next);
    });
  }

  private skip(planNode: PlanNode): void {
    const node = this.state.nodes[planNode.id];
    this.decisions.delete(planNode.id);
    delete node.skipRequested;
    node.skipReason = 'dead-path';
    this.finishNode(node, 'SKIPPED');
    void this.afterNode(planNode, 'SKIPPED');
  }

  finishNode(node: NodeState, status: NodeStatus): void {
    node.status = status;
    if (node.startedAt) {
      const now = Date.now();
      node.finishedAt = new Date(now).toISOString();
      node.durationMs = now - Date.parse(node.startedAt);
    }
    this.state.progress[0] += 1;
  }

  async runOutput(): Promise<unknown> {
    if (this.plan.output !== undefined) return this.render(this.plan.output, '$.output');
    return this.nodeOutputs();
  }

  private nodeOutputs(): Record<string, unknown> {
    return Object.fromEntries(Object.values(this.state.nodes).map((n) => [n.id, n.output]));
  }

  render(value: unknown, path: string, extra = {}): Promise<unknown> {
    return renderTemplate(
      value,
      scopeOf(this.state, workflowInfo().workflowId, { ...this.nested?.scope, ...extra }),
      path,
      this.meter,
      expressionOptions(),
    );
  }

  private finishRun(status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'): void {
    for (const node of Object.values(this.state.nodes)) {
      if (!FINISHED_NODE_STATUSES.has(node.status)) {
        node.status = status === 'SUCCEEDED' ? 'SKIPPED' : 'CANCELLED';
        if (status === 'SUCCEEDED') node.skipReason = 'run-ended';
        this.state.progress[0] += 1;
      }
    }
    this.state.status = status;
    this.state.finishedAt = new Date(Date.now()).toISOString();
    if (this.nested) return;
    upsertSearchAttributes([{ key: FLOW_STATUS, value: status }]);
    writeClosingRecords(this.control.view(this.state), { flowStatus: false });
  }
}

function noop(): void {}

/** How a walk ended: the run output, the failure that fails the run, or the workflow's cancellation. */
export type WalkOutcome = { output: unknown } | { error: ApplicationFailure } | { cancelled: true };
