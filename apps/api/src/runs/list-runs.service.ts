import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { FLOW_RUN_WORKFLOW, type TemporalEnv } from '@weft/interpreter';
import { InvalidInputError } from '../problems/api-errors';
import { TEMPORAL_CLIENT, TEMPORAL_ENV } from '../temporal/temporal.module';
import type { ListRunsDto } from './list-runs.dto';
import { priorityView } from './run-priority';
import { executionStatusName, listedRunStatus, VISIBILITY_STATUS } from './run-status';

/** Runs listed and filtered through Temporal visibility, page by page. */
@Injectable()
export class ListRunsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
  ) {}

  list(filter: ListRunsDto) {
    return this.page(queryOf(filter), filter.pageSize ?? 50, filter.pageToken);
  }

  /** One page of the runs a visibility query matches (bulk operations add their own clauses to `queryOf`'s). */
  async page(query: string, pageSize: number, pageToken?: string) {
    const response = await this.client.workflowService.listWorkflowExecutions({
      namespace: this.env.namespace,
      query,
      pageSize,
      nextPageToken: pageToken ? decodeToken(pageToken) : undefined,
    });
    const token = response.nextPageToken?.length
      ? Buffer.from(response.nextPageToken).toString('base64url')
      : undefined;
    return { runs: (response.executions ?? []).map(toRunSummary), ...(token && { nextPageToken: token }) };
  }
}

export function queryOf(filter: Omit<ListRunsDto, 'pageSize' | 'pageToken'>): string {
  // Every value was validated against a strict pattern or enum, so quoting cannot be escaped.
  const clauses = [`WorkflowType = '${FLOW_RUN_WORKFLOW}'`];
  if (filter.flowId) clauses.push(`FlowId = '${filter.flowId}'`);
  if (filter.version) clauses.push(`FlowVersion = ${filter.version}`);
  if (filter.businessKey !== undefined) clauses.push(`BusinessKey = '${filter.businessKey}'`);
  if (filter.rerunOf) clauses.push(`RerunOf = '${filter.rerunOf}'`);
  // Temporal sets TemporalScheduledById on the runs a schedule starts.
  if (filter.scheduleId) clauses.push(`TemporalScheduledById = '${filter.scheduleId}'`);
  // Closed runs are filtered by how their execution closed: FlowStatus is not updated when the server ends a run
  // (terminated, timed out). Paused runs are running to Temporal; the FlowStatus search attribute tells them apart.
  if (filter.status === 'PAUSED') clauses.push(`ExecutionStatus = 'Running' AND FlowStatus = 'PAUSED'`);
  else if (filter.status === 'RUNNING') clauses.push(`ExecutionStatus = 'Running' AND FlowStatus != 'PAUSED'`);
  else if (filter.status) clauses.push(`ExecutionStatus = '${VISIBILITY_STATUS[filter.status]}'`);
  if (filter.startedAfter) clauses.push(`StartTime >= '${new Date(filter.startedAfter).toISOString()}'`);
  if (filter.startedBefore) clauses.push(`StartTime < '${new Date(filter.startedBefore).toISOString()}'`);
  return clauses.join(' AND ');
}

function decodeToken(token: string): Uint8Array {
  const bytes = Buffer.from(token, 'base64url');
  if (!bytes.length)
    throw new InvalidInputError('Invalid request', [{ path: '$.pageToken', message: 'is not a page token' }]);
  return bytes;
}

function toRunSummary(execution: temporal.api.workflow.v1.IWorkflowExecutionInfo) {
  const fields = execution.searchAttributes?.indexedFields ?? {};
  const attribute = (name: string) => (fields[name] ? defaultPayloadConverter.fromPayload(fields[name]) : undefined);
  const time = (t?: temporal.api.workflow.v1.IWorkflowExecutionInfo['startTime']) =>
    t?.seconds !== undefined && t?.seconds !== null
      ? new Date(Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString()
      : undefined;
  return {
    runId: execution.execution?.workflowId,
    flowId: attribute('FlowId'),
    version: attribute('FlowVersion'),
    status: listedRunStatus(executionStatusName(execution.status), attribute('FlowStatus')),
    ...(attribute('BusinessKey') !== undefined && { businessKey: attribute('BusinessKey') as string }),
    // Visibility records do not carry the priority on every server (SQLite's does not): shown when they do.
    ...(execution.priority?.priorityKey && { priority: priorityView(execution.priority.priorityKey) }),
    ...(attribute('RerunOf') !== undefined && { rerunOf: attribute('RerunOf') as string }),
    startedAt: time(execution.startTime),
    finishedAt: time(execution.closeTime),
    ...(attribute('TemporalScheduledById') !== undefined && {
      scheduleId: attribute('TemporalScheduledById') as string,
    }),
  };
}
