import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database on the server globalSetup made ready; dropped by `drop()`. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const admin = process.env.WEFT_TEST_POSTGRES_ADMIN_URL;
  if (!admin) throw new Error('globalSetup did not make PostgreSQL ready (WEFT_TEST_POSTGRES_ADMIN_URL is unset)');
  const name = `weft_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await withClient(admin, (c) => c.query(`create database ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(admin, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
