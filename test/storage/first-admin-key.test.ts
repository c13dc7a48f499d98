import { auditBy } from '../../apps/api/src/auth/audit-by';
import { ANONYMOUS } from '../../apps/api/src/auth/actor';
import { newApiKey, parseApiKey, secretMatches } from '../../apps/api/src/auth/api-key-format';
import { ApiKeysStore } from '../../apps/api/src/auth/api-keys.store';
import { FirstStart } from '../../apps/api/src/auth/first-start';
import { readApiConfig } from '../../apps/api/src/config/api-config';
import { openDatabase, type OpenDatabase } from '../../apps/api/src/database/open-database';
import { apiKeys } from '../../apps/api/src/database/schema';
import { createPostgresDatabase } from '../harness/test-database';

const quiet = () => jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

describe('the first admin key', () => {
  it('PostgreSQL: replicas starting together make exactly one', async () => {
    const fresh = await createPostgresDatabase();
    let opened: OpenDatabase[] = [];
    const write = quiet();
    try {
      opened = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ kind: 'postgres', url: fresh.url })));
      const config = readApiConfig({ WEFT_AUTH: 'on', DATABASE_URL: fresh.url });
      await Promise.all(opened.map((o) => new FirstStart(config, new ApiKeysStore(o.db)).onApplicationBootstrap()));
      const made = await opened[0].db.select().from(apiKeys);
      expect(made.map((k) => [k.name, k.role, k.createdBy])).toEqual([['admin', 'admin', 'first-start']]);
      const printed = write.mock.calls.map(([chunk]) => String(chunk)).join('');
      const keys = printed.match(/weft_[0-9a-f]+_[A-Za-z0-9_-]+/g) ?? [];
      expect(keys).toHaveLength(1);
      expect(secretMatches(parseApiKey(keys[0] ?? '')!.secret, made[0].secretHash)).toBe(true);
    } finally {
      write.mockRestore();
      await Promise.all(opened.map((o) => o.close()));
      await fresh.drop();
    }
  });

  it('PGlite: WEFT_BOOTSTRAP_ADMIN_KEY is the first admin key, printed nowhere, and made once', async () => {
    const opened = await openDatabase({ kind: 'pglite' });
    const write = quiet();
    try {
      const given = newApiKey();
      const config = readApiConfig({
        WEFT_AUTH: 'on',
        DATABASE_URL: 'pglite://memory',
        WEFT_BOOTSTRAP_ADMIN_KEY: given.key,
      });
      const start = () => new FirstStart(config, new ApiKeysStore(opened.db)).onApplicationBootstrap();
      await Promise.all([start(), start()]);
      await start();
      const made = await opened.db.select().from(apiKeys);
      expect(made.map((k) => [k.id, k.name, k.role])).toEqual([[given.id, 'admin', 'admin']]);
      expect(secretMatches(given.secret, made[0].secretHash)).toBe(true);
      expect(write.mock.calls.map(([chunk]) => String(chunk)).join('')).not.toContain(given.secret);
    } finally {
      write.mockRestore();
      await opened.close();
    }
  });

  it('refuses to start on a WEFT_BOOTSTRAP_ADMIN_KEY that is not a key, naming the variable', async () => {
    const opened = await openDatabase({ kind: 'pglite' });
    try {
      const config = readApiConfig({ WEFT_AUTH: 'on', WEFT_BOOTSTRAP_ADMIN_KEY: 'hunter2' });
      await expect(new FirstStart(config, new ApiKeysStore(opened.db)).onApplicationBootstrap()).rejects.toThrow(
        /^WEFT_BOOTSTRAP_ADMIN_KEY must look like weft_/,
      );
      expect(await opened.db.select().from(apiKeys)).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('makes no key with auth off', async () => {
    const opened = await openDatabase({ kind: 'pglite' });
    try {
      await new FirstStart(readApiConfig({ WEFT_AUTH: 'off' }), new ApiKeysStore(opened.db)).onApplicationBootstrap();
      expect(await opened.db.select().from(apiKeys)).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});

describe('settings and the audit trail', () => {
  it('refuses bad limits at start, naming the variable', () => {
    expect(() => readApiConfig({ WEFT_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/^WEFT_RATE_LIMIT_PER_MINUTE must be/);
    expect(() => readApiConfig({ WEFT_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/^WEFT_RATE_LIMIT_PER_MINUTE must be/);
    expect(() => readApiConfig({ WEFT_MAX_BODY: 'big' })).toThrow(/^WEFT_MAX_BODY must be a size/);
    expect(readApiConfig({})).toMatchObject({ auth: 'on', maxBody: '5mb', rateLimitPerMinute: 6000 });
    expect(readApiConfig({ WEFT_MAX_BODY: '512kb', WEFT_RATE_LIMIT_PER_MINUTE: '0' })).toMatchObject({
      maxBody: '512kb',
      rateLimitPerMinute: 0,
    });
  });

  it("records the key's identity; the body's `by` only when auth is off", () => {
    const key = { id: 'k1', name: 'key:ci', role: 'operator' as const };
    expect(auditBy(key, 'mallory')).toBe('key:ci');
    expect(auditBy(key, undefined)).toBe('key:ci');
    expect(auditBy(ANONYMOUS, 'ada')).toBe('ada');
    expect(auditBy(ANONYMOUS, undefined)).toBe('anonymous');
    expect(auditBy(ANONYMOUS, '')).toBe('anonymous');
  });
});
