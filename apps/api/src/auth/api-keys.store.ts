import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/open-database';
import { apiKeys } from '../database/schema';
import { ConflictError, NotFoundError } from '../problems/api-errors';
import { hashSecret } from './api-key-format';
import type { Role } from './roles';

export type ApiKeyRow = typeof apiKeys.$inferSelect;
/** What the API shows of a key: never its secret nor the secret's hash. */
export type ApiKeyView = Omit<ApiKeyRow, 'secretHash'>;

export interface NewKey {
  id: string;
  secret: string;
  name: string;
  role: Role;
  createdBy: string;
}

const view = {
  id: apiKeys.id,
  name: apiKeys.name,
  role: apiKeys.role,
  createdAt: apiKeys.createdAt,
  createdBy: apiKeys.createdBy,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** The api_keys table: keys are made, listed, found by id, touched when used, and revoked (never deleted). */
@Injectable()
export class ApiKeysStore {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(key: NewKey, db: Database = this.db): Promise<ApiKeyView> {
    try {
      const [row] = await db
        .insert(apiKeys)
        .values({
          id: key.id,
          name: key.name,
          role: key.role,
          secretHash: hashSecret(key.secret),
          createdBy: key.createdBy,
        })
        .returning(view);
      return iso(row);
    } catch (err) {
      if (uniqueViolation(err)) throw new ConflictError(`an active key named "${key.name}" already exists`);
      throw err;
    }
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.db.select(view).from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
    return rows.map(iso);
  }

  async find(id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    return row;
  }

  /** Revoking twice is harmless: the first revocation's time stays. */
  async revoke(id: string): Promise<ApiKeyView> {
    const [revoked] = await this.db
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning(view);
    if (revoked) return iso(revoked);
    const [existing] = await this.db.select(view).from(apiKeys).where(eq(apiKeys.id, id));
    if (!existing) throw new NotFoundError(`API key "${id}" not found`);
    return iso(existing);
  }

  async touch(id: string): Promise<void> {
    await this.db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiKeys.id, id));
  }

  async activeAdminCount(db: Database = this.db): Promise<number> {
    const [{ count }] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(apiKeys)
      .where(and(eq(apiKeys.role, 'admin'), isNull(apiKeys.revokedAt)));
    return count;
  }

  async nameTaken(name: string, db: Database = this.db): Promise<boolean> {
    const [row] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)));
    return Boolean(row);
  }

  async idTaken(id: string, db: Database = this.db): Promise<boolean> {
    const [row] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id));
    return Boolean(row);
  }

  /** Runs `work` in a transaction that holds a lock every replica takes before making the first admin key. */
  transactionWithLock<T>(lock: number, work: (tx: Database) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${lock})`);
      return work(tx as unknown as Database);
    });
  }
}

/** Times as ISO 8601 (the driver gives PostgreSQL's text form, `2026-01-02 03:04:05.678+00`). */
function iso(key: ApiKeyView): ApiKeyView {
  const at = (time: string | null) => (time === null ? null : new Date(time).toISOString());
  return { ...key, createdAt: at(key.createdAt)!, lastUsedAt: at(key.lastUsedAt), revokedAt: at(key.revokedAt) };
}

/** PostgreSQL's unique_violation, as pg and PGlite report it (drizzle wraps it in a DrizzleQueryError). */
function uniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}
