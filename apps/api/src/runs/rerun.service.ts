import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { FLOW_RUN_WORKFLOW } from '@weft/interpreter';
import { FlowsService } from '../flows/flows.service';
import { ConflictError } from '../problems/api-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { idempotencyKeyOf } from './idempotency';
import { ListRunsService } from './list-runs.service';
import { givenFromSource } from './rerun-plan';
import type { RerunDto } from './rerun.dto';
import { RunsService, type StartedRun } from './runs.service';

/** Reruns from a node: a new run of the source run's flow version that takes the upstream outputs as given. */
@Injectable()
export class RerunService {
  constructor(
    private readonly runs: RunsService,
    private readonly flows: FlowsService,
    private readonly listing: ListRunsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  async rerun(sourceRunId: string, request: RerunDto, idempotencyHeader?: string): Promise<StartedRun> {
    const idempotencyKey = idempotencyKeyOf(request.idempotencyKey, idempotencyHeader);
    const description = await this.client.workflow.getHandle(sourceRunId).describe();
    if (description.type !== FLOW_RUN_WORKFLOW) {
      throw new ConflictError(
        `run "${sourceRunId}" is a ${description.type} of a node; rerun the flow run it belongs to`,
      );
    }
    const source = await this.runs.state(sourceRunId);
    const flow = await this.flows.get(source.flowId, source.version);
    const given = givenFromSource(flow.plan, source, request.fromNode);
    const inputs = request.inputs ?? source.inputs;
    if (request.inputs) this.runs.checkInputs(flow, inputs);
    return this.runs.startRun(flow, inputs, request, idempotencyKey, { rerunOf: sourceRunId, given });
  }

  /** The reruns of a run, newest first as visibility lists them (visibility lags a second or so behind starts). */
  async reruns(runId: string, pageSize?: number, pageToken?: string) {
    await this.runs.assertExists(runId);
    return this.listing.list({ rerunOf: runId, pageSize, pageToken });
  }
}
