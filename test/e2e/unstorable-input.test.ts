import { startTestStack, type TestStack } from '../harness/test-stack';

// JSON allows a NUL character and a lone UTF-16 surrogate; PostgreSQL stores neither. Found by the fuzz suite
// (a 500 when a definition's variable held "\ud800", and when a version number overflowed the integer column).
describe('input the database cannot store is refused with a 400 at its JSON path, never a 500', () => {
  let stack: TestStack;
  const flowId = `unstorable-${Date.now().toString(36)}`;
  beforeAll(async () => {
    stack = await startTestStack();
    await stack
      .http()
      .post('/flows')
      .send({ id: flowId, nodes: [{ id: 'a', type: 'task', component: 'core.noop' }] })
      .expect(201);
  });
  afterAll(() => stack?.close());

  const refused = (res: { status: number; headers: Record<string, string>; body: { errors: unknown } }) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res.body.errors;
  };

  it('in a flow definition, on publish and on validate', async () => {
    const definition = {
      id: `${flowId}-bad`,
      description: 'nul \u0000 here',
      variables: { v0: '\ud800', ok: 'fine 😀' },
      nodes: [{ id: 'a', type: 'task', component: 'core.noop', inputs: { ['k\udc00']: 1 } }],
    };
    const expected = [
      { path: '$.description', message: 'holds a NUL character (\\u0000), which cannot be stored' },
      { path: '$.variables.v0', message: 'holds a lone UTF-16 surrogate (\\ud800), which is not valid Unicode' },
      {
        path: '$.nodes[0].inputs["k\\udc00"]',
        message: 'its key holds a lone UTF-16 surrogate (\\udc00), which is not valid Unicode',
      },
    ];
    expect(refused(await stack.http().post('/flows').send(definition))).toEqual(expected);
    expect(refused(await stack.http().post('/flows/validate').send(definition))).toEqual(expected);
    await stack.http().get(`/flows/${flowId}-bad`).expect(404);
  });

  it('in a deprecation reason, a schedule and a webhook subscription', async () => {
    expect(
      refused(await stack.http().post(`/flows/${flowId}/versions/1/deprecate`).send({ reason: 'old\u0000' })),
    ).toEqual([{ path: '$.reason', message: 'holds a NUL character (\\u0000), which cannot be stored' }]);
    const schedule = { id: `${flowId}-s`, flowId, inputs: { x: '\udfff' }, spec: { intervals: [{ every: '1h' }] } };
    expect(refused(await stack.http().post('/schedules').send(schedule))).toEqual([
      { path: '$.inputs.x', message: 'holds a lone UTF-16 surrogate (\\udfff), which is not valid Unicode' },
    ]);
    const hook = { url: 'http://127.0.0.1:9/hook', events: ['run.failed'], description: 'pager\u0000' };
    expect(refused(await stack.http().post('/webhooks').send(hook))).toEqual([
      { path: '$.description', message: 'holds a NUL character (\\u0000), which cannot be stored' },
    ]);
  });

  it('a version number past what a version can be names no version (404), in reads and deprecations', async () => {
    const huge = '99999999999999999999';
    await stack.http().get(`/flows/${flowId}/versions/${huge}`).expect(404);
    await stack.http().get(`/flows/${flowId}/versions/2147483648`).expect(404);
    await stack.http().post(`/flows/${flowId}/versions/${huge}/deprecate`).send({ reason: 'x' }).expect(404);
    const start = await stack.http().post(`/flows/${flowId}/runs`).send({ version: 2147483648 });
    expect(start.status).toBeGreaterThanOrEqual(400);
    expect(start.status).toBeLessThan(500);
  });
});

describe('a path or query holding text nothing can be named with', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  it('names nothing (404), and as a query value is a 400 at its name; both problems, never a 500', async () => {
    for (const path of ['/flows/%00/runs', '/flows/%00', '/schedules/a%00b', '/webhooks/x%00', '/runs/%00']) {
      const method = path.endsWith('/runs') ? 'post' : 'get';
      const res = await stack.http()[method](path).send({});
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const res = await stack.http().get('/schedules?flowId=a%00');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: '$.flowId', message: 'holds a NUL character (\\u0000), which cannot be stored' },
    ]);
  });
});
