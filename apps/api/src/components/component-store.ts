import { Inject, Injectable } from '@nestjs/common';
import { asc, eq, sql } from 'drizzle-orm';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/open-database';
import { registeredComponents } from '../database/schema';

export type RegisteredComponentRow = typeof registeredComponents.$inferSelect;
export type NewRegistration = Omit<RegisteredComponentRow, 'registeredAt'>;

/** The registered_components table: one row per component name, replaced by each registration of it. */
@Injectable()
export class ComponentStore {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async upsert(registration: NewRegistration): Promise<RegisteredComponentRow> {
    const { name: _name, ...changes } = registration;
    const [row] = await this.db
      .insert(registeredComponents)
      .values(registration)
      .onConflictDoUpdate({
        target: registeredComponents.name,
        set: { ...changes, outputSchema: changes.outputSchema ?? null, registeredAt: sql`now()` },
      })
      .returning();
    return iso(row);
  }

  /** Whether there was a registration of that name to delete. */
  async delete(name: string): Promise<boolean> {
    const deleted = await this.db
      .delete(registeredComponents)
      .where(eq(registeredComponents.name, name))
      .returning({ name: registeredComponents.name });
    return deleted.length > 0;
  }

  async list(): Promise<RegisteredComponentRow[]> {
    const rows = await this.db.select().from(registeredComponents).orderBy(asc(registeredComponents.name));
    return rows.map(iso);
  }
}

/** Timestamps as ISO 8601, whichever driver (PGlite or node-postgres) read them. */
function iso(row: RegisteredComponentRow): RegisteredComponentRow {
  return { ...row, registeredAt: new Date(row.registeredAt).toISOString() };
}
