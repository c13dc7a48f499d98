import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { approveUpdate, rejectUpdate, retryNodeUpdate, skipNodeUpdate, type RunState } from '@weft/interpreter';
import { ConflictError } from '../problems/api-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { ApprovalDto, RetryNodeDto, SkipNodeDto, TerminateDto } from './operation.dto';

/** Operations on running runs; the ones that can be refused are Temporal updates, refused with a reason. */
@Injectable()
export class RunOperationsService {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  retry(runId: string, nodeId: string, { inputs, by }: RetryNodeDto): Promise<RunState> {
    return this.update(runId, (handle) => handle.executeUpdate(retryNodeUpdate, { args: [{ nodeId, inputs, by }] }));
  }

  skip(runId: string, nodeId: string, { output, by }: SkipNodeDto): Promise<RunState> {
    return this.update(runId, (handle) => handle.executeUpdate(skipNodeUpdate, { args: [{ nodeId, output, by }] }));
  }

  decide(runId: string, nodeId: string, decision: 'approve' | 'reject', body: ApprovalDto): Promise<RunState> {
    const update = decision === 'approve' ? approveUpdate : rejectUpdate;
    return this.update(runId, (handle) => handle.executeUpdate(update, { args: [{ nodeId, ...body }] }));
  }

  async cancel(runId: string): Promise<{ runId: string; requested: 'cancel' }> {
    await this.open(runId).cancel();
    return { runId, requested: 'cancel' };
  }

  async terminate(runId: string, { reason, by }: TerminateDto): Promise<{ runId: string; requested: 'terminate' }> {
    await this.open(runId).terminate([reason, by && `by ${by}`].filter(Boolean).join(' ') || 'terminated through the API');
    return { runId, requested: 'terminate' };
  }

  private open(runId: string): WorkflowHandle {
    return this.client.workflow.getHandle(runId);
  }

  private async update(runId: string, send: (handle: WorkflowHandle) => Promise<RunState>): Promise<RunState> {
    const handle = this.open(runId);
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') throw new ConflictError(`run "${runId}" is ${status.name}, not running`);
    try {
      return await send(handle);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new ConflictError(err.cause?.message ?? err.message);
      throw err;
    }
  }
}
