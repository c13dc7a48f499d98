import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { nodeLogsFrom, type AttemptLogs } from './node-logs-from-history';
import { RunsService } from './runs.service';

export interface NodeLogsView {
  runId: string;
  nodeId: string;
  attempts: AttemptLogs[];
}

/** A node's log lines, per attempt, from what Temporal keeps of its activities (docs/node-logs.md). */
@Injectable()
export class NodeLogsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly runs: RunsService,
  ) {}

  async logs(runId: string, nodeId: string, attempt?: number): Promise<NodeLogsView> {
    const handle = this.client.workflow.getHandle(runId);
    const description = await handle.describe();
    const history = await this.client.workflow.getHandle(description.workflowId, description.runId).fetchHistory();
    const attempts = await nodeLogsFrom(
      this.client.options.loadedDataConverter,
      history.events ?? [],
      description.raw.pendingActivities ?? [],
      nodeId,
    );
    // A node without activities yet: still a 404 when the run has no such node.
    if (!attempts.length) await this.runs.node(runId, nodeId);
    return {
      runId,
      nodeId,
      attempts: attempt === undefined ? attempts : attempts.filter((a) => a.attempt === attempt),
    };
  }
}
