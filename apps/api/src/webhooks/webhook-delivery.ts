import { storableJson } from '../database/storable-text';
import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DeliveryActivities, RunEvent, RunStatus } from '@weft/interpreter';
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/open-database';
import { webhookDeliveries, webhookSubscriptions } from '../database/schema';
import { closedRunStatus } from '../runs/run-status';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { subscribesTo } from './webhook-events';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

/** How much of a receiver's error answer is kept in last_error. */
const MAX_ERROR_CHARS = 500;

/**
 * The delivery activities, run by the API's control-plane worker (they need the store): each delivery's row
 * goes pending → delivered or failed, with its attempts and last answer. Every step is idempotent, so a retried
 * activity never delivers twice what was delivered.
 */
@Injectable()
export class WebhookDelivery {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  activities(): DeliveryActivities {
    return {
      planWebhookDeliveries: (event) => this.plan(event),
      deliverWebhook: (id) => this.deliver(id),
      failWebhookDelivery: (id, error) => this.fail(id, error),
      runOutcome: (runId) => this.runOutcome(runId),
    };
  }

  /** The subscribers of an event are those enabled when it is first planned; later attempts keep that set. */
  async plan(event: RunEvent): Promise<Array<{ deliveryId: string; subscriptionId: string }>> {
    let planned = await this.planned(event.id);
    if (planned.length) return planned;
    const candidates = await this.db
      .select()
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.enabled, true),
          or(isNull(webhookSubscriptions.flowId), eq(webhookSubscriptions.flowId, event.flowId)),
        ),
      );
    const subscribers = candidates.filter((s) => subscribesTo(s.events, event.type));
    if (!subscribers.length) return [];
    await this.db
      .insert(webhookDeliveries)
      .values(
        subscribers.map((s) => ({
          subscriptionId: s.id,
          runId: event.runId,
          sequence: event.sequence,
          eventId: event.id,
          eventType: event.type,
          // Events carry what components said (error messages): text PostgreSQL refuses is replaced.
          payload: storableJson(event),
        })),
      )
      .onConflictDoNothing();
    planned = await this.planned(event.id);
    return planned;
  }

  async deliver(deliveryId: string): Promise<void> {
    const [found] = await this.db
      .select({ delivery: webhookDeliveries, subscription: webhookSubscriptions })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookDeliveries.subscriptionId, webhookSubscriptions.id))
      .where(eq(webhookDeliveries.id, Number(deliveryId)));
    // Deleted with its subscription, or already settled by an earlier attempt.
    if (!found || found.delivery.status !== 'pending') return;
    const { delivery, subscription } = found;
    if (!subscription.enabled) return this.fail(deliveryId, 'the subscription was disabled');
    const body = JSON.stringify(delivery.payload);
    const attempts = delivery.attempts + 1;
    const answer = await this.post(subscription.url, body, {
      'Content-Type': 'application/json',
      'User-Agent': 'Weft-Webhooks/1',
      'Weft-Event-Id': delivery.eventId,
      'Weft-Event-Type': delivery.eventType,
      'Weft-Delivery-Id': deliveryId,
      'Weft-Delivery-Attempt': String(attempts),
      [SIGNATURE_HEADER]: signWebhook(subscription.secret, body, Math.floor(Date.now() / 1000)),
    });
    const delivered = answer.status !== undefined && answer.status >= 200 && answer.status < 300;
    await this.db
      .update(webhookDeliveries)
      .set({
        attempts,
        lastStatusCode: answer.status ?? null,
        lastError: delivered ? null : storableJson(answer.error ?? null),
        ...(delivered && { status: 'delivered' as const, deliveredAt: new Date().toISOString() }),
      })
      .where(and(eq(webhookDeliveries.id, Number(deliveryId)), eq(webhookDeliveries.status, 'pending')));
    if (!delivered) throw ApplicationFailure.retryable(`${subscription.url}: ${answer.error}`, 'WebhookDeliveryFailed');
  }

  async fail(deliveryId: string, error: string): Promise<void> {
    await this.db
      .update(webhookDeliveries)
      .set({
        status: 'failed',
        // Why it was given up, then what the last attempt got.
        lastError: sql`${storableJson(error.slice(0, MAX_ERROR_CHARS))} || coalesce('; last attempt: ' || ${webhookDeliveries.lastError}, '')`,
      })
      .where(and(eq(webhookDeliveries.id, Number(deliveryId)), eq(webhookDeliveries.status, 'pending')));
  }

  async runOutcome(runId: string): Promise<RunStatus> {
    try {
      const description = await this.client.workflow.getHandle(runId).describe();
      return closedRunStatus(description.status.name) ?? 'RUNNING';
    } catch (err) {
      // Gone past the namespace's retention: it has long ended, how is no longer known.
      if (err instanceof WorkflowNotFoundError) return 'TERMINATED';
      throw err;
    }
  }

  private async planned(eventId: string) {
    const rows = await this.db
      .select({ id: webhookDeliveries.id, subscriptionId: webhookDeliveries.subscriptionId })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, eventId))
      .orderBy(asc(webhookDeliveries.id));
    return rows.map((r) => ({ deliveryId: String(r.id), subscriptionId: r.subscriptionId }));
  }

  /** One POST, bounded in time and cancelled with the activity; never throws. */
  private async post(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status?: number; error: string }> {
    const signal = AbortSignal.any([
      AbortSignal.timeout(this.config.webhooks.requestTimeoutMs),
      Context.current().cancellationSignal,
    ]);
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      const text = await response.text().catch(() => '');
      return { status: response.status, error: `answered ${response.status} ${text.slice(0, MAX_ERROR_CHARS)}`.trim() };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const reason =
        e.name === 'TimeoutError' ? `no answer within ${this.config.webhooks.requestTimeoutMs} ms` : undefined;
      return { error: reason ?? e.cause?.code ?? e.cause?.message ?? e.message };
    }
  }
}
