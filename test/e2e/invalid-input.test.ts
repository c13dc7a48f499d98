import { startTestStack, type TestStack } from '../harness/test-stack';
import { malformedDefinitions } from '../../libs/dsl/test/malformed-definitions';
import { diamondFlow } from './flows.fixtures';

describe('bad input gets a 400 problem with JSON paths, never a 500', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await stack
      .http()
      .post('/flows')
      .send({
        ...diamondFlow('typed'),
        inputs: { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'] },
      })
      .expect(201);
  });
  afterAll(() => stack?.close());

  it.each(malformedDefinitions)('POST /flows with %s', async (_kind, body, errors) => {
    const res = await stack
      .http()
      .post('/flows')
      .send(body as object)
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'urn:weft:problem:invalid-flow',
      title: 'Invalid flow definition',
      status: 400,
      detail: `${errors.length} problem${errors.length === 1 ? '' : 's'} found`,
      errors,
      instance: '/flows',
      requestId: expect.any(String),
    });
  });

  it('POST /flows with a flow whose compiled plan is over the size limit stores no version', async () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => ({
      id: `node${i}`,
      type: 'task',
      component: 'core.noop',
      inputs: { i },
    }));
    const res = await stack.http().post('/flows').send({ id: 'too-wide', nodes }).expect(400);
    expect(res.body.errors).toEqual([
      { path: '$', message: expect.stringMatching(/^compiled plan is [\d,]+ bytes; the limit is 1,048,576$/) },
    ]);
    await stack.http().get('/flows/too-wide').expect(404);
  });

  it('POST /flows with malformed JSON', async () => {
    const res = await stack.http().post('/flows').set('content-type', 'application/json').send('{"id": ').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:weft:problem:malformed-body',
      status: 400,
      title: 'Malformed JSON body',
    });
  });

  it('POST /flows/:id/runs with inputs its schema refuses', async () => {
    const res = await stack
      .http()
      .post('/flows/typed/runs')
      .send({ inputs: { count: 'many' } })
      .expect(400);
    expect(res.body).toMatchObject({
      type: 'urn:weft:problem:invalid-input',
      title: 'Invalid inputs for flow "typed" v1',
      errors: [{ path: '$.inputs.count', message: 'must be integer' }],
    });
    const missing = await stack.http().post('/flows/typed/runs').send({}).expect(400);
    expect(missing.body.errors).toEqual([{ path: '$.inputs.count', message: 'is required' }]);
  });

  it('POST /flows/:id/runs with unknown or mistyped fields', async () => {
    const res = await stack.http().post('/flows/typed/runs').send({ inputs: [], version: 0, extra: true }).expect(400);
    expect(res.body.errors).toEqual([
      { path: '$.extra', message: 'unknown field' },
      { path: '$.inputs', message: 'inputs must be an object' },
      { path: '$.version', message: 'version must not be less than 1' },
    ]);
  });

  const expectProblem = (res: { headers: Record<string, string>; body: unknown }, body: Record<string, unknown>) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({ ...body, requestId: expect.any(String) });
  };
  const deep = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  const tooDeep = (path: string) => ({
    type: 'urn:weft:problem:invalid-input',
    title: 'Invalid request',
    status: 400,
    detail: '1 problem found',
    errors: [{ path, message: 'nests deeper than 128 levels; the limit is 128' }],
  });

  it('POST /flows with a body over the 5 MB limit answers 413', async () => {
    const big = {
      id: 'big',
      nodes: [{ id: 'A', type: 'task', component: 'core.noop', inputs: { x: 'x'.repeat(6e6) } }],
    };
    const res = await stack.http().post('/flows').send(big).expect(413);
    expectProblem(res, {
      type: 'urn:weft:problem:payload-too-large',
      title: 'Payload too large',
      status: 413,
      detail: 'the body is over the limit of 5mb',
      instance: '/flows',
    });
  });

  it('POST /flows with a JSON number as the body', async () => {
    const res = await stack.http().post('/flows').set('content-type', 'application/json').send('42').expect(400);
    expectProblem(res, {
      type: 'urn:weft:problem:malformed-body',
      title: 'Malformed JSON body',
      status: 400,
      detail: 'the body must be a JSON object',
      instance: '/flows',
    });
  });

  it('POST /flows with a value nested 2,000 deep', async () => {
    const body = `{"id":"g","nodes":[{"id":"A","type":"task","component":"core.noop","inputs":{"x":${deep(2000)}}}]}`;
    const res = await stack.http().post('/flows').set('content-type', 'application/json').send(body).expect(400);
    expectProblem(res, { ...tooDeep(`$.nodes[0].inputs.x${'[0]'.repeat(124)}`), instance: '/flows' });
  });

  it('POST /flows/:id/runs with inputs nested 100,000 deep', async () => {
    const body = `{"inputs":{"x":${deep(100_000)}}}`;
    const res = await stack
      .http()
      .post('/flows/typed/runs')
      .set('content-type', 'application/json')
      .send(body)
      .expect(400);
    expectProblem(res, { ...tooDeep(`$.inputs.x${'[0]'.repeat(126)}`), instance: '/flows/typed/runs' });
  });

  it('accepts "constructor" keys in free-form values and passes them on untouched', async () => {
    const flow = {
      id: 'ctor',
      variables: { constructor: true },
      nodes: [{ id: 'S', type: 'set', assign: { constructor: { constructor: [1] } } }],
    };
    await stack.http().post('/flows').send(flow).expect(201);
    const res = await stack.http().get('/flows/ctor').expect(200);
    expect(JSON.stringify(res.body)).toContain('"assign":{"constructor":{"constructor":[1]}}');
  });

  it('refuses a "__proto__" key with its path', async () => {
    const body = '{"id":"g","nodes":[{"id":"A","type":"task","component":"core.noop","inputs":{"__proto__":{}}}]}';
    const res = await stack.http().post('/flows').set('content-type', 'application/json').send(body).expect(400);
    expect(res.body.errors).toEqual([
      { path: '$.nodes[0].inputs.__proto__', message: 'the key "__proto__" is not allowed' },
    ]);
  });

  it('answers 404 for unknown flows, versions and runs', async () => {
    const flow = await stack.http().post('/flows/nope/runs').send({}).expect(404);
    expect(flow.body).toMatchObject({ type: 'urn:weft:problem:not-found', detail: 'flow "nope" not found' });
    const version = await stack
      .http()
      .post('/flows/typed/runs')
      .send({ version: 9, inputs: { count: 1 } })
      .expect(404);
    expect(version.body.detail).toBe('flow "typed" has no version 9 (latest is 1)');
    const run = await stack.http().get('/runs/no-such-run').expect(404);
    expect(run.body).toMatchObject({ status: 404, detail: 'run "no-such-run" not found' });
    expect(run.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 400 for a version that is not a number', async () => {
    const res = await stack.http().get('/flows/typed/versions/latest').expect(400);
    expect(res.body).toMatchObject({
      type: 'urn:weft:problem:bad-request',
      detail: 'Validation failed (numeric string is expected)',
    });
  });

  it('answers 409 when a run id is reused', async () => {
    const body = { runId: `dup-${Date.now()}`, inputs: { count: 1 } };
    await stack.http().post('/flows/typed/runs').send(body).expect(201);
    const res = await stack.http().post('/flows/typed/runs').send(body).expect(409);
    expect(res.body).toMatchObject({ type: 'urn:weft:problem:conflict', detail: `run "${body.runId}" already exists` });
  });
});
