import { Inject, Injectable } from '@nestjs/common';
import type { ExecutionPlan, FlowDefinition } from '@weft/dsl';
import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/open-database';
import { flows, flowVersions, schedules } from '../database/schema';
import { ConflictError } from '../problems/api-errors';

export interface Deprecation {
  at: string;
  by: string;
  reason: string;
}

/** What a listing shows of a version, without its definition and plan. */
export interface FlowVersionSummary {
  id: string;
  version: number;
  /** sha256 of the definition's canonical JSON. */
  hash: string;
  createdAt: string;
  createdBy: string;
  name?: string;
  deprecated: boolean;
  deprecation?: Deprecation;
}

export interface FlowVersion extends FlowVersionSummary {
  definition: FlowDefinition;
  plan: ExecutionPlan;
}

/** Versions read lately, reused while unchanged: callers cache per version object (compiled input schemas). */
const KEPT_VERSIONS = 500;

/** How often a publish that lost a race for its version number reads the latest again and retries. */
const PUBLISH_ATTEMPTS = 5;

const summaryColumns = {
  flowId: flowVersions.flowId,
  version: flowVersions.version,
  contentHash: flowVersions.contentHash,
  createdAt: flowVersions.createdAt,
  createdBy: flowVersions.createdBy,
  name: sql<string | null>`${flowVersions.definition}->>'name'`,
  deprecatedAt: flowVersions.deprecatedAt,
  deprecatedBy: flowVersions.deprecatedBy,
  deprecationReason: flowVersions.deprecationReason,
};

type SummaryRow = {
  flowId: string;
  version: number;
  contentHash: string;
  createdAt: string;
  createdBy: string;
  name?: string | null;
  deprecatedAt: string | null;
  deprecatedBy: string | null;
  deprecationReason: string | null;
};
type VersionRow = typeof flowVersions.$inferSelect;

function toSummary(row: SummaryRow): FlowVersionSummary {
  return {
    id: row.flowId,
    version: row.version,
    hash: row.contentHash,
    createdAt: new Date(row.createdAt).toISOString(),
    createdBy: row.createdBy,
    ...(row.name && { name: row.name }),
    deprecated: row.deprecatedAt !== null,
    ...(row.deprecatedAt !== null && {
      deprecation: {
        at: new Date(row.deprecatedAt).toISOString(),
        by: row.deprecatedBy ?? '',
        reason: row.deprecationReason ?? '',
      },
    }),
  };
}

function toVersion(row: VersionRow): FlowVersion {
  return { ...toSummary({ ...row, name: row.definition.name }), definition: row.definition, plan: row.plan };
}

/** The SQLSTATE of a database error, through drizzle's wrapping. */
function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Immutable flow versions in the control plane's database. A version is never changed after it is written, except
 * for its deprecation mark; (flow_id, version) is the primary key, so two replicas publishing at once cannot both
 * write the same version: the one that loses reads the latest again and takes the next number.
 */
@Injectable()
export class FlowRepository {
  private readonly kept = new Map<string, FlowVersion>();

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The same object for the same row: a version's content never changes, its deprecation and a re-created flow do. */
  private keep(row: VersionRow): FlowVersion {
    const key = `${row.flowId}@${row.version}#${row.contentHash}#${row.createdAt}#${row.deprecatedAt ?? ''}`;
    const kept = this.kept.get(key) ?? toVersion(row);
    this.kept.delete(key);
    this.kept.set(key, kept);
    if (this.kept.size > KEPT_VERSIONS) this.kept.delete(this.kept.keys().next().value!);
    return kept;
  }

  /** Stores the next version, or returns the latest when its content hash is the same. */
  async publish(
    definition: FlowDefinition,
    hash: string,
    createdBy: string,
    compile: (version: number) => ExecutionPlan,
  ): Promise<{ flow: FlowVersion; created: boolean }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          await tx.insert(flows).values({ id: definition.id, createdBy }).onConflictDoNothing();
          const [latest] = await tx
            .select()
            .from(flowVersions)
            .where(eq(flowVersions.flowId, definition.id))
            .orderBy(desc(flowVersions.version))
            .limit(1);
          if (latest?.contentHash === hash) return { flow: toVersion(latest), created: false };
          const version = (latest?.version ?? 0) + 1;
          const [row] = await tx
            .insert(flowVersions)
            .values({
              flowId: definition.id,
              version,
              contentHash: hash,
              definition,
              plan: compile(version),
              createdBy,
            })
            .returning();
          return { flow: toVersion(row), created: true };
        });
      } catch (err) {
        if (sqlState(err) !== UNIQUE_VIOLATION || attempt >= PUBLISH_ATTEMPTS) throw err;
      }
    }
  }

  /** The latest version of every flow, by id. */
  async list(): Promise<FlowVersionSummary[]> {
    const rows = await this.db
      .selectDistinctOn([flowVersions.flowId], summaryColumns)
      .from(flowVersions)
      .orderBy(asc(flowVersions.flowId), desc(flowVersions.version));
    return rows.map(toSummary);
  }

  /** Every version of a flow, oldest first; empty when there is no such flow. */
  async versionsOf(id: string): Promise<FlowVersionSummary[]> {
    const rows = await this.db
      .select(summaryColumns)
      .from(flowVersions)
      .where(eq(flowVersions.flowId, id))
      .orderBy(asc(flowVersions.version));
    return rows.map(toSummary);
  }

  /**
   * The version asked for, or the latest when none is (with `startable`, the newest one not deprecated);
   * undefined when there is none.
   */
  async find(id: string, version?: number, { startable = false } = {}): Promise<FlowVersion | undefined> {
    if (version !== undefined && !isStoredVersion(version)) return undefined;
    const conditions = [eq(flowVersions.flowId, id)];
    if (version !== undefined) conditions.push(eq(flowVersions.version, version));
    else if (startable) conditions.push(isNull(flowVersions.deprecatedAt));
    const [row] = await this.db
      .select()
      .from(flowVersions)
      .where(and(...conditions))
      .orderBy(desc(flowVersions.version))
      .limit(1);
    return row && this.keep(row);
  }

  /** Marks a version deprecated (again: the new reason replaces the old), or clears the mark with `undefined`. */
  async setDeprecation(
    id: string,
    version: number,
    deprecation: { by: string; reason: string } | undefined,
  ): Promise<FlowVersionSummary | undefined> {
    if (!isStoredVersion(version)) return undefined;
    const [row] = await this.db
      .update(flowVersions)
      .set(
        deprecation
          ? { deprecatedAt: sql`now()`, deprecatedBy: deprecation.by, deprecationReason: deprecation.reason }
          : { deprecatedAt: null, deprecatedBy: null, deprecationReason: null },
      )
      .where(and(eq(flowVersions.flowId, id), eq(flowVersions.version, version)))
      .returning(summaryColumns);
    return row && toSummary(row);
  }

  async scheduleCount(id: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(schedules).where(eq(schedules.flowId, id));
    return row?.n ?? 0;
  }

  /** Deletes a flow and all its versions; false when there was no such flow. */
  async delete(id: string): Promise<boolean> {
    try {
      const deleted = await this.db.delete(flows).where(eq(flows.id, id)).returning({ id: flows.id });
      return deleted.length > 0;
    } catch (err) {
      // A schedule made between the check and the delete still holds the flow (its foreign key restricts).
      if (sqlState(err) === FOREIGN_KEY_VIOLATION) throw new ConflictError(`flow "${id}" has schedules`);
      throw err;
    }
  }
}

/** Versions are PostgreSQL integers: a larger number names no version (and must not reach a query). */
function isStoredVersion(version: number): boolean {
  return Number.isInteger(version) && version >= 1 && version <= 2_147_483_647;
}
