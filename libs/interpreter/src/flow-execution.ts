import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  setCurrentDetails,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  evaluateCondition,
  hasTemplate,
  isDuration,
  renderTemplate,
  toMilliseconds,
  compileSchema,
  schemaIssues,
  type ApprovalPlanNode,
  type ExpressionScope,
  type ForeachPlanNode,
  type LoopPlanNode,
  type ComponentResult,
  type ExecutionPlan,
  type PlanNode,
  type SubflowPlanNode,
  type TaskPlanNode,
} from '@weft/dsl';
import { scopeOf } from './expression-scope';
import { attemptOf, toNodeError } from './failures';
import type { RetryNodeInput, SkipNodeInput } from './messages';
import { nodeTable } from './node-table';
import type { RunControl } from './run-control';
import {
  FINISHED_NODE_STATUSES,
  type FlowRunInput,
  type ForeachRunInput,
  type ForeachRunResult,
  type LoopRunInput,
  type LoopRunResult,
  type NodeState,
  type NodeStatus,
  type RunState,
} from './run-state';
import { runTask } from './run-task';
import {
  FLOW_ID,
  FLOW_RUN_WORKFLOW,
  FLOW_STATUS,
  FLOW_VERSION,
  FOREACH_RUN_WORKFLOW,
  LOOP_RUN_WORKFLOW,
} from './search-attributes';

type Outcome = 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
type Approval = { decision: 'approved' | 'rejected'; payload?: unknown; by?: string; comment?: string };
type OperatorDecision = { kind: 'retry'; input: RetryNodeInput } | { kind: 'skip'; input: SkipNodeInput };

/** Thrown inside the walk when the run must fail: carries what to report. */
class RunFailure {
  constructor(
    readonly message: string,
    readonly type: string,
    readonly cause?: unknown,
    readonly nodeId?: string,
  ) {}
}

/**
 * Walks one plan: a node runs once every incoming edge is decided and at least one was taken;
 * otherwise it is SKIPPED and its outgoing edges are dead (dead-path elimination).
 */
export class FlowExecution {
  private readonly byId: Map<string, PlanNode>;
  private readonly undecided: Map<string, number>;
  private readonly taken = new Set<string>();
  private readonly nodeScope = new CancellationScope();
  private readonly decisions = new Map<string, OperatorDecision>();
  private readonly approvals = new Map<string, Approval>();
  /** Nodes an operator let past their breakpoint in this execution. */
  private readonly released = new Set<string>();
  private inFlight = 0;
  private failure?: RunFailure;
  private ended?: { output: unknown };

  constructor(
    private readonly plan: ExecutionPlan,
    readonly state: RunState,
    private readonly control: RunControl,
    /** A loop iteration or foreach item: no search attributes or Web UI details of its own, extra names in scope. */
    private readonly nested?: { scope: Partial<ExpressionScope> },
  ) {
    this.byId = new Map(plan.nodes.map((n) => [n.id, n]));
    this.undecided = new Map(plan.nodes.map((n) => [n.id, n.incoming.length]));
  }

  /** Runs the plan to its end; returns the run output or throws the run's failure. */
  async run(): Promise<unknown> {
    // Only a run's initial variables are templates; a body's variables are values its parent already has.
    if (!this.nested && hasTemplate(this.state.vars)) {
      this.state.vars = (await this.render(this.state.vars, '$.variables')) as Record<string, unknown>;
    }
    // Every node starts inside nodeScope: the roots here, the others from completion callbacks, which
    // inherit the scope, so one cancel() reaches them all without a scope (and its promises) per node.
    await this.nodeScope.run(async () => {
      for (const node of this.plan.nodes) if (node.incoming.length === 0) this.start(node);
    });
    this.publish();
    try {
      await condition(() => this.inFlight === 0);
    } catch (err) {
      if (!isCancellation(err)) throw err;
      if (!this.nested && this.control.operations.at(-1)?.op !== 'cancel') this.control.record('cancel', { reason: 'cancellation requested' });
      this.nodeScope.cancel();
      await CancellationScope.nonCancellable(() => condition(() => this.inFlight === 0));
      this.finishRun('CANCELLED');
      throw err;
    }
    if (this.failure) {
      const failure = this.failure;
      this.state.error = {
        message: failure.message,
        type: failure.type,
        ...(failure.nodeId && this.state.nodes[failure.nodeId].error && { cause: this.state.nodes[failure.nodeId].error }),
      };
      this.finishRun('FAILED');
      throw ApplicationFailure.create({
        message: failure.message,
        type: failure.type,
        nonRetryable: true,
        ...(failure.nodeId && { details: [{ nodeId: failure.nodeId }] }),
        cause: failure.cause instanceof Error ? failure.cause : undefined,
      });
    }
    this.state.output = this.ended ? this.ended.output : await this.runOutput();
    this.finishRun('SUCCEEDED');
    return this.state.output;
  }

  /** Why a retry is refused: only a node paused on its error can be retried. */
  retryRefusal(nodeId: string): string | undefined {
    const node = this.state.nodes[nodeId];
    if (!node) return `unknown node "${nodeId}"`;
    if (FINISHED_NODE_STATUSES.has(node.status)) return `node "${nodeId}" already ${node.status}`;
    if (node.pauseReason !== 'error' || this.decisions.has(nodeId)) return `node "${nodeId}" is ${node.status}, not paused on an error`;
    return undefined;
  }

  /** Why a skip is refused: pending, paused and waiting nodes can be skipped; running and finished ones cannot. */
  skipRefusal(nodeId: string): string | undefined {
    const node = this.state.nodes[nodeId];
    if (!node) return `unknown node "${nodeId}"`;
    if (FINISHED_NODE_STATUSES.has(node.status)) return `node "${nodeId}" already ${node.status}`;
    if (this.decisions.has(nodeId)) return `node "${nodeId}" already has an operator decision waiting to be applied`;
    if (node.status === 'RUNNING') return `node "${nodeId}" is RUNNING; only pending, paused or waiting nodes can be skipped`;
    return undefined;
  }

  /** Why resuming a node is refused: only a node held at its breakpoint can be resumed. */
  resumeRefusal(nodeId: string): string | undefined {
    const node = this.state.nodes[nodeId];
    if (!node) return `unknown node "${nodeId}"`;
    if (node.pauseReason !== 'breakpoint' || this.decisions.has(nodeId)) return `node "${nodeId}" is ${node.status}, not paused at a breakpoint`;
    return undefined;
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
    this.publish();
  }

  /** Whether an operator decision on the node has been acted on (a skip of a PENDING node waits until it is reached). */
  settled(nodeId: string): boolean {
    return !this.decisions.has(nodeId) || this.state.nodes[nodeId].status === 'PENDING';
  }

  private get stopping(): boolean {
    return this.failure !== undefined || this.ended !== undefined;
  }

  private start(planNode: PlanNode): void {
    if (this.held(planNode.id)) return this.hold(planNode);
    const node = this.state.nodes[planNode.id];
    const skip = this.takeSkip(planNode.id);
    const plain = !skip && isPlainTask(planNode);
    if (!skip) {
      node.status = 'RUNNING';
      node.startedAt = new Date(Date.now()).toISOString();
    }
    this.inFlight += 1;
    // Plain callbacks, not async/await, and one of them per node: the SDK records a stack trace for every
    // promise a workflow creates, so promises per node are the interpreter's main cost (bench/RESULTS.md).
    const outcome = skip ? this.operatorSkip(planNode, node, skip) : plain ? this.executePlainTask(planNode, node) : this.execute(planNode, node);
    outcome.then(
      (result) => {
        if (plain) this.recordPlainResult(node, result as ComponentResult);
        this.publish();
        const deciding = this.afterNode(planNode, plain ? 'SUCCEEDED' : (result as Outcome));
        // The node counts as in flight until its edges are decided, or the run could end in between.
        if (!deciding) this.inFlight -= 1;
        else void deciding.then(() => (this.inFlight -= 1));
      },
      (err: unknown) => {
        this.inFlight -= 1;
        if (plain && !(isCancellation(err) && this.nodeScope.consideredCancelled)) {
          node.attempt = attemptOf(err, planNode.retry.maximumAttempts) ?? 1;
        }
        this.onNodeError(planNode, node, err);
        this.publish();
      },
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
    this.inFlight += 1;
    if (this.atBreakpoint(planNode.id) && node.pauseReason !== 'breakpoint') {
      node.status = 'PAUSED';
      node.pauseReason = 'breakpoint';
      this.control.record('breakpoint', { nodeId: planNode.id, reason: `paused before "${planNode.id}"` });
    }
    this.publish();
    condition(() => !this.held(planNode.id)).then(
      () => {
        this.inFlight -= 1;
        if (node.pauseReason === 'breakpoint') {
          node.status = 'PENDING';
          delete node.pauseReason;
        }
        this.start(planNode);
      },
      (err: unknown) => {
        this.inFlight -= 1;
        this.onNodeError(planNode, node, err);
        this.publish();
      },
    );
  }

  private takeSkip(nodeId: string): SkipNodeInput | undefined {
    const decision = this.decisions.get(nodeId);
    if (decision?.kind !== 'skip') return undefined;
    this.decisions.delete(nodeId);
    return decision.input;
  }

  /** An operator's skip: the node is SKIPPED with the output given, its outputs are mapped, and downstream goes on. */
  private async operatorSkip(planNode: PlanNode, node: NodeState, input: SkipNodeInput): Promise<Outcome> {
    node.output = input.output ?? null;
    node.skipReason = 'operator';
    delete node.skipRequested;
    delete node.pauseReason;
    delete node.error;
    if ('outputs' in planNode && planNode.outputs) await this.mapOutputs(planNode, node.output);
    this.finishNode(node, 'SKIPPED');
    return 'SUCCEEDED';
  }

  /** The common case: literal inputs, no output mapping, failures fail the run. */
  private executePlainTask(planNode: TaskPlanNode, node: NodeState): Promise<ComponentResult> {
    node.attempt = 1;
    node.inputs = planNode.inputs;
    return runTask(planNode, planNode.inputs);
  }

  private recordPlainResult(node: NodeState, result: ComponentResult): void {
    node.attempt = result.attempt;
    node.output = result.output;
    this.finishNode(node, 'SUCCEEDED');
  }

  private execute(planNode: PlanNode, node: NodeState): Promise<Outcome> {
    switch (planNode.kind) {
      case 'task':
      case 'subflow':
        return this.executeWork(planNode, node);
      case 'approval':
        return this.executeApproval(planNode, node);
      case 'loop':
        return this.executeLoop(planNode, node);
      case 'foreach':
        return this.executeForeach(planNode, node);
      default:
        return this.executePure(planNode, node);
    }
  }

  /**
   * Runs a child workflow as `<run id>--<node id>` (with `--<attempt>` after an operator retry), listed under
   * `flow`; its id is on the node before it starts, so the state links to it while it runs.
   */
  private async childRun<R>(
    node: NodeState,
    kind: 'subflow' | 'loop' | 'foreach',
    input: unknown,
    summary: string,
    flow: { flowId: string; version: number },
  ): Promise<R> {
    const workflowId = `${workflowInfo().workflowId}--${node.id}${node.attempt > 1 ? `--${node.attempt}` : ''}`;
    (node.childRunIds ??= []).push(workflowId);
    this.publish();
    const handle = await startChild(CHILD_WORKFLOWS[kind], {
      workflowId,
      args: [input],
      staticSummary: summary,
      typedSearchAttributes: childSearchAttributes(flow.flowId, flow.version),
    });
    this.control.adopt(handle, kind);
    try {
      return (await handle.result()) as R;
    } finally {
      this.control.disown(workflowId);
    }
  }

  /** Sets the variables a node's `outputs` mapping names, reading `output` from what the node produced. */
  private async mapOutputs(planNode: { outputs?: Record<string, unknown>; path: string }, output: unknown): Promise<void> {
    if (!planNode.outputs) return;
    const values = (await this.render(planNode.outputs, `${planNode.path}.outputs`, { output })) as Record<string, unknown>;
    Object.assign(this.state.vars, values);
  }

  /** A child run of the pinned subflow plan. */
  private async runSubflow(planNode: SubflowPlanNode, node: NodeState, inputs: Record<string, unknown>): Promise<ComponentResult> {
    const input: FlowRunInput = { plan: planNode.plan, inputs };
    const summary = `${planNode.plan.flowId} v${planNode.plan.version} (subflow ${planNode.id})`;
    const output = await this.childRun<unknown>(node, 'subflow', input, summary, planNode.plan);
    return { output, attempt: 1 };
  }

  private async executeLoop(planNode: LoopPlanNode, node: NodeState): Promise<Outcome> {
    const input: LoopRunInput = {
      body: planNode.body,
      ...(planNode.while !== undefined && { while: planNode.while }),
      maxIterations: planNode.maxIterations,
      path: planNode.path,
      inputs: this.state.inputs,
      vars: this.state.vars,
      iteration: 0,
    };
    const summary = `loop ${planNode.id} of ${this.state.flowId} v${this.state.version}`;
    const result = await this.childRun<LoopRunResult>(node, 'loop', input, summary, this.state);
    Object.assign(this.state.vars, result.vars);
    node.iterations = result.iterations;
    node.output = { iterations: result.iterations, last: result.last };
    await this.mapOutputs(planNode, node.output);
    this.finishNode(node, 'SUCCEEDED');
    return 'SUCCEEDED';
  }

  private async executeForeach(planNode: ForeachPlanNode, node: NodeState): Promise<Outcome> {
    const items = await this.render(planNode.items, `${planNode.path}.items`);
    if (!Array.isArray(items)) {
      throw new RunFailure(`${planNode.path}.items must give a list, got ${JSON.stringify(items) ?? 'nothing'}`, 'ExpressionError');
    }
    let result: ForeachRunResult = { outputs: [], succeeded: 0, failed: 0, errors: [] };
    if (items.length) {
      const input: ForeachRunInput = {
        body: planNode.body,
        items,
        concurrency: planNode.concurrency,
        onItemError: planNode.onItemError,
        path: planNode.path,
        inputs: this.state.inputs,
        vars: this.state.vars,
        next: 0,
        outputs: [],
        errors: [],
      };
      const summary = `foreach ${planNode.id} of ${this.state.flowId} v${this.state.version}`;
      result = await this.childRun<ForeachRunResult>(node, 'foreach', input, summary, this.state);
    }
    node.items = { total: items.length, succeeded: result.succeeded, failed: result.failed };
    node.output = result;
    await this.mapOutputs(planNode, result);
    this.finishNode(node, 'SUCCEEDED');
    return 'SUCCEEDED';
  }

  private async executeApproval(planNode: ApprovalPlanNode, node: NodeState): Promise<Outcome> {
    node.status = 'WAITING';
    this.publish();
    const decided = () => this.approvals.has(planNode.id) || this.decisions.has(planNode.id);
    const inTime = planNode.timeoutMs === undefined ? (await condition(decided), true) : await condition(decided, planNode.timeoutMs);
    const skip = this.takeSkip(planNode.id);
    if (skip) return this.operatorSkip(planNode, node, skip);
    let approval = this.approvals.get(planNode.id);
    if (!inTime || !approval) {
      if (planNode.onTimeout === 'fail') {
        throw new RunFailure(`approval "${planNode.id}" got no decision within ${planNode.timeoutMs}ms`, 'ApprovalTimeout');
      }
      approval = { decision: planNode.onTimeout === 'approve' ? 'approved' : 'rejected', by: 'timeout' };
    }
    node.output = { ...approval, at: new Date(Date.now()).toISOString() };
    this.finishNode(node, 'SUCCEEDED');
    return 'SUCCEEDED';
  }

  /** Why an approve/reject is refused, or undefined when it is accepted. */
  approvalRefusal(nodeId: string, payload: unknown): string | undefined {
    const planNode = this.byId.get(nodeId);
    const node = this.state.nodes[nodeId];
    if (!planNode || planNode.kind !== 'approval') return `"${nodeId}" is not an approval node`;
    if (node.status !== 'WAITING' || this.approvals.has(nodeId) || this.decisions.has(nodeId)) return `approval "${nodeId}" is ${node.status}, not waiting for a decision`;
    if (planNode.schema) {
      const issues = schemaIssues(compileSchema(planNode.schema), payload ?? {}, '$.payload');
      if (issues.length) return `invalid payload: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`;
    }
    return undefined;
  }

  recordApproval(nodeId: string, approval: Approval): void {
    this.approvals.set(nodeId, approval);
  }

  private async executePure(
    planNode: Exclude<PlanNode, TaskPlanNode | SubflowPlanNode | ApprovalPlanNode>,
    node: NodeState,
  ): Promise<Outcome> {
    switch (planNode.kind) {
      case 'set': {
        const values = (await this.render(planNode.assign, `${planNode.path}.assign`)) as Record<string, unknown>;
        Object.assign(this.state.vars, values);
        node.output = values;
        break;
      }
      case 'wait': {
        const ms = await this.waitMs(planNode);
        node.status = 'WAITING';
        this.publish();
        // A timer an operator's skip can end early; without a skip its commands are those of a plain sleep.
        if (ms > 0) await condition(() => this.decisions.has(planNode.id), ms, { summary: `${planNode.name} (wait)` });
        const skip = this.takeSkip(planNode.id);
        if (skip) return this.operatorSkip(planNode, node, skip);
        node.output = { waitedMs: ms };
        break;
      }
      case 'switch':
        break;
      case 'end': {
        const output = planNode.output !== undefined ? await this.render(planNode.output, `${planNode.path}.output`) : await this.runOutput();
        if (!this.stopping) {
          this.ended = { output };
          this.nodeScope.cancel();
        }
        node.output = output;
        break;
      }
      case 'fail': {
        const message = String(await this.render(planNode.message, `${planNode.path}.message`));
        node.error = { message, type: planNode.errorType };
        throw new RunFailure(message, planNode.errorType, undefined, planNode.id);
      }
    }
    this.finishNode(node, 'SUCCEEDED');
    return 'SUCCEEDED';
  }

  /** A task or subflow: inputs rendered, outputs mapped into variables, onError applied. */
  private async executeWork(planNode: TaskPlanNode | SubflowPlanNode, node: NodeState): Promise<Outcome> {
    let inputs = hasTemplate(planNode.inputs)
      ? ((await this.render(planNode.inputs, `${planNode.path}.inputs`)) as Record<string, unknown>)
      : planNode.inputs;
    const maximumAttempts = planNode.kind === 'task' ? planNode.retry.maximumAttempts : 1;
    for (;;) {
      const priorAttempts = node.attempt;
      node.attempt = priorAttempts + 1;
      node.inputs = inputs;
      try {
        const result = planNode.kind === 'task' ? await runTask(planNode, inputs) : await this.runSubflow(planNode, node, inputs);
        node.attempt = priorAttempts + result.attempt;
        node.output = result.output;
        await this.mapOutputs(planNode, result.output);
        this.finishNode(node, 'SUCCEEDED');
        return 'SUCCEEDED';
      } catch (err) {
        if (isCancellation(err) && this.nodeScope.consideredCancelled) throw err;
        node.attempt = priorAttempts + (attemptOf(err, maximumAttempts) ?? 1);
        node.error = toNodeError(err);
        if (planNode.onError === 'continue') {
          this.finishNode(node, 'FAILED');
          return 'FAILED';
        }
        if (planNode.onError !== 'pause') throw err;
      }
      const decision = await this.awaitOperator(node);
      if (decision.kind === 'skip') return this.operatorSkip(planNode, node, decision.input);
      if (decision.input.inputs) inputs = decision.input.inputs;
      delete node.error;
      delete node.pauseReason;
      node.status = 'RUNNING';
      this.publish();
    }
  }

  private async awaitOperator(node: NodeState): Promise<OperatorDecision> {
    node.status = 'PAUSED';
    node.pauseReason = 'error';
    this.publish();
    await condition(() => this.decisions.has(node.id));
    const decision = this.decisions.get(node.id)!;
    this.decisions.delete(node.id);
    return decision;
  }

  private async waitMs(planNode: PlanNode & { kind: 'wait' }): Promise<number> {
    if (planNode.until !== undefined) {
      const until = await this.render(planNode.until, `${planNode.path}.until`);
      const at = typeof until === 'string' ? Date.parse(until) : Number.NaN;
      if (Number.isNaN(at)) throw new RunFailure(`${planNode.path}.until: "${String(until)}" is not an ISO-8601 instant`, 'ExpressionError');
      return Math.max(0, at - Date.now());
    }
    const duration = typeof planNode.duration === 'string' ? await this.render(planNode.duration, `${planNode.path}.duration`) : planNode.duration;
    if (!isDuration(duration)) {
      throw new RunFailure(`${planNode.path}.duration: ${JSON.stringify(duration)} is not a duration`, 'ExpressionError');
    }
    return toMilliseconds(duration);
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
    const conditional = outcome !== 'SKIPPED' && edges.some((e) => e.when !== undefined);
    if (!conditional) return this.apply(planNode, edges.map((e) => outcome !== 'SKIPPED' && onMatches(e.on, outcome)));
    return this.decideConditions(planNode, outcome).then(
      (taken) => this.apply(planNode, taken),
      (err: unknown) => this.failRun(new RunFailure((err as Error).message, 'ExpressionError', err)),
    );
  }

  private async decideConditions(planNode: PlanNode, outcome: Outcome): Promise<boolean[]> {
    const edges = planNode.outgoing.map((i) => this.plan.edges[i]);
    const scope = scopeOf(this.state, workflowInfo().workflowId, this.nested?.scope);
    const taken: boolean[] = [];
    let matched = false;
    for (const edge of edges) {
      const firstOnly = planNode.kind === 'switch' && planNode.mode === 'first';
      const eligible: boolean = onMatches(edge.on, outcome) && edge.when !== undefined && !(firstOnly && matched);
      const holds: boolean = eligible && (await evaluateCondition(edge.when!, scope, `${edge.path}.when`));
      matched ||= holds;
      taken.push(holds || (edge.when === undefined && onMatches(edge.on, outcome) && planNode.kind !== 'switch'));
    }
    if (planNode.kind === 'switch' && !matched) {
      edges.forEach((edge, i) => (taken[i] = edge.when === undefined));
    }
    return taken;
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

  private finishNode(node: NodeState, status: NodeStatus): void {
    node.status = status;
    if (node.startedAt) {
      const now = Date.now();
      node.finishedAt = new Date(now).toISOString();
      node.durationMs = now - Date.parse(node.startedAt);
    }
    this.state.progress[0] += 1;
  }

  private async runOutput(): Promise<unknown> {
    if (this.plan.output !== undefined) return this.render(this.plan.output, '$.output');
    return Object.fromEntries(Object.values(this.state.nodes).map((n) => [n.id, n.output]));
  }

  private render(value: unknown, path: string, extra = {}): Promise<unknown> {
    return renderTemplate(value, scopeOf(this.state, workflowInfo().workflowId, { ...this.nested?.scope, ...extra }), path);
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
    this.publish();
  }

  /** Refreshes the node table the Temporal Web UI shows as the run's current details. */
  publish(): void {
    if (this.nested) return;
    setCurrentDetails(nodeTable(this.state, this.control.statusOf(this.state)));
  }
}

/** Child runs are listed under the flow they run, like any run. */
function childSearchAttributes(flowId: string, version: number) {
  return [
    { key: FLOW_ID, value: flowId },
    { key: FLOW_VERSION, value: version },
    { key: FLOW_STATUS, value: 'RUNNING' },
  ];
}

const CHILD_WORKFLOWS = { subflow: FLOW_RUN_WORKFLOW, loop: LOOP_RUN_WORKFLOW, foreach: FOREACH_RUN_WORKFLOW } as const;

function isPlainTask(node: PlanNode): node is TaskPlanNode {
  return node.kind === 'task' && !node.templated && !node.outputs && node.onError === 'fail';
}

function onMatches(on: 'success' | 'failure' | 'always', outcome: Outcome): boolean {
  return on === 'always' || (on === 'success' ? outcome === 'SUCCEEDED' : outcome === 'FAILED');
}
