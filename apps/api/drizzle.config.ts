import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate` compares schema.ts with the migrations so far and writes the next one. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/api/src/database/schema.ts',
  out: './apps/api/drizzle',
});
