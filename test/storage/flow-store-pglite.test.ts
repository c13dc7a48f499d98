import { approveUpdate } from '@weft/interpreter';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finalState, nodeReaches } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';

/** The embedded store `npm run dev` uses: PGlite in a directory, the same migrations and queries as PostgreSQL. */
describe('flows in the embedded store (PGlite in a directory)', () => {
  let stack: TestStack;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-flows-pglite-'));
    stack = await startTestStack({ databaseUrl: `pglite://${dir}` });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const flow = (message: string) => ({
    id: 'embedded',
    nodes: [
      { id: 'review', type: 'approval' },
      { id: 'done', type: 'task', component: 'core.log', inputs: { message } },
    ],
    edges: [{ from: 'review', to: 'done' }],
  });

  it('keeps versions, hashes and deprecations across API restarts; an open v1 run ends on v1 and v2 starts next', async () => {
    const v1 = await stack.http().post('/flows').send(flow('one')).expect(201);
    await stack.restartApi();

    await stack.http().post('/flows').send(flow('one')).expect(200);
    const runId = (await stack.http().post('/flows/embedded/runs').send({}).expect(201)).body.runId as string;
    await nodeReaches(stack, runId, 'review', 'WAITING');
    const [a, b] = await Promise.all([
      stack.http().post('/flows').send(flow('two')),
      stack.http().post('/flows').send(flow('three')),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.version, b.body.version].sort()).toEqual([2, 3]);
    await stack.http().post('/flows/embedded/versions/3/deprecate').send({ reason: 'not yet' }).expect(200);

    await stack.restartApi();

    const versions = await stack.http().get('/flows/embedded/versions').expect(200);
    expect(versions.body).toEqual([
      expect.objectContaining({ version: 1, hash: v1.body.hash, deprecated: false }),
      expect.objectContaining({ version: 2, deprecated: false }),
      expect.objectContaining({
        version: 3,
        deprecated: true,
        deprecation: expect.objectContaining({ reason: 'not yet' }),
      }),
    ]);
    await stack.client.workflow
      .getHandle(runId)
      .executeUpdate(approveUpdate, { args: [{ nodeId: 'review', payload: {} }] });
    const ended = await finalState(stack, runId);
    expect(ended).toMatchObject({ status: 'SUCCEEDED', version: 1 });
    expect(ended.nodes.done.output).toEqual({ message: 'one', level: 'info' });

    const next = (await stack.http().post('/flows/embedded/runs').send({}).expect(201)).body;
    expect(next.version).toBe(2);
    await stack.http().post('/flows/embedded/runs').send({ version: 3 }).expect(409);
    await stack.client.workflow.getHandle(next.runId).cancel();
  });
});
