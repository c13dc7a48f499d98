import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

/**
 * A worker re-polls its task queue at least once a long poll (a minute on Temporal's default settings); a queue whose
 * last poll is older than this has no worker serving it now.
 */
export const SERVING_WINDOW_MS = 90_000;

export interface QueueServing {
  /** A worker polled the queue for activity tasks within SERVING_WINDOW_MS. */
  serving: boolean;
  /** When a worker last polled it (ISO 8601), as Temporal remembers it (a few minutes); null when none did. */
  lastPollAt: string | null;
  /** Identities of the workers that polled it recently. */
  workers: string[];
}

/** Whether workers serve a task queue now, from Temporal's own record of its pollers (DescribeTaskQueue). */
@Injectable()
export class QueuePollers {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async describe(taskQueue: string, now = Date.now()): Promise<QueueServing> {
    const { pollers } = await this.client.workflowService.describeTaskQueue({
      namespace: this.client.options.namespace,
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    const seen = (pollers ?? []).map((poller) => ({
      identity: poller.identity ?? '',
      at: optionalTsToMs(poller.lastAccessTime) ?? 0,
    }));
    const recent = seen.filter(({ at }) => now - at <= SERVING_WINDOW_MS);
    const last = Math.max(0, ...seen.map(({ at }) => at));
    return {
      serving: recent.length > 0,
      lastPollAt: last ? new Date(last).toISOString() : null,
      workers: [...new Set(recent.map(({ identity }) => identity))].sort(),
    };
  }
}
