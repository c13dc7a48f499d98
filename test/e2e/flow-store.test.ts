import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { approveUpdate } from '@weft/interpreter';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { finalState, nodeReaches } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/** A flow whose runs stay open until their approval is given; `message` tells the versions apart. */
const approvalFlow = (id: string, message: string) => ({
  id,
  nodes: [
    { id: 'review', type: 'approval' },
    { id: 'done', type: 'task', component: 'core.log', inputs: { message } },
  ],
  edges: [{ from: 'review', to: 'done' }],
});

const logFlow = (id: string, message: string) => ({
  id,
  nodes: [{ id: 'say', type: 'task', component: 'core.log', inputs: { message } }],
});

let unique = 0;
const newId = (name: string) => `${name}-${Date.now()}-${++unique}`;

describe('flows in the database (PostgreSQL)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  const approve = (runId: string) =>
    stack.client.workflow.getHandle(runId).executeUpdate(approveUpdate, { args: [{ nodeId: 'review', payload: {} }] });

  it('keeps published flows across an API restart, and starts them afterwards', async () => {
    const id = newId('restart');
    const published = await stack.http().post('/flows').send(logFlow(id, 'persisted')).expect(201);
    expect(published.body).toMatchObject({ id, version: 1, created: true, createdBy: 'anonymous' });
    expect(published.body.hash).toMatch(/^[0-9a-f]{64}$/);

    await stack.restartApi();

    const listed = await stack.http().get('/flows').expect(200);
    expect(listed.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id,
          version: 1,
          hash: published.body.hash,
          createdBy: 'anonymous',
          deprecated: false,
        }),
      ]),
    );
    const started = await stack.http().post(`/flows/${id}/runs`).send({}).expect(201);
    const state = await finalState(stack, started.body.runId);
    expect(state).toMatchObject({ status: 'SUCCEEDED', flowId: id, version: 1 });
    expect(state.nodes.say.output).toEqual({ message: 'persisted', level: 'info' });
  });

  it('hashes the definition, not its key order or $schema: an unchanged publish answers 200 with the same version', async () => {
    const id = newId('unchanged');
    const first = await stack.http().post('/flows').send(logFlow(id, 'same')).expect(201);
    const reordered = { nodes: [{ inputs: { message: 'same' }, component: 'core.log', type: 'task', id: 'say' }], id };
    const again = await stack
      .http()
      .post('/flows')
      .send({ $schema: 'http://localhost/schemas/flow.json', ...reordered })
      .expect(200);
    expect(again.body).toMatchObject({ version: 1, created: false, hash: first.body.hash });
    expect(again.body.definition).not.toHaveProperty('$schema');
    const versions = await stack.http().get(`/flows/${id}/versions`).expect(200);
    expect(versions.body).toEqual([
      {
        id,
        version: 1,
        hash: first.body.hash,
        createdAt: expect.any(String),
        createdBy: 'anonymous',
        deprecated: false,
      },
    ]);
  });

  it('lets an open v1 run end on v1 while v2 is published, and starts v2 next', async () => {
    const id = newId('upgrade');
    await stack.http().post('/flows').send(approvalFlow(id, 'one')).expect(201);
    const open = (await stack.http().post(`/flows/${id}/runs`).send({}).expect(201)).body.runId as string;
    await nodeReaches(stack, open, 'review', 'WAITING');

    const v2 = await stack.http().post('/flows').send(approvalFlow(id, 'two')).expect(201);
    expect(v2.body).toMatchObject({ version: 2, created: true });

    await approve(open);
    const ended = await finalState(stack, open);
    expect(ended).toMatchObject({ status: 'SUCCEEDED', version: 1 });
    expect(ended.nodes.done.output).toEqual({ message: 'one', level: 'info' });

    const next = (await stack.http().post(`/flows/${id}/runs`).send({}).expect(201)).body;
    expect(next.version).toBe(2);
    await nodeReaches(stack, next.runId, 'review', 'WAITING');
    await approve(next.runId);
    const second = await finalState(stack, next.runId);
    expect(second).toMatchObject({ status: 'SUCCEEDED', version: 2 });
    expect(second.nodes.done.output).toEqual({ message: 'two', level: 'info' });
  });

  describe('two API replicas publishing one flow at once', () => {
    let replica: INestApplication;
    beforeAll(async () => {
      // The stack's environment (DATABASE_URL, task queue) is still set: this is a second API on the same database.
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      replica = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
      await replica.init();
    });
    afterAll(() => replica?.close());

    const raceOnce = async (id: string) => {
      const [a, b] = await Promise.all([
        stack.http().post('/flows').send(logFlow(id, 'a')),
        request(replica.getHttpServer()).post('/flows').send(logFlow(id, 'b')),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      return [a.body.version, b.body.version].sort();
    };

    it('makes versions 1 and 2 of two different definitions, never the same number twice and never a 500', async () => {
      for (let round = 0; round < 5; round++) {
        const id = newId('race');
        expect(await raceOnce(id)).toEqual([1, 2]);
        const versions = await stack.http().get(`/flows/${id}/versions`).expect(200);
        expect(versions.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      }
    });

    it('makes the next two versions of a flow that exists (both read the same latest, one retries)', async () => {
      for (let round = 0; round < 5; round++) {
        const id = newId('race-next');
        await stack.http().post('/flows').send(logFlow(id, 'base')).expect(201);
        expect(await raceOnce(id)).toEqual([2, 3]);
      }
    });

    it('makes one version of the same definition published by both: 201 for one, 200 for the other', async () => {
      for (let round = 0; round < 5; round++) {
        const id = newId('same-race');
        const answers = await Promise.all([
          stack.http().post('/flows').send(logFlow(id, 'x')),
          request(replica.getHttpServer()).post('/flows').send(logFlow(id, 'x')),
        ]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
        expect(answers.map((r) => r.body.version)).toEqual([1, 1]);
      }
    });
  });

  it('validates without publishing: 200 with the hash, 400 with the JSON path at fault', async () => {
    const id = newId('validate');
    const checked = await stack.http().post('/flows/validate').send(logFlow(id, 'v')).expect(200);
    expect(checked.body).toEqual({
      valid: true,
      id,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      latestVersion: null,
      unchanged: false,
    });
    await stack.http().get(`/flows/${id}`).expect(404);

    const published = await stack.http().post('/flows').send(logFlow(id, 'v')).expect(201);
    expect(published.body.hash).toBe(checked.body.hash);
    const same = await stack.http().post('/flows/validate').send(logFlow(id, 'v')).expect(200);
    expect(same.body).toMatchObject({ latestVersion: 1, unchanged: true });

    const bad = await stack
      .http()
      .post('/flows/validate')
      .send({
        id,
        nodes: [
          { id: 'say', type: 'task', component: 'core.nope' },
          { id: 'w', type: 'wait', duration: 'soon' },
        ],
      })
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '$.nodes[1].duration' })]));
    const unknownComponent = await stack
      .http()
      .post('/flows/validate')
      .send({ id, nodes: [{ id: 'say', type: 'task', component: 'core.nope' }] })
      .expect(400);
    expect(unknownComponent.body.errors).toEqual([expect.objectContaining({ path: '$.nodes[0].component' })]);
    const subflow = await stack
      .http()
      .post('/flows/validate')
      .send({
        id,
        nodes: [
          {
            id: 'l',
            type: 'loop',
            maxIterations: 2,
            body: { nodes: [{ id: 'c', type: 'subflow', flow: 'no-such-flow' }] },
          },
        ],
      })
      .expect(400);
    expect(subflow.body.errors).toEqual([expect.objectContaining({ path: '$.nodes[0].body.nodes[0].flow' })]);
  });

  it('resolves subflows named in loop and foreach bodies from the database', async () => {
    const child = newId('child');
    await stack.http().post('/flows').send(logFlow(child, 'child ran')).expect(201);
    const parent = newId('parent');
    await stack
      .http()
      .post('/flows')
      .send({
        id: parent,
        nodes: [
          {
            id: 'each',
            type: 'foreach',
            items: '${[1, 2]}',
            body: { nodes: [{ id: 'call', type: 'subflow', flow: child }] },
          },
          {
            id: 'again',
            type: 'loop',
            maxIterations: 1,
            body: { nodes: [{ id: 'call', type: 'subflow', flow: child, version: 1 }] },
          },
        ],
        edges: [{ from: 'each', to: 'again' }],
      })
      .expect(201);
    const started = await stack.http().post(`/flows/${parent}/runs`).send({}).expect(201);
    const state = await finalState(stack, started.body.runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.each.items).toEqual({ total: 2, succeeded: 2, failed: 0 });
    expect(state.nodes.again.status).toBe('SUCCEEDED');
  });

  it('diffs a version against the previous one, or the one asked for', async () => {
    const id = newId('diff');
    const v1 = { ...approvalFlow(id, 'one'), name: 'First', timeout: '1h' };
    const v2 = {
      id,
      name: 'Second',
      nodes: [
        { id: 'review', type: 'approval', timeout: '1d' },
        { id: 'log', type: 'task', component: 'core.log', inputs: { message: 'new' } },
      ],
      edges: [{ from: 'review', to: 'log' }],
    };
    await stack.http().post('/flows').send(v1).expect(201);
    await stack.http().post('/flows').send(v2).expect(201);

    const diff = await stack.http().get(`/flows/${id}/versions/2/diff`).expect(200);
    expect(diff.body).toMatchObject({ id, from: { version: 1 }, to: { version: 2 }, identical: false });
    expect(diff.body.nodes).toEqual({
      added: [{ id: 'log', type: 'task', path: '$.nodes[1]' }],
      removed: [{ id: 'done', type: 'task', path: '$.nodes[1]' }],
      changed: [
        {
          id: 'review',
          type: 'approval',
          path: '$.nodes[0]',
          changes: [{ path: '$.nodes[0].timeout', op: 'added', to: '1d' }],
        },
      ],
    });
    expect(diff.body.edges).toEqual({
      added: [{ from: 'review', to: 'log', path: '$.edges[0]' }],
      removed: [{ from: 'review', to: 'done', path: '$.edges[0]' }],
    });
    expect(diff.body.fields).toEqual([
      { path: '$.name', op: 'changed', from: 'First', to: 'Second' },
      { path: '$.timeout', op: 'removed', from: '1h' },
    ]);

    const reverse = await stack.http().get(`/flows/${id}/versions/1/diff`).query({ against: 2 }).expect(200);
    expect(reverse.body.nodes.added).toEqual([{ id: 'done', type: 'task', path: '$.nodes[1]' }]);
    const self = await stack.http().get(`/flows/${id}/versions/2/diff`).query({ against: 2 }).expect(200);
    expect(self.body.identical).toBe(true);

    const first = await stack.http().get(`/flows/${id}/versions/1/diff`).expect(400);
    expect(first.body.errors).toEqual([expect.objectContaining({ path: '$.against' })]);
    const badAgainst = await stack.http().get(`/flows/${id}/versions/2/diff`).query({ against: 'x' }).expect(400);
    expect(badAgainst.body.errors).toEqual([expect.objectContaining({ path: '$.against' })]);
    await stack.http().get(`/flows/${id}/versions/2/diff`).query({ against: 9 }).expect(404);
  });

  it('refuses to start a deprecated version (409 with the reason); the latest start takes the newest one not deprecated', async () => {
    const id = newId('deprecated');
    await stack.http().post('/flows').send(logFlow(id, 'one')).expect(201);
    await stack.http().post('/flows').send(logFlow(id, 'two')).expect(201);

    const badBody = await stack.http().post(`/flows/${id}/versions/2/deprecate`).send({ reason: '' }).expect(400);
    expect(badBody.body.errors).toEqual([expect.objectContaining({ path: '$.reason' })]);
    const marked = await stack
      .http()
      .post(`/flows/${id}/versions/2/deprecate`)
      .send({ reason: 'calls the old billing API' })
      .expect(200);
    expect(marked.body).toMatchObject({
      version: 2,
      deprecated: true,
      deprecation: { by: 'anonymous', reason: 'calls the old billing API', at: expect.any(String) },
    });

    const refused = await stack.http().post(`/flows/${id}/runs`).send({ version: 2 }).expect(409);
    expect(refused.body.detail).toMatch(/version 2 of flow ".*" is deprecated .*: calls the old billing API/);
    const latest = await stack.http().post(`/flows/${id}/runs`).send({}).expect(201);
    expect(latest.body.version).toBe(1);
    await finalState(stack, latest.body.runId);

    await stack.http().post(`/flows/${id}/versions/1/deprecate`).send({ reason: 'retired' }).expect(200);
    const none = await stack.http().post(`/flows/${id}/runs`).send({}).expect(409);
    expect(none.body.detail).toMatch(/every version of flow ".*" is deprecated/);

    const cleared = await stack.http().post(`/flows/${id}/versions/2/undeprecate`).expect(200);
    expect(cleared.body).toMatchObject({ version: 2, deprecated: false });
    expect(cleared.body).not.toHaveProperty('deprecation');
    const again = await stack.http().post(`/flows/${id}/runs`).send({}).expect(201);
    expect(again.body.version).toBe(2);
    await stack.http().post(`/flows/${id}/versions/7/deprecate`).send({ reason: 'x' }).expect(404);
  });

  it('refuses to delete a flow while a run of it is open, then deletes every version', async () => {
    const id = newId('delete');
    await stack.http().post('/flows').send(approvalFlow(id, 'one')).expect(201);
    await stack.http().post('/flows').send(approvalFlow(id, 'two')).expect(201);
    const runId = (await stack.http().post(`/flows/${id}/runs`).send({}).expect(201)).body.runId as string;
    await nodeReaches(stack, runId, 'review', 'WAITING');
    const open = `FlowId = "${id}" AND ExecutionStatus = "Running"`;
    await waitFor(
      () => stack.client.workflow.count(open),
      ({ count }) => count === 1,
      { what: 'visibility to count the open run' },
    );

    const refused = await stack.http().delete(`/flows/${id}`).expect(409);
    expect(refused.body.detail).toMatch(/1 open run/);
    await stack.http().get(`/flows/${id}/versions/2`).expect(200);

    await approve(runId);
    await finalState(stack, runId);
    await waitFor(
      () => stack.client.workflow.count(open),
      ({ count }) => count === 0,
      { what: 'visibility to see the run closed' },
    );
    await stack.http().delete(`/flows/${id}`).expect(204);
    await stack.http().get(`/flows/${id}`).expect(404);
    await stack.http().get(`/flows/${id}/versions`).expect(404);
    await stack.http().delete(`/flows/${id}`).expect(404);
    const listed = await stack.http().get('/flows').expect(200);
    expect(listed.body.map((f: { id: string }) => f.id)).not.toContain(id);

    // The id is free again: publishing it starts over at version 1.
    const fresh = await stack.http().post('/flows').send(logFlow(id, 'again')).expect(201);
    expect(fresh.body.version).toBe(1);
  });

  it('refuses to delete a flow a schedule starts', async () => {
    const id = newId('scheduled');
    await stack.http().post('/flows').send(logFlow(id, 'tick')).expect(201);
    const pg = new PgClient({ connectionString: stack.databaseUrl });
    await pg.connect();
    try {
      // A row of the schedules table is what the schedules API keeps of a schedule; Temporal plays no part here.
      await pg.query("insert into schedules (id, flow_id, created_by, updated_by) values ($1, $2, 'test', 'test')", [
        `${id}-nightly`,
        id,
      ]);
      const refused = await stack.http().delete(`/flows/${id}`).expect(409);
      expect(refused.body.detail).toMatch(/1 schedule/);
      await pg.query('delete from schedules where id = $1', [`${id}-nightly`]);
    } finally {
      await pg.end();
    }
    await stack.http().delete(`/flows/${id}`).expect(204);
  });
});
