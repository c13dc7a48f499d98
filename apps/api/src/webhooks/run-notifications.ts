import { Inject, Injectable } from '@nestjs/common';
import type { RunNotify } from '@weft/interpreter';
import { and, eq, isNull, or } from 'drizzle-orm';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/open-database';
import { webhookSubscriptions } from '../database/schema';
import { wantsNodeEvents } from './webhook-events';

/**
 * What a starting run is told about its subscribers: nothing when no enabled subscription matches its flow
 * (the run emits no events at all), else whether node events are wanted and how deliveries are retried.
 */
@Injectable()
export class RunNotifications {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async forFlow(flowId: string): Promise<RunNotify | undefined> {
    const subscriptions = await this.db
      .select({ events: webhookSubscriptions.events })
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.enabled, true),
          or(isNull(webhookSubscriptions.flowId), eq(webhookSubscriptions.flowId, flowId)),
        ),
      );
    if (!subscriptions.length) return undefined;
    const { taskQueue, retry, statusCheckMs, eventsPerHistory } = this.config.webhooks;
    const nodes = subscriptions.some((s) => wantsNodeEvents(s.events));
    return { nodes, taskQueue, retry, statusCheckMs, eventsPerHistory };
  }
}
