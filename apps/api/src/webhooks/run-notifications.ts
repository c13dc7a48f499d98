import { Inject, Injectable, Logger } from '@nestjs/common';
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
  private readonly logger = new Logger('Webhooks');
  private readonly listeners = new Set<(flowId: string | null) => Promise<void>>();

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

  /** Called after the subscriptions of a flow (null: of every flow) changed; schedules refresh their actions. */
  onChange(listener: (flowId: string | null) => Promise<void>): void {
    this.listeners.add(listener);
  }

  /** The subscription itself is saved: a listener that fails is logged, not answered to the caller. */
  async changed(flowId: string | null): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(flowId);
      } catch (err) {
        this.logger.warn(`after a subscription change for ${flowId ?? 'every flow'}: ${(err as Error).message}`);
      }
    }
  }
}
