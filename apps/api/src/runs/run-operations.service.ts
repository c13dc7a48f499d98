import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  approveUpdate,
  cancelRequestedSignal,
  pauseUpdate,
  rejectUpdate,
  resumeNodeUpdate,
  resumeUpdate,
  retryNodeUpdate,
  setBreakpointUpdate,
  setVariablesUpdate,
  skipNodeUpdate,
  type RunState,
} from '@weft/interpreter';
import { ConflictError, isAlreadyCompleted } from '../problems/api-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { closedRunStatus } from './run-status';
import type { ApprovalDto, OperatorDto, RetryNodeDto, SetVariablesDto, SkipNodeDto } from './operation.dto';

/**
 * Operations on running runs; the ones that can be refused are Temporal updates, refused (409) with the workflow's
 * reason. A run that has ended refuses every operation (409 with how it ended); an unknown run is a 404.
 */
@Injectable()
export class RunOperationsService {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  pause(runId: string, body: OperatorDto): Promise<RunState> {
    return this.update(runId, pauseUpdate, { ...body });
  }

  resume(runId: string, body: OperatorDto): Promise<RunState> {
    return this.update(runId, resumeUpdate, { ...body });
  }

  retry(runId: string, nodeId: string, body: RetryNodeDto): Promise<RunState> {
    return this.update(runId, retryNodeUpdate, { nodeId, ...body });
  }

  skip(runId: string, nodeId: string, body: SkipNodeDto): Promise<RunState> {
    return this.update(runId, skipNodeUpdate, { nodeId, ...body });
  }

  resumeNode(runId: string, nodeId: string, body: OperatorDto): Promise<RunState> {
    return this.update(runId, resumeNodeUpdate, { nodeId, ...body });
  }

  breakpoint(runId: string, nodeId: string, enabled: boolean, body: OperatorDto): Promise<RunState> {
    return this.update(runId, setBreakpointUpdate, { nodeId, enabled, ...body });
  }

  setVariables(runId: string, body: SetVariablesDto): Promise<RunState> {
    return this.update(runId, setVariablesUpdate, { ...body });
  }

  decide(runId: string, nodeId: string, decision: 'approve' | 'reject', body: ApprovalDto): Promise<RunState> {
    return this.update(runId, decision === 'approve' ? approveUpdate : rejectUpdate, { nodeId, ...body });
  }

  async cancel(runId: string, body: OperatorDto): Promise<{ runId: string; requested: 'cancel' }> {
    const handle = await this.running(runId);
    // The signal lands in history before the cancel request, so the audit trail says who cancelled.
    await this.operate(runId, async () => {
      await handle.signal(cancelRequestedSignal, { ...body });
      await handle.cancel();
    });
    return { runId, requested: 'cancel' };
  }

  async terminate(runId: string, { reason, by }: OperatorDto): Promise<{ runId: string; requested: 'terminate' }> {
    const handle = await this.running(runId);
    const why = [reason, by && `by ${by}`].filter(Boolean).join(' ') || 'terminated through the API';
    await this.operate(runId, () => handle.terminate(why));
    return { runId, requested: 'terminate' };
  }

  /** A handle on the run while it can be operated; a finished run is a 409 that says how it ended. */
  private async running(runId: string): Promise<WorkflowHandle> {
    const handle = this.client.workflow.getHandle(runId);
    const { status } = await handle.describe();
    const closed = closedRunStatus(status.name);
    if (closed) throw finished(runId, closed);
    return handle;
  }

  private async update<A>(runId: string, definition: UpdateDefinition<RunState, [A]>, arg: A): Promise<RunState> {
    const handle = await this.running(runId);
    try {
      return await this.operate(runId, () => handle.executeUpdate(definition, { args: [arg] }));
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new ConflictError(err.cause?.message ?? err.message);
      throw err;
    }
  }

  /** Runs an operation; when the run ended since it was found running, the 409 says how it ended. */
  private async operate<T>(runId: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      if (!isAlreadyCompleted(err)) throw err;
      const { status } = await this.client.workflow.getHandle(runId).describe();
      throw finished(runId, closedRunStatus(status.name));
    }
  }
}

function finished(runId: string, status: string | undefined): ConflictError {
  return new ConflictError(`run "${runId}" is ${status ?? 'finished'}; it can no longer be operated`);
}
