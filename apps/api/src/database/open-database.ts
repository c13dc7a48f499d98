import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { DatabaseConfig } from '../config/api-config';
import { schema } from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface OpenDatabase {
  db: Database;
  kind: DatabaseConfig['kind'];
  close(): Promise<void>;
}

const MIGRATIONS = join(__dirname, '..', '..', 'drizzle');
/** Any constant; replicas starting together take turns migrating. */
const MIGRATION_LOCK = 7_301_994;

/** Opens the store and brings its schema up to date with the versioned migrations under apps/api/drizzle/. */
export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  if (config.kind === 'pglite') {
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    const client = await PGlite.create(config.dataDir);
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS });
    return { db: db as unknown as Database, kind: 'pglite', close: () => client.close() };
  }
  const pool = new Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
  // An idle client that loses its server must not crash the API; the next query reports the error.
  pool.on('error', () => undefined);
  const lockHolder = await pool.connect();
  try {
    await lockHolder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(lockHolder, { schema }), { migrationsFolder: MIGRATIONS });
  } finally {
    await lockHolder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lockHolder.release();
  }
  return { db: drizzlePg(pool, { schema }) as unknown as Database, kind: 'postgres', close: () => pool.end() };
}
