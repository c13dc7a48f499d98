import { RunNotifications } from './run-notifications';
import { assertStorable } from '../database/storable-text';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/open-database';
import { webhookDeliveries, webhookSubscriptions } from '../database/schema';
import { NotFoundError } from '../problems/api-errors';
import { newWebhookSecret } from './webhook-signature';
import type { CreateWebhookDto, ListDeliveriesDto, UpdateWebhookDto } from './webhook.dto';

type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A subscription as the API shows it: never its secret, which is shown once, when made or rotated. */
export type WebhookView = Omit<SubscriptionRow, 'secret'>;

/** The most deliveries one listing returns (the newest). */
const MAX_LISTED = 500;

function view({ secret: _secret, ...rest }: SubscriptionRow): WebhookView {
  return rest;
}

function deliveryView(row: DeliveryRow) {
  return { ...row, id: String(row.id) };
}

/** Webhook subscriptions and the record of their deliveries. */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly notifications: RunNotifications,
  ) {}

  async create(body: CreateWebhookDto, by: string): Promise<WebhookView & { secret: string }> {
    assertStorable(body, 'Invalid webhook');
    const secret = body.secret ?? newWebhookSecret();
    const [row] = await this.db
      .insert(webhookSubscriptions)
      .values({
        id: `wh_${randomUUID()}`,
        flowId: body.flowId ?? null,
        url: body.url,
        events: [...new Set(body.events)],
        secret,
        description: body.description ?? null,
        enabled: body.enabled ?? true,
        createdBy: by,
      })
      .returning();
    await this.notifications.changed(row.flowId);
    return { ...view(row), secret };
  }

  async list(): Promise<WebhookView[]> {
    const rows = await this.db.select().from(webhookSubscriptions).orderBy(asc(webhookSubscriptions.createdAt));
    return rows.map(view);
  }

  async get(id: string): Promise<WebhookView> {
    return view(await this.row(id));
  }

  async update(id: string, body: UpdateWebhookDto): Promise<WebhookView> {
    assertStorable(body, 'Invalid webhook');
    const changes = {
      ...(body.url !== undefined && { url: body.url }),
      ...(body.events !== undefined && { events: [...new Set(body.events)] }),
      ...(body.description !== undefined && { description: body.description }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
    };
    if (!Object.keys(changes).length) return this.get(id);
    const [row] = await this.db
      .update(webhookSubscriptions)
      .set(changes)
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    if (!row) throw this.notFound(id);
    if (body.events !== undefined || body.enabled !== undefined) await this.notifications.changed(row.flowId);
    return view(row);
  }

  /** Deleting a subscription deletes its deliveries; those still pending are dropped. */
  async remove(id: string): Promise<void> {
    const rows = await this.db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).returning();
    if (!rows.length) throw this.notFound(id);
    await this.notifications.changed(rows[0].flowId);
  }

  /** A new secret, effective for the next delivery attempt (a retried delivery is signed again). */
  async rotateSecret(id: string, given?: string): Promise<WebhookView & { secret: string }> {
    const secret = given ?? newWebhookSecret();
    const [row] = await this.db
      .update(webhookSubscriptions)
      .set({ secret })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    if (!row) throw this.notFound(id);
    return { ...view(row), secret };
  }

  async deliveries(subscriptionId: string, filter: ListDeliveriesDto) {
    await this.row(subscriptionId);
    const where: SQL[] = [eq(webhookDeliveries.subscriptionId, subscriptionId)];
    if (filter.runId) where.push(eq(webhookDeliveries.runId, filter.runId));
    if (filter.status) where.push(eq(webhookDeliveries.status, filter.status));
    const rows = await this.db
      .select()
      .from(webhookDeliveries)
      .where(and(...where))
      .orderBy(desc(webhookDeliveries.id))
      .limit(MAX_LISTED);
    return rows.map(deliveryView);
  }

  /** A run's deliveries to every subscriber, in the run's event order. */
  async runDeliveries(runId: string) {
    const rows = await this.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.runId, runId))
      .orderBy(asc(webhookDeliveries.sequence), asc(webhookDeliveries.id))
      .limit(MAX_LISTED * 10);
    return rows.map(deliveryView);
  }

  private async row(id: string): Promise<SubscriptionRow> {
    const [row] = await this.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    if (!row) throw this.notFound(id);
    return row;
  }

  private notFound(id: string): NotFoundError {
    return new NotFoundError(`webhook subscription "${id}" not found`);
  }
}
