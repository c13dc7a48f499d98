import type { RunState } from '@weft/interpreter';
import { Client } from 'pg';
import { newApiKey } from '../../apps/api/src/auth/api-key-format';
import { KEY_CACHE_MS } from '../../apps/api/src/auth/key-verifier';
import { roleAtLeast, type Role } from '../../apps/api/src/auth/roles';
import { nodeReaches } from '../harness/run-helpers';
import { appRoutes, concretePath } from '../harness/routes';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const PROBLEM = /^application\/problem\+json/;

describe('API keys and roles, enforced on every route', () => {
  let stack: TestStack;
  const admin = newApiKey().key;
  const keys: Record<'viewer' | 'operator', { id: string; key: string }> = {} as never;
  let flowId: string;

  const as = (key: string | undefined) => {
    const http = stack.http();
    const withKey = <T extends { set(name: string, value: string): T }>(req: T): T =>
      key ? req.set('Authorization', `Bearer ${key}`) : req;
    return {
      get: (path: string) => withKey(http.get(path)),
      post: (path: string, body: object = {}) => withKey(http.post(path)).send(body),
      delete: (path: string) => withKey(http.delete(path)),
    };
  };

  const gateFlow = (id: string) => ({ id, nodes: [{ id: 'gate', type: 'approval' }] });

  beforeAll(async () => {
    process.env.WEFT_BOOTSTRAP_ADMIN_KEY = admin;
    stack = await startTestStack({ auth: 'on' });
    for (const role of ['viewer', 'operator'] as const) {
      const made = await as(admin).post('/keys', { name: role, role }).expect(201);
      keys[role] = { id: made.body.id, key: made.body.key };
    }
    flowId = `auth-gate-${Date.now()}`;
    await as(admin).post('/flows', gateFlow(flowId)).expect(201);
  });
  afterAll(async () => {
    delete process.env.WEFT_BOOTSTRAP_ADMIN_KEY;
    await stack?.close();
  });

  it('the first start made the admin key from WEFT_BOOTSTRAP_ADMIN_KEY, once: a restart makes none', async () => {
    expect((await as(admin).get('/me').expect(200)).body).toEqual({
      id: admin.split('_')[1],
      name: 'key:admin',
      role: 'admin',
    });
    await stack.restartApi();
    const listed = (await as(admin).get('/keys').expect(200)).body as Record<string, unknown>[];
    expect(listed.map((k) => [k.name, k.role, k.createdBy])).toEqual([
      ['admin', 'admin', 'first-start'],
      ['viewer', 'viewer', 'key:admin'],
      ['operator', 'operator', 'key:admin'],
    ]);
    for (const key of listed) {
      expect(Object.keys(key).sort()).toEqual(
        ['createdAt', 'createdBy', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role'].sort(),
      );
      expect(key.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('the key in full is in the answer to its creation only, and the database holds only its hash', async () => {
    const made = await as(admin).post('/keys', { name: 'once', role: 'viewer' }).expect(201);
    expect(made.body).toMatchObject({ name: 'once', role: 'viewer', createdBy: 'key:admin', revokedAt: null });
    expect(made.body.key).toMatch(new RegExp(`^weft_${made.body.id}_[A-Za-z0-9_-]{43}$`));
    const secret = (made.body.key as string).slice(`weft_${made.body.id}_`.length);
    const rows = await query<{ secret_hash: string }>(
      'select secret_hash from api_keys where id = $1',
      made.body.id as string,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify((await as(admin).get('/keys').expect(200)).body)).not.toContain(secret);
  });

  it('refuses a request without a key, or with a bad one, with a 401 problem', async () => {
    const none = await as(undefined).get('/flows').expect(401);
    expect(none.headers['content-type']).toMatch(PROBLEM);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="weft"');
    expect(none.body).toMatchObject({ type: 'urn:weft:problem:unauthorized', status: 401, instance: '/flows' });
    expect(none.body.detail).toMatch(/needs an API key/);

    const wrongSecret = admin.replace(/_[^_]+$/, `_${'A'.repeat(43)}`);
    for (const bad of ['nonsense', newApiKey().key, wrongSecret]) {
      const res = await as(bad).get('/flows').expect(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="weft", error="invalid_token"');
    }
    await stack.http().get('/flows').set('Authorization', `Basic ${admin}`).expect(401);
    // X-API-Key is the other way to send it.
    await stack.http().get('/flows').set('X-API-Key', keys.viewer.key).expect(200);
  });

  it('a viewer reads but cannot start, operate, publish or manage keys', async () => {
    const viewer = as(keys.viewer.key);
    await viewer.get('/flows').expect(200);
    await viewer.get(`/flows/${flowId}`).expect(200);
    expect((await viewer.get('/me').expect(200)).body).toEqual({
      id: keys.viewer.id,
      name: 'key:viewer',
      role: 'viewer',
    });
    const start = await viewer.post(`/flows/${flowId}/runs`, { inputs: {} }).expect(403);
    expect(start.headers['content-type']).toMatch(PROBLEM);
    expect(start.body).toMatchObject({
      type: 'urn:weft:problem:forbidden',
      status: 403,
      detail: 'this endpoint needs the operator role; key:viewer has the viewer role',
    });
    await viewer.post('/flows', gateFlow(`${flowId}-by-viewer`)).expect(403);
    await viewer.post('/keys', { name: 'sneaky', role: 'admin' }).expect(403);
    await viewer.get('/keys').expect(403);
  });

  it('an operator starts and operates runs but cannot publish or manage keys; an admin can all', async () => {
    const operator = as(keys.operator.key);
    const { runId } = (await operator.post(`/flows/${flowId}/runs`, { inputs: {} }).expect(201)).body as {
      runId: string;
    };
    await nodeReaches(stack, runId, 'gate', 'WAITING');
    await operator.post(`/runs/${runId}/nodes/gate/approve`, { payload: {} }).expect(200);
    await operator.post('/flows', gateFlow(`${flowId}-by-operator`)).expect(403);
    await operator.post('/keys', { name: 'sneaky', role: 'viewer' }).expect(403);
    await operator.delete(`/keys/${keys.viewer.id}`).expect(403);

    const byAdmin = `${flowId}-by-admin`;
    await as(admin).post('/flows', gateFlow(byAdmin)).expect(201);
    const started = await as(admin).post(`/flows/${byAdmin}/runs`, { inputs: {} }).expect(201);
    await as(admin).post(`/runs/${started.body.runId}/cancel`).expect(202);
  });

  it("records the key's identity as the audit trail's `by`, whatever the body claims", async () => {
    const operator = as(keys.operator.key);
    const { runId } = (await operator.post(`/flows/${flowId}/runs`, { inputs: {} }).expect(201)).body as {
      runId: string;
    };
    const paused = await operator.post(`/runs/${runId}/pause`, { by: 'mallory', reason: 'check' }).expect(200);
    expect(paused.body.paused).toMatchObject({ by: 'key:operator', reason: 'check' });
    await operator.post(`/runs/${runId}/cancel`, { by: 'mallory', reason: 'done' }).expect(202);
    const readBack = await waitFor(
      () => as(keys.viewer.key).get(`/runs/${runId}`).expect(200),
      (res) => (res.body as RunState).status === 'CANCELLED',
      { what: `run ${runId} to be cancelled` },
    );
    expect((readBack.body as RunState).operations?.map((o) => [o.op, o.by])).toEqual([
      ['pause', 'key:operator'],
      ['cancel', 'key:operator'],
    ]);
  });

  it('validates a new key: 400 with the path at fault, 409 for a name already active', async () => {
    const bad = await as(admin).post('/keys', { name: 'has space', role: 'root' }).expect(400);
    expect(bad.headers['content-type']).toMatch(PROBLEM);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['$.name', '$.role']);
    const missing = await as(admin).post('/keys', {}).expect(400);
    expect((missing.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['$.name', '$.role']);
    await as(admin).post('/keys', { name: 'viewer', role: 'viewer', extra: 1 }).expect(400);
    const dup = await as(admin).post('/keys', { name: 'viewer', role: 'viewer' }).expect(409);
    expect(dup.body.detail).toBe('an active key named "viewer" already exists');
    await as(admin).delete('/keys/no-such-key').expect(404);
  });

  it('records when a key was last used', async () => {
    const made = await as(admin).post('/keys', { name: 'used', role: 'viewer' }).expect(201);
    await as(made.body.key as string)
      .get('/me')
      .expect(200);
    const used = await waitFor(
      async () => (await as(admin).get('/keys').expect(200)).body as { id: string; lastUsedAt: string | null }[],
      (all) => Boolean(all.find((k) => k.id === made.body.id)?.lastUsedAt),
      { what: 'lastUsedAt to be set' },
    );
    expect(Date.parse(used.find((k) => k.id === made.body.id)!.lastUsedAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a key revoked through this API is refused at once; one revoked elsewhere within the cache time', async () => {
    const first = await as(admin).post('/keys', { name: 'short-lived', role: 'viewer' }).expect(201);
    await as(first.body.key as string)
      .get('/me')
      .expect(200);
    const revoked = await as(admin).delete(`/keys/${first.body.id}`).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    await as(first.body.key as string)
      .get('/me')
      .expect(401);
    // Revoking twice changes nothing; the name is free again.
    expect((await as(admin).delete(`/keys/${first.body.id}`).expect(200)).body.revokedAt).toBe(revoked.body.revokedAt);
    await as(admin).post('/keys', { name: 'short-lived', role: 'viewer' }).expect(201);

    // As another replica (or an operator in the database) would revoke it: this API trusts its cache a while.
    const second = await as(admin).post('/keys', { name: 'revoked-elsewhere', role: 'viewer' }).expect(201);
    await as(second.body.key as string)
      .get('/me')
      .expect(200);
    await query('update api_keys set revoked_at = now() where id = $1', second.body.id as string);
    const since = Date.now();
    await waitFor(
      async () => (await as(second.body.key as string).get('/me')).status,
      (status) => status === 401,
      { timeoutMs: KEY_CACHE_MS + 5_000, intervalMs: 250, what: 'the revoked key to be refused' },
    );
    expect(Date.now() - since).toBeLessThan(KEY_CACHE_MS + 2_000);
  });

  it('lets the event stream take the key as ?access_token= (EventSource cannot send headers), no other route', async () => {
    const noop = `${flowId}-noop`;
    await as(admin)
      .post('/flows', { id: noop, nodes: [{ id: 'a', type: 'task', component: 'core.noop', inputs: {} }] })
      .expect(201);
    const { runId } = (await as(admin).post(`/flows/${noop}/runs`, { inputs: {} }).expect(201)).body as {
      runId: string;
    };
    await waitFor(
      async () => (await as(admin).get(`/runs/${runId}`).expect(200)).body as RunState,
      (state) => state.status === 'SUCCEEDED',
      { what: `run ${runId} to succeed` },
    );
    const stream = await stack.http().get(`/runs/${runId}/events?access_token=${keys.viewer.key}`).expect(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.text).toMatch(/event: end/);
    await stack.http().get(`/runs/${runId}/events`).expect(401);
    await stack.http().get(`/runs/${runId}/events?access_token=nonsense`).expect(401);
    await stack.http().get(`/runs/${runId}?access_token=${keys.viewer.key}`).expect(401);
  });

  it('every route declares its role or @Public, and answers 401 without a key unless public', async () => {
    const routes = appRoutes(stack.app);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.path} (${r.handler})`)).toEqual([]);
    // The OpenAPI document lists the same routes, each with its role; public ones need no key there either.
    const doc = (await stack.http().get('/docs/json').expect(200)).body as {
      paths: Record<string, Record<string, { 'x-weft-role'?: string; security?: object[] }>>;
    };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([m, op]) => {
          const open = JSON.stringify(op.security) === '[{}]';
          return `${m.toUpperCase()} ${path} ${op['x-weft-role']}${open ? ' (no key)' : ''}`;
        }),
      )
      .sort();
    const routed = routes
      .map(
        (r) =>
          `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')} ${r.access}${r.access === 'public' ? ' (no key)' : ''}`,
      )
      .sort();
    expect(routed).toEqual(documented);

    const refusals: string[] = [];
    for (const route of routes) {
      const path = concretePath(route.path);
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
      const status = (await stack.http()[method](path).timeout(10_000)).status;
      const expected = route.access === 'public' ? status !== 401 && status !== 403 : status === 401;
      if (!expected) refusals.push(`${route.method} ${route.path} (${route.access}) answered ${status}`);
      for (const [role, key] of [
        ['viewer', keys.viewer.key],
        ['operator', keys.operator.key],
      ] as const) {
        if (route.access === 'public' || roleAtLeast(role, route.access as Role)) continue;
        const refused = (await stack.http()[method](path).set('Authorization', `Bearer ${key}`)).status;
        if (refused !== 403) refusals.push(`${route.method} ${route.path} (${route.access}) as ${role}: ${refused}`);
      }
    }
    expect(refusals).toEqual([]);
  });

  it('answers 413 for a body over WEFT_MAX_BODY and 429 with Retry-After past WEFT_RATE_LIMIT_PER_MINUTE', async () => {
    process.env.WEFT_MAX_BODY = '2kb';
    process.env.WEFT_RATE_LIMIT_PER_MINUTE = '5';
    try {
      await stack.restartApi();
      const big = await as(admin)
        .post('/flows', { ...gateFlow(`${flowId}-big`), name: 'x'.repeat(3000) })
        .expect(413);
      expect(big.headers['content-type']).toMatch(PROBLEM);
      expect(big.body).toMatchObject({
        type: 'urn:weft:problem:payload-too-large',
        status: 413,
        detail: 'the body is over the limit of 2kb',
      });

      for (let i = 0; i < 5; i++) await as(keys.viewer.key).get('/me').expect(200);
      const limited = await as(keys.viewer.key).get('/me').expect(429);
      expect(limited.headers['content-type']).toMatch(PROBLEM);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ type: 'urn:weft:problem:too-many-requests', status: 429 });
      expect(limited.body.detail).toMatch(/^more than 5 requests in a minute from this API key; retry after \d+ s$/);
      // Counted per key: another key is not held back by this one.
      await as(keys.operator.key).get('/me').expect(200);
      // Without a key, per address, and before the 401: a flood of bad keys is limited too.
      for (let i = 0; i < 5; i++) await as(undefined).get('/me').expect(401);
      const anonymous = await as(undefined).get('/me').expect(429);
      expect(anonymous.body.detail).toMatch(/from this address/);
    } finally {
      delete process.env.WEFT_MAX_BODY;
      delete process.env.WEFT_RATE_LIMIT_PER_MINUTE;
      await stack.restartApi();
    }
  });

  it('makes a new admin key and prints it once when no active admin key is left', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await query("update api_keys set revoked_at = now() where role = 'admin'");
      await stack.restartApi();
      const printed = write.mock.calls.map(([chunk]) => String(chunk)).join('');
      const made = /No admin API key existed: made "(admin[^"]*)"[\s\S]*?\n {3}(weft_\S+)\n/.exec(printed);
      expect(made).not.toBeNull();
      expect((await as(made![2]).get('/me').expect(200)).body).toMatchObject({
        name: `key:${made![1]}`,
        role: 'admin',
      });
      await as(admin).get('/me').expect(401);
      write.mockClear();
      await stack.restartApi();
      expect(write.mock.calls.map(([chunk]) => String(chunk)).join('')).not.toMatch(/weft_/);
    } finally {
      write.mockRestore();
    }
  });

  async function query<T extends object>(sql: string, ...params: string[]): Promise<T[]> {
    const client = new Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
});
