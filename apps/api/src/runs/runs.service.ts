import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { compileSchema, schemaIssues, toMilliseconds } from '@weft/dsl';
import {
  FLOW_ID,
  FLOW_RUN_WORKFLOW,
  FLOW_STATUS,
  FLOW_VERSION,
  stateQuery,
  type FlowRunInput,
  type RunState,
  type RunStatus,
  type TemporalEnv,
} from '@weft/interpreter';
import { randomUUID } from 'node:crypto';
import { FlowsService } from '../flows/flows.service';
import type { FlowVersion } from '../flows/flow-repository';
import { InvalidInputError, NotFoundError } from '../problems/api-errors';
import { TEMPORAL_CLIENT, TEMPORAL_ENV } from '../temporal/temporal.module';
import { withLiveActivities, type LiveActivity } from './pending-activities';
import type { StartRunDto } from './start-run.dto';

/** Statuses only Temporal knows: the workflow cannot record them itself. */
const CLOSED_BY_SERVER: Partial<Record<string, RunStatus>> = { TERMINATED: 'TERMINATED', TIMED_OUT: 'TIMED_OUT' };

@Injectable()
export class RunsService {
  private readonly inputValidators = new WeakMap<FlowVersion, ReturnType<typeof compileSchema>>();

  constructor(
    private readonly flows: FlowsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
  ) {}

  async start(flowId: string, request: StartRunDto) {
    const flow = this.flows.get(flowId, request.version);
    const inputs = request.inputs ?? {};
    this.checkInputs(flow, inputs);
    this.checkBreakpoints(flow, request.breakpoints ?? []);
    const runId = request.runId ?? `${flow.id}-${randomUUID()}`;
    const input: FlowRunInput = {
      plan: flow.plan,
      inputs,
      ...(request.breakpoints?.length && { breakpoints: request.breakpoints }),
    };
    await this.client.workflow.start(FLOW_RUN_WORKFLOW, {
      workflowId: runId,
      taskQueue: this.env.taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...(flow.definition.timeout !== undefined && {
        workflowExecutionTimeout: toMilliseconds(flow.definition.timeout),
      }),
      staticSummary: `${flow.id} v${flow.version}`,
      typedSearchAttributes: [
        { key: FLOW_ID, value: flow.id },
        { key: FLOW_VERSION, value: flow.version },
        { key: FLOW_STATUS, value: 'RUNNING' },
      ],
    });
    return { runId, flowId: flow.id, version: flow.version };
  }

  /** The run's state query, with what only the server knows: TERMINATED/TIMED_OUT, and live activity attempts. */
  async state(runId: string): Promise<RunState & { runId: string; activities?: Record<string, LiveActivity> }> {
    const handle = this.client.workflow.getHandle(runId);
    const [description, state] = await Promise.all([handle.describe(), handle.query(stateQuery)]);
    const serverStatus = CLOSED_BY_SERVER[description.status.name];
    if (serverStatus) return { runId, ...state, status: serverStatus };
    return { runId, ...withLiveActivities(state, description.raw.pendingActivities) };
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

  private checkInputs(flow: FlowVersion, inputs: Record<string, unknown>) {
    if (!flow.definition.inputs) return;
    let validate = this.inputValidators.get(flow);
    if (!validate) {
      validate = compileSchema(flow.definition.inputs);
      this.inputValidators.set(flow, validate);
    }
    const issues = schemaIssues(validate, inputs, '$.inputs');
    if (issues.length) throw new InvalidInputError(`Invalid inputs for flow "${flow.id}" v${flow.version}`, issues);
  }
}
