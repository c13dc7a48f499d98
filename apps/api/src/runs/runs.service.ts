import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import {
  FINAL_STATE_MEMO,
  FLOW_ID,
  FLOW_VERSION,
  stateQuery,
  withinBudget,
  type RunState,
  type RunStatus,
  type TemporalEnv,
} from '@weft/interpreter';
import { randomUUID } from 'node:crypto';
import { FlowsService } from '../flows/flows.service';
import type { FlowVersion } from '../flows/flow-repository';
import { InvalidInputError, NotFoundError } from '../problems/api-errors';
import { RunMetrics } from '../metrics/run-metrics';
import { TEMPORAL_CLIENT, TEMPORAL_ENV } from '../temporal/temporal.module';
import { decodedHistory } from './decoded-history';
import { withLiveActivities, type LiveActivity } from './pending-activities';
import { stateFromHistory } from './run-history';
import { closedRunStatus } from './run-status';
import { checkRunInputs } from './run-inputs';
import { idempotencyKeyOf, keyedRunId } from './idempotency';
import { priorityKeyOf, priorityView } from './run-priority';
import { BUSINESS_KEY, IDEMPOTENCY_KEY_MEMO, RERUN_OF, runStart, type RunStartOptions } from './run-start';
import { RunNotifications } from '../webhooks/run-notifications';
import type { RunStartOptionsDto, StartRunDto } from './start-run.dto';

/** What a start answers: 201 with created: true, or 200 with the run an idempotency key started before. */
export interface StartedRun {
  runId: string;
  flowId: string;
  version: number;
  created: boolean;
}

/** Closed runs never change: the states built from their histories are kept, by Temporal run id. */
const CACHED_HISTORY_STATES = 200;

export type RunView = RunState & {
  runId: string;
  activities?: Record<string, LiveActivity>;
  /** Set when the state was rebuilt from the history because no worker answered the state query in time. */
  stale?: string;
} & StartAttributes;

/** How the run was started, from its description: its business key, priority, and the run it reruns. */
interface StartAttributes {
  businessKey?: string;
  priority?: ReturnType<typeof priorityView>;
  rerunOf?: string;
}

function startAttributes(description: WorkflowExecutionDescription): StartAttributes {
  const attributes = description.typedSearchAttributes;
  const businessKey = attributes.get(BUSINESS_KEY);
  const rerunOf = attributes.get(RERUN_OF);
  return {
    ...(businessKey !== undefined && { businessKey }),
    priority: priorityView(description.raw.workflowExecutionInfo?.priority?.priorityKey),
    ...(rerunOf !== undefined && { rerunOf }),
  };
}

/**
 * How long an open run's state query may take before the state is rebuilt from its history instead: a worker
 * busy with long workflow tasks, or none up at all, must not leave a reader without an answer.
 */
const STATE_QUERY_TIMEOUT_MS = Number(process.env.WEFT_STATE_QUERY_TIMEOUT_MS || 5000);

function isDeadlineExceeded(err: unknown): boolean {
  const e = err as { code?: number; cause?: { code?: number }; message?: string };
  // gRPC DEADLINE_EXCEEDED is code 4; the client may wrap it.
  return e?.code === 4 || e?.cause?.code === 4 || /deadline exceeded/i.test(e?.message ?? '');
}

@Injectable()
export class RunsService {
  private readonly historyStates = new Map<string, RunState>();
  /** Whether webhook subscriptions want a starting run's events. */
  @Inject(RunNotifications) private readonly notifications!: RunNotifications;

  constructor(
    private readonly flows: FlowsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
    private readonly metrics: RunMetrics,
  ) {}

  /** Starts a run of a flow version; with an idempotency key, a repeated request gives the run the key started. */
  async start(flowId: string, request: StartRunDto, idempotencyHeader?: string): Promise<StartedRun> {
    const idempotencyKey = idempotencyKeyOf(request.idempotencyKey, idempotencyHeader);
    const flow = await this.flows.startable(flowId, request.version);
    const inputs = request.inputs ?? {};
    this.checkInputs(flow, inputs);
    return this.startRun(flow, inputs, request, idempotencyKey);
  }

  /** Checks a run's inputs against its flow version: size, then the flow's inputs schema. */
  checkInputs(flow: FlowVersion, inputs: Record<string, unknown>): void {
    checkRunInputs(flow, inputs);
  }

  /** The start shared by new runs and reruns; the inputs were checked already. */
  async startRun(
    flow: FlowVersion,
    inputs: Record<string, unknown>,
    options: RunStartOptionsDto,
    idempotencyKey: string | undefined,
    rerun?: Pick<RunStartOptions, 'rerunOf' | 'given'>,
  ): Promise<StartedRun> {
    this.checkBreakpoints(flow, options.breakpoints ?? []);
    const runId =
      options.runId ?? (idempotencyKey ? keyedRunId(flow.id, idempotencyKey) : `${flow.id}-${randomUUID()}`);
    const { workflowType, input, ...startOptions } = runStart(flow, inputs, {
      breakpoints: options.breakpoints,
      businessKey: options.businessKey,
      priorityKey: options.priority !== undefined ? priorityKeyOf(options.priority) : undefined,
      idempotencyKey,
      ...rerun,
    });
    const notify = await this.notifications.forFlow(flow.id);
    try {
      await this.client.workflow.start(workflowType, {
        workflowId: runId,
        taskQueue: this.env.taskQueue,
        args: [notify ? { ...input, notify } : input],
        // Never a second run under one id, even once the first has closed: the id is the idempotency.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        ...startOptions,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError && idempotencyKey)
        return this.startedBefore(runId, idempotencyKey, err);
      throw err;
    }
    this.metrics.runStarted(flow.id, rerun ? 'rerun' : 'api');
    return { runId, flowId: flow.id, version: flow.version, created: true };
  }

  /** The run an idempotency key started before; a run under that id started otherwise stays a conflict (409). */
  private async startedBefore(runId: string, key: string, conflict: Error): Promise<StartedRun> {
    const description = await this.client.workflow.getHandle(runId).describe();
    if (description.memo?.[IDEMPOTENCY_KEY_MEMO] !== key) throw conflict;
    const attributes = description.typedSearchAttributes;
    return {
      runId,
      flowId: attributes.get(FLOW_ID) ?? '',
      version: attributes.get(FLOW_VERSION) ?? 0,
      created: false,
    };
  }

  /**
   * An open run's state query, with the live attempts only the server knows. A closed run is read from what
   * Temporal keeps, without a worker: the final state the run wrote into its memo, or else (terminated, timed
   * out, or older runs) the state rebuilt from its history. Its status always follows from how it closed.
   */
  async state(runId: string): Promise<RunView> {
    const description = await this.client.workflow.getHandle(runId).describe();
    return { ...(await this.stateOf(runId, description)), ...startAttributes(description) };
  }

  private async stateOf(runId: string, description: WorkflowExecutionDescription): Promise<RunView> {
    const closed = closedRunStatus(description.status.name);
    if (!closed) {
      const queried = await this.queryWithin(runId, STATE_QUERY_TIMEOUT_MS);
      if ('state' in queried) return { runId, ...withLiveActivities(queried.state, description.raw.pendingActivities) };
      // No worker answered in time (none is up, or all are busy): the history still tells what happened so far.
      const rebuilt = await decodedHistory(this.client, runId);
      const status = description.searchAttributes?.FlowStatus?.[0] === 'PAUSED' ? 'PAUSED' : 'RUNNING';
      // Large (claim-checked) values are shown by their size, as the state query does.
      const fromHistory = withinBudget(
        stateFromHistory(
          rebuilt,
          { workflowId: description.workflowId, workflowType: description.type, status },
          this.client.options.loadedDataConverter.payloadConverter,
        ),
      );
      return {
        runId,
        ...withLiveActivities(fromHistory, description.raw.pendingActivities),
        stale: `${queried.unanswered}: rebuilt from the run's history`,
      };
    }
    const final = description.memo?.[FINAL_STATE_MEMO] as RunState | undefined;
    if (final) return { runId, ...final, status: closed };
    return { runId, ...(await this.stateFromHistory(description, closed)) };
  }

  /** The state query's answer, or why there is none: no worker answered within `ms`, or the query failed. */
  private async queryWithin(runId: string, ms: number): Promise<{ state: RunState } | { unanswered: string }> {
    try {
      const handle = this.client.workflow.getHandle(runId);
      return { state: await this.client.withDeadline(Date.now() + ms, () => handle.query(stateQuery)) };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw err;
      if (isDeadlineExceeded(err)) return { unanswered: `no worker answered the state query within ${ms} ms` };
      // A run that closed meanwhile, a worker restarting: the history still answers.
      return { unanswered: `the state query failed (${(err as Error)?.message ?? String(err)})` };
    }
  }

  /** Whether the run exists (a 404 problem if not), without reading its state. */
  async assertExists(runId: string): Promise<void> {
    await this.client.workflow.getHandle(runId).describe();
  }

  private async stateFromHistory(description: WorkflowExecutionDescription, status: RunStatus): Promise<RunState> {
    const cached = this.historyStates.get(description.runId);
    if (cached) return cached;
    const history = await decodedHistory(this.client, description.workflowId, description.runId);
    const state = withinBudget(
      stateFromHistory(
        history,
        { workflowId: description.workflowId, workflowType: description.type, status },
        this.client.options.loadedDataConverter.payloadConverter,
      ),
    );
    if (this.historyStates.size >= CACHED_HISTORY_STATES)
      this.historyStates.delete(this.historyStates.keys().next().value!);
    this.historyStates.set(description.runId, state);
    return state;
  }

  /** One node: inputs, output, error, attempts, child runs, and its live activity while it runs. */
  async node(runId: string, nodeId: string) {
    const { activities, nodes, status } = await this.state(runId);
    const node = nodes[nodeId];
    if (!node) throw new NotFoundError(`run "${runId}" has no node "${nodeId}"`);
    return { runId, runStatus: status, ...node, ...(activities?.[nodeId] && { activity: activities[nodeId] }) };
  }

  private checkBreakpoints(flow: FlowVersion, breakpoints: string[]) {
    const ids = new Set(flow.plan.nodes.map((n) => n.id));
    const issues = breakpoints.flatMap((id, i) =>
      ids.has(id) ? [] : [{ path: `$.breakpoints[${i}]`, message: `unknown node "${id}"` }],
    );
    if (issues.length)
      throw new InvalidInputError(`Invalid breakpoints for flow "${flow.id}" v${flow.version}`, issues);
  }
}
