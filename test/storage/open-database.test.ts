import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type OpenDatabase } from '../../apps/api/src/database/open-database';
import { flows } from '../../apps/api/src/database/schema';
import { createPostgresDatabase, type TestDatabase } from '../harness/test-database';

describe('the control-plane store', () => {
  let postgres: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    postgres = await createPostgresDatabase();
    dir = mkdtempSync(join(tmpdir(), 'weft-pglite-'));
  });
  afterAll(async () => {
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const stores = () =>
    [
      ['PostgreSQL', { kind: 'postgres', url: postgres.url }],
      ['PGlite', { kind: 'pglite', dataDir: dir }],
    ] as const;

  it.each([['PostgreSQL'], ['PGlite']])(
    '%s: migrations apply once and what was written survives a reopen',
    async (name) => {
      const config = stores().find(([n]) => n === name)![1];
      const first = await openDatabase(config);
      await first.db.insert(flows).values({ id: 'kept', createdBy: 'test' });
      await first.close();
      const second = await openDatabase(config);
      expect(await second.db.select().from(flows)).toEqual([
        expect.objectContaining({ id: 'kept', createdBy: 'test' }),
      ]);
      await second.close();
    },
  );

  it('PostgreSQL: replicas starting together migrate one at a time', async () => {
    const fresh = await createPostgresDatabase();
    let opened: OpenDatabase[] = [];
    try {
      opened = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: fresh.url })));
      expect(await opened[0].db.select().from(flows)).toEqual([]);
    } finally {
      await Promise.all(opened.map((o) => o.close()));
      await fresh.drop();
    }
  });
});
