import { NativeConnection } from '@temporalio/worker';
import { defineComponent } from '@weft/components';
import { runComponentWorker, type ComponentWorker } from '@weft/components/worker';
import { LIMITS } from '@weft/dsl';
import type { RunState } from '@weft/interpreter';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { finalState } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const root = join(__dirname, '..', '..');
const venvPython = join(root, '.data', 'python-venv', 'bin', 'python');

/** A team's own TypeScript component, served by runComponentWorker on a queue of its own. */
const shout = defineComponent({
  name: 'ts.shout',
  description: 'Upper-cases a text.',
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string' }, times: { type: 'integer', minimum: 1 } },
    required: ['text'],
  },
  outputSchema: { type: 'object', required: ['text'] },
  run: ({ text, times = 1 }: { text: string; times?: number }) => ({ text: text.toUpperCase().repeat(times) }),
});

interface ComponentView {
  name: string;
  language: string;
  builtIn: boolean;
  taskQueue: string;
  workerIdentity: string | null;
  serving: boolean | null;
  workers: string[];
}

describe('components in other languages, registered by their workers', () => {
  let stack: TestStack;
  let apiUrl: string;
  let python: ChildProcess;
  let pythonLog = '';
  let tsWorker: ComponentWorker;
  let connection: NativeConnection;
  const pyQueue = `py-${randomUUID()}`;
  const tsQueue = `ts-${randomUUID()}`;

  const components = async () => (await stack.http().get('/components').expect(200)).body as ComponentView[];
  const named = (list: ComponentView[], name: string) => list.find((c) => c.name === name);
  const publish = (definition: object) => stack.http().post('/flows').send(definition);
  const run = async (flowId: string, inputs: object): Promise<RunState & { runId: string }> => {
    const { runId } = (await stack.http().post(`/flows/${flowId}/runs`).send({ inputs }).expect(201)).body as {
      runId: string;
    };
    return { ...(await finalState(stack, runId)), runId };
  };

  beforeAll(async () => {
    // The venv the README's set-up makes (npm test and npm run dev make it too); a no-op when it is up to date.
    const setup = spawnSync(process.execPath, [join(root, 'scripts', 'python-setup.mjs')], { encoding: 'utf8' });
    if (setup.status !== 0) throw new Error(`python setup failed: ${setup.stderr}`);
    stack = await startTestStack();
    await stack.app.listen(0, '127.0.0.1');
    apiUrl = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;

    python = spawn(venvPython, ['-m', 'weft_worker.examples.text_stats'], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
        WEFT_TASK_QUEUE: pyQueue,
        WEFT_API_URL: apiUrl,
        WEFT_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [python.stdout!, python.stderr!]) stream.on('data', (chunk) => (pythonLog += String(chunk)));

    connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    tsWorker = await runComponentWorker({
      components: [shout],
      taskQueue: tsQueue,
      connection,
      identity: 'team-ts@test',
      register: { apiUrl },
    });

    await waitFor(
      components,
      (list) => named(list, 'py.text_stats')?.serving === true && named(list, 'ts.shout')?.serving === true,
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: `both component workers to register and poll (python: ${pythonLog})`,
      },
    );
  }, 120_000);

  afterAll(async () => {
    if (python && python.exitCode === null) {
      const exited = new Promise((resolve) => python.once('exit', resolve));
      python.kill('SIGTERM');
      await exited;
    }
    await tsWorker?.stop();
    await connection?.close();
    await stack?.close();
  });

  it('lists both languages with their queues, schemas and serving state beside the built-ins', async () => {
    const list = await components();
    expect(named(list, 'py.text_stats')).toMatchObject({
      language: 'python',
      builtIn: false,
      taskQueue: pyQueue,
      serving: true,
      description: 'Counts the characters, words and lines of a text and its most frequent words (case-folded).',
      inputSchema: { required: ['text'] },
      outputSchema: { required: ['characters', 'words', 'lines', 'topWords'] },
    });
    const py = named(list, 'py.text_stats')!;
    expect(py.workers).toEqual([py.workerIdentity]);
    expect(py.workerIdentity).toMatch(/^\d+@/);
    expect(named(list, 'ts.shout')).toMatchObject({
      language: 'typescript',
      builtIn: false,
      taskQueue: tsQueue,
      workerIdentity: 'team-ts@test',
      serving: true,
      workers: ['team-ts@test'],
    });
    // The built-ins run on the run's own queue, where the stack's worker polls.
    expect(named(list, 'core.noop')).toMatchObject({
      language: 'typescript',
      builtIn: true,
      taskQueue: stack.taskQueue,
      serving: true,
    });
    expect(list.map((c) => c.name)).toEqual([...list.map((c) => c.name)].sort());
  });

  it('runs a flow mixing a TypeScript and a Python component, each task routed to its own queue', async () => {
    const id = `mixed-${Date.now()}`;
    await publish({
      id,
      inputs: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      nodes: [
        { id: 'loud', type: 'task', component: 'ts.shout', inputs: { text: '${inputs.text}' } },
        {
          id: 'stats',
          type: 'task',
          component: 'py.text_stats',
          inputs: { text: '${nodes.loud.output.text}', top: 2 },
        },
        { id: 'done', type: 'task', component: 'core.noop' },
      ],
      edges: [
        { from: 'loud', to: 'stats' },
        { from: 'stats', to: 'done' },
      ],
      output: { stats: '${nodes.stats.output}' },
    }).expect(201);
    const plan = (await stack.http().get(`/flows/${id}`).expect(200)).body.plan as {
      nodes: { id: string; taskQueue?: string }[];
    };
    expect(Object.fromEntries(plan.nodes.map((n) => [n.id, n.taskQueue ?? null]))).toEqual({
      loud: tsQueue,
      stats: pyQueue,
      done: null,
    });

    const state = await run(id, { text: 'the cat and the hat\nthe end' });
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.stats).toMatchObject({ status: 'SUCCEEDED', attempt: 1 });
    expect(state.output).toEqual({
      stats: {
        characters: 27,
        words: 7,
        lines: 2,
        topWords: [
          ['the', 3],
          ['and', 1],
        ],
      },
    });
  });

  it("keeps the Python component's log lines with its node", async () => {
    const id = `logs-${Date.now()}`;
    await publish({
      id,
      nodes: [{ id: 'stats', type: 'task', component: 'py.text_stats', inputs: { text: '${inputs.text}' } }],
    }).expect(201);
    const state = await run(id, { text: 'one two two' });
    expect(state.status).toBe('SUCCEEDED');
    const logs = await stack.http().get(`/runs/${state.runId}/nodes/stats/logs`).expect(200);
    expect(logs.body.attempts).toEqual([
      {
        attempt: 1,
        state: 'SUCCEEDED',
        lines: [
          {
            at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            level: 'info',
            message: 'counted 3 words',
            source: 'log',
            attrs: { distinct: 2 },
          },
        ],
        dropped: 0,
      },
    ]);
  });

  it('passes a TypeScript output over the claim-check threshold to the Python component', async () => {
    const id = `large-${Date.now()}`;
    await publish({
      id,
      nodes: [
        { id: 'loud', type: 'task', component: 'ts.shout', inputs: { text: 'big words ', times: 20_000 } },
        { id: 'stats', type: 'task', component: 'py.text_stats', inputs: { text: '${nodes.loud.output.text}' } },
      ],
      edges: [{ from: 'loud', to: 'stats' }],
    }).expect(201);
    const state = await run(id, {});
    expect(state.status).toBe('SUCCEEDED');
    // The history holds references only: the TypeScript worker's output and the Python activity's input.
    const { events } = await stack.client.workflow.getHandle(state.runId).fetchHistory();
    const encodingOf = (payload?: { metadata?: { [k: string]: Uint8Array | null } | null } | null) =>
      Buffer.from(payload?.metadata?.encoding ?? []).toString();
    const completed = (events ?? []).map((e) => e.activityTaskCompletedEventAttributes).filter(Boolean);
    const scheduled = (events ?? []).map((e) => e.activityTaskScheduledEventAttributes).filter(Boolean);
    const pyScheduled = scheduled.find((a) => a!.activityType?.name === 'py.text_stats');
    expect(encodingOf(pyScheduled!.input?.payloads?.[0])).toBe('binary/weft-claim-check');
    expect(completed.map((a) => encodingOf(a!.result?.payloads?.[0]))).toEqual([
      'binary/weft-claim-check',
      'json/plain',
    ]);
    expect(state.nodes.stats.output).toEqual({
      characters: 200_000,
      words: 40_000,
      lines: 1,
      topWords: [
        ['big', 20_000],
        ['words', 20_000],
      ],
    });
  });

  it('passes a TypeScript output over the inline limit to the Python component as a value reference, and back', async () => {
    const id = `referenced-${Date.now()}`;
    const length = LIMITS.maxNodeOutputBytes + 1000;
    await publish({
      id,
      nodes: [
        {
          id: 'big',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: `return 'x'.repeat(${length - 4}) + ' end';`, memoryMb: 512 },
        },
        { id: 'stats', type: 'task', component: 'py.text_stats', inputs: { text: '${nodes.big.output}' } },
      ],
      edges: [{ from: 'big', to: 'stats' }],
    }).expect(201);
    const state = await run(id, {});
    expect(state.status).toBe('SUCCEEDED');
    // The run holds the reference; the Python worker resolved it from the same blob store.
    expect(state.nodes.stats.inputs?.text).toEqual({
      $weftRef: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      bytes: length + 2,
      type: 'string',
    });
    // Its output holds the long word again (in topWords), so the Python worker stored it as a reference too.
    expect(state.nodes.stats.output).toEqual({
      $weftRef: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      bytes: expect.any(Number),
      type: 'object',
    });
    const full = await stack.http().get(`/runs/${state.runId}/nodes/stats/output`).expect(200);
    expect(full.body).toMatchObject({ characters: length, words: 2, lines: 1 });
    expect((full.body as { topWords: [string, number][] }).topWords.map(([word, n]) => [word.length, n])).toEqual([
      [3, 1],
      [length - 4, 1],
    ]);
  });

  it("validates a task's inputs against the Python component's schema at publish, naming the path", async () => {
    const bad = await publish({
      id: `bad-py-${Date.now()}`,
      nodes: [{ id: 'stats', type: 'task', component: 'py.text_stats', inputs: { text: 5, top: 99, extra: 1 } }],
    }).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual([
      { path: '$.nodes[0].inputs.extra', message: 'unknown field' },
      { path: '$.nodes[0].inputs.top', message: 'must be <= 50' },
      { path: '$.nodes[0].inputs.text', message: 'must be string' },
    ]);
    const local = await publish({
      id: `local-py-${Date.now()}`,
      nodes: [
        {
          id: 'again',
          type: 'loop',
          maxIterations: 1,
          body: { nodes: [{ id: 's', type: 'task', component: 'py.text_stats', inputs: { text: 'a' }, local: true }] },
        },
      ],
    }).expect(400);
    expect(local.body.errors).toEqual([
      {
        path: '$.nodes[0].body.nodes[0].local',
        message: `component "py.text_stats" is served on task queue "${pyQueue}" by a worker of its own, so it cannot run as a local activity`,
      },
    ]);
    const unknown = await publish({
      id: `unknown-${Date.now()}`,
      nodes: [{ id: 'x', type: 'task', component: 'py.nowhere' }],
    }).expect(400);
    expect(unknown.body.errors).toEqual([
      {
        path: '$.nodes[0].component',
        message: expect.stringMatching(
          /^unknown component "py.nowhere"; known components: .*py\.text_stats.*ts\.shout/,
        ),
      },
    ]);
  });

  it('fails the node with the type of a non-retryable error the Python component raised, on its first attempt', async () => {
    const id = `empty-${Date.now()}`;
    await publish({
      id,
      nodes: [
        {
          id: 'stats',
          type: 'task',
          component: 'py.text_stats',
          inputs: { text: '${inputs.text}' },
          retry: { maximumAttempts: 5, initialInterval: '100ms' },
        },
      ],
    }).expect(201);
    const state = await run(id, { text: ' 42 \n' });
    expect(state.status).toBe('FAILED');
    expect(state.nodes.stats).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: { type: 'EmptyText', message: 'the text has no words', nonRetryable: true },
    });
    // A run-time input the schema refuses fails the same way, with the path in the message.
    const wrong = await run(id, { text: 7 });
    expect(wrong.nodes.stats).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: {
        type: 'InvalidComponentInput',
        message: "py.text_stats: invalid inputs: nodes.stats.inputs.text 7 is not of type 'string'",
      },
    });
  });

  it("a node's own taskQueue still wins over its component's", async () => {
    const id = `explicit-${Date.now()}`;
    await publish({
      id,
      nodes: [{ id: 'stats', type: 'task', component: 'py.text_stats', inputs: { text: 'a' }, taskQueue: 'elsewhere' }],
    }).expect(201);
    const plan = (await stack.http().get(`/flows/${id}`).expect(200)).body.plan as { nodes: { taskQueue?: string }[] };
    expect(plan.nodes[0].taskQueue).toBe('elsewhere');
  });

  it('refuses registrations that are not usable, shows one no worker polls as not serving, and forgets one', async () => {
    const body = { language: 'go', taskQueue: `idle-${randomUUID()}`, workerIdentity: 'nobody', inputSchema: {} };
    const bad = await stack
      .http()
      .put('/components/go.idle')
      .send({ ...body, inputSchema: { type: 'text' }, outputSchema: { $id: 'x' } })
      .expect(400);
    expect(bad.body.errors).toEqual([
      { path: '$.inputSchema', message: expect.stringMatching(/^not a valid JSON Schema: schema is invalid/) },
      { path: '$.outputSchema.$id', message: '$id is not supported in component schemas' },
    ]);
    const badName = await stack.http().put('/components/Go-Idle').send(body).expect(400);
    expect(badName.body.errors).toEqual([
      { path: '$.name', message: 'name must be a dotted component name such as "team.do_thing"' },
    ]);
    const missing = await stack.http().put('/components/go.idle').send({ language: 'go' }).expect(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual([
      '$.taskQueue',
      '$.workerIdentity',
      '$.inputSchema',
    ]);
    const builtIn = await stack.http().put('/components/core.noop').send(body).expect(409);
    expect(builtIn.body.detail).toBe(
      '"core.noop" is a built-in component: only a Weft TypeScript worker may register it, with its own schemas',
    );

    const made = await stack.http().put('/components/go.idle').send(body).expect(200);
    expect(made.body).toMatchObject({ name: 'go.idle', language: 'go', serving: false, lastPollAt: null, workers: [] });
    expect(named(await components(), 'go.idle')).toMatchObject({ serving: false, taskQueue: body.taskQueue });

    await stack.http().delete('/components/go.idle').expect(204);
    expect(named(await components(), 'go.idle')).toBeUndefined();
    const gone = await stack.http().delete('/components/go.idle').expect(404);
    expect(gone.body.detail).toBe('component "go.idle" is not registered');
    const unknown = await publish({
      id: `gone-${Date.now()}`,
      nodes: [{ id: 'g', type: 'task', component: 'go.idle' }],
    });
    expect(unknown.status).toBe(400);
  });
});
