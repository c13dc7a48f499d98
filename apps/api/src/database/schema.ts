import type { ExecutionPlan, FlowDefinition } from '@weft/dsl';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The control plane's tables. Runs are not here: Temporal keeps them, and the database never duplicates run state.
 * Change this file, then `npm run db:generate` writes the next migration under apps/api/drizzle/.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

export const flows = pgTable('flows', {
  id: text('id').primaryKey(),
  createdAt: createdAt(),
  createdBy: text('created_by').notNull(),
});

export const flowVersions = pgTable(
  'flow_versions',
  {
    flowId: text('flow_id')
      .notNull()
      .references(() => flows.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** sha256 of the canonical JSON of the definition. */
    contentHash: text('content_hash').notNull(),
    definition: jsonb('definition').$type<FlowDefinition>().notNull(),
    plan: jsonb('plan').$type<ExecutionPlan>().notNull(),
    createdAt: createdAt(),
    createdBy: text('created_by').notNull(),
    deprecatedAt: timestamp('deprecated_at', { withTimezone: true, mode: 'string' }),
    deprecatedBy: text('deprecated_by'),
    deprecationReason: text('deprecation_reason'),
  },
  (t) => [primaryKey({ columns: [t.flowId, t.version] }), index('flow_versions_hash').on(t.flowId, t.contentHash)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: ['viewer', 'operator', 'admin'] }).notNull(),
    /** sha256 of the secret part; the secret itself is shown once, when the key is made. */
    secretHash: text('secret_hash').notNull(),
    createdAt: createdAt(),
    createdBy: text('created_by').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'string' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('api_keys_active_name')
      .on(t.name)
      .where(sql`${t.revokedAt} is null`),
  ],
);

/** What Weft knows of a Temporal Schedule beyond what Temporal keeps: its flow, who made it, when. */
export const schedules = pgTable(
  'schedules',
  {
    id: text('id').primaryKey(),
    flowId: text('flow_id')
      .notNull()
      .references(() => flows.id, { onDelete: 'restrict' }),
    /** The version the schedule starts; null follows the latest published version. */
    flowVersion: integer('flow_version'),
    inputs: jsonb('inputs').$type<Record<string, unknown>>().notNull().default({}),
    description: text('description'),
    createdAt: createdAt(),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [index('schedules_flow').on(t.flowId)],
);

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    /** null: every flow. */
    flowId: text('flow_id'),
    url: text('url').notNull(),
    /** Event types, e.g. run.completed, run.failed, node.failed; `*` for all. */
    events: jsonb('events').$type<string[]>().notNull(),
    /** The HMAC-SHA256 key deliveries are signed with; kept (not hashed) because signing needs it. */
    secret: text('secret').notNull(),
    description: text('description'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('webhook_subscriptions_flow').on(t.flowId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    runId: text('run_id').notNull(),
    /** The event's place in its run's sequence: deliveries of one run go out in this order. */
    sequence: integer('sequence').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event').on(t.subscriptionId, t.eventId),
    index('webhook_deliveries_run').on(t.runId, t.sequence),
  ],
);

/**
 * Components that component workers registered: where each is served and its schemas. Publishing checks task nodes
 * against them and routes each task to its component's queue. The last registration of a name wins.
 */
export const registeredComponents = pgTable('registered_components', {
  name: text('name').primaryKey(),
  language: text('language').notNull(),
  taskQueue: text('task_queue').notNull(),
  workerIdentity: text('worker_identity').notNull(),
  description: text('description'),
  inputSchema: jsonb('input_schema').$type<Record<string, unknown>>().notNull(),
  outputSchema: jsonb('output_schema').$type<Record<string, unknown>>(),
  registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  registeredBy: text('registered_by').notNull(),
});

export const schema = {
  flows,
  flowVersions,
  apiKeys,
  schedules,
  webhookSubscriptions,
  webhookDeliveries,
  registeredComponents,
};
