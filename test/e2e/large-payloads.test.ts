import { temporal } from '@temporalio/proto';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '@weft/dsl';
import type { RunState } from '@weft/interpreter';
import { publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/** A string as long as a node output may be (its JSON adds quotes and the object around it). */
const SIZE = LIMITS.maxNodeOutputBytes - 64;

/** 50 MB of varied text, built inside the snippet (1 MB of ten-digit numbers, 50 times). */
const FIFTY_MB_SNIPPET =
  "const chunk = Array.from({ length: 100000 }, (_, i) => String(i).padStart(10, '0')).join('');" +
  "return { blob: chunk.repeat(50), tag: 'large' };";
const FIFTY_MB = 50_000_000;

/** SHA-256 of that text, computed piece by piece (the test process never holds the 50 MB). */
function fiftyMbSha256(): string {
  const chunk = Array.from({ length: 100000 }, (_, i) => String(i).padStart(10, '0')).join('');
  const hash = createHash('sha256');
  for (let i = 0; i < 50; i++) hash.update(chunk);
  return hash.digest('hex');
}

function history(stack: TestStack, runId: string) {
  return stack.client.workflow.getHandle(runId).fetchHistory();
}

const claimChecked = (payload?: temporal.api.common.v1.IPayload | null) =>
  payload?.metadata?.encoding?.toString() === 'binary/weft-claim-check';

async function filesUnder(dir: string): Promise<number[]> {
  const sizes: number[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) sizes.push((await stat(join(entry.parentPath, entry.name))).size);
  return sizes;
}

describe('large payloads (claim check)', () => {
  let stack: TestStack;
  let blobs: string;
  const before = process.env.WEFT_BLOB_STORE;
  beforeAll(async () => {
    // Blobs of this file in a directory of its own, removed afterwards (nothing deletes blobs yet).
    blobs = await mkdtemp(join(tmpdir(), 'weft-blobs-'));
    process.env.WEFT_BLOB_STORE = `file://${blobs}`;
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
    if (before === undefined) delete process.env.WEFT_BLOB_STORE;
    else process.env.WEFT_BLOB_STORE = before;
    await rm(blobs, { recursive: true, force: true });
  });

  /** Reads the run through the API every 500 ms until it ends, as the console does; the node statuses seen on the way. */
  async function readUntilDone(runId: string, timeoutMs: number) {
    const seen = new Set<string>();
    const state = await waitFor(
      async () => (await stack.http().get(`/runs/${runId}`).expect(200)).body as RunState,
      (s) => {
        seen.add(`${s.nodes.big?.status}/${s.nodes.measure?.status}`);
        return s.status !== 'RUNNING';
      },
      { what: 'the run to finish', timeoutMs, intervalMs: 500 },
    );
    return { state, seen };
  }

  it('passes a 16 MB output from a JavaScript node to a Python node, readable while it runs, with a small history', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'sixteen-mb',
      nodes: [
        {
          id: 'big',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: `return { blob: 'x'.repeat(${SIZE}), tag: 'large' };`, memoryMb: 512 },
        },
        {
          id: 'measure',
          type: 'task',
          component: 'code.python',
          inputs: {
            code: 'output = {"length": len(inputs["blob"]), "tag": inputs["tag"]}',
            input: '${nodes.big.output}',
            memoryMb: 512,
          },
        },
      ],
      edges: [{ from: 'big', to: 'measure' }],
      output: { measured: '${nodes.measure.output}' },
    });
    // The run is read all along, as the console does (its state query sizes the large values inside the workflow).
    const { state, seen } = await readUntilDone(runId, 60_000);
    expect(seen).toContain('SUCCEEDED/RUNNING');
    expect(state.status).toBe('SUCCEEDED');
    expect(state.output).toEqual({ measured: { length: SIZE, tag: 'large' } });
    // The API reads the run through the codec; the state budget shows the large value by its size.
    expect(state.nodes.big.output).toEqual({ $truncated: true, bytes: SIZE + 25 });

    const history = await stack.client.workflow.getHandle(runId).fetchHistory();
    // The full output reads back through the API (from the history, since the state shows it by its size).
    const full = await stack.http().get(`/runs/${runId}/nodes/big/output`).buffer(true).parse(rawBody).expect(200);
    expect(full.headers['content-type']).toMatch(/^application\/json/);
    expect((full.body as Buffer).length).toBe(SIZE + 25);

    const historyBytes = temporal.api.history.v1.History.encode(history).finish().length;
    expect(historyBytes).toBeLessThan(64 * 1024);
    const references = (history.events ?? []).filter(
      (e) =>
        e.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.metadata?.encoding?.toString() ===
        'binary/weft-claim-check',
    );
    expect(references).toHaveLength(1);

    // The output, and the next node's input holding it: each stored once.
    const sizes = await filesUnder(blobs);
    expect(sizes.filter((size) => size > SIZE)).toHaveLength(2);
  });

  it('passes a 50 MB output from node to node as a value reference, opaque to the run, readable through the API', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'fifty-mb',
      nodes: [
        {
          id: 'big',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: FIFTY_MB_SNIPPET, memoryMb: 1024, timeoutMs: 60_000 },
        },
        {
          id: 'measure',
          type: 'task',
          component: 'code.python',
          inputs: {
            code: [
              'import hashlib',
              'blob = inputs["blob"]',
              'output = {"length": len(blob), "sha256": hashlib.sha256(blob.encode()).hexdigest(), "tag": inputs["tag"]}',
            ].join('\n'),
            input: '${nodes.big.output}',
            memoryMb: 1024,
            timeoutMs: 60_000,
          },
        },
        { id: 'never', type: 'task', component: 'core.noop', inputs: {} },
      ],
      edges: [
        { from: 'big', to: 'measure' },
        { from: 'big', to: 'never', when: '${false}' },
      ],
      // Expressions see the reference itself: its fields, never the value's.
      output: {
        measured: '${nodes.measure.output}',
        referenced: '${nodes.big.output.bytes}',
        inside: '${nodes.big.output.tag}',
      },
    });
    const { state, seen } = await readUntilDone(runId, 90_000);
    expect(seen).toContain('SUCCEEDED/RUNNING');
    expect(state.status).toBe('SUCCEEDED');
    const jsonBytes = FIFTY_MB + '{"blob":"","tag":"large"}'.length;
    expect(state.output).toEqual({
      measured: { length: FIFTY_MB, sha256: fiftyMbSha256(), tag: 'large' },
      referenced: jsonBytes,
    });
    // Reading inside the value reads inside the reference: it has no `tag`, so the output mapping leaves it out.
    expect(state.output).not.toHaveProperty('inside');
    const reference = state.nodes.big.output as { $weftRef: string; bytes: number; type: string };
    expect(reference).toEqual({
      $weftRef: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      bytes: jsonBytes,
      type: 'object',
    });
    expect(state.nodes.measure.inputs?.input).toEqual(reference);

    // The history holds the reference only: nothing claim-checked, a few KiB.
    const events = (await history(stack, runId)).events ?? [];
    const historyBytes = temporal.api.history.v1.History.encode({ events }).finish().length;
    expect(historyBytes).toBeLessThan(256 * 1024);
    const payloads = events.flatMap((e) => [
      ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
      ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
    ]);
    expect(payloads.length).toBeGreaterThanOrEqual(4);
    expect(payloads.filter(claimChecked)).toEqual([]);

    // The whole output reads back through the API, byte for byte what the reference names.
    const full = await stack.http().get(`/runs/${runId}/nodes/big/output`).buffer(true).parse(rawBody).expect(200);
    expect(full.headers['content-type']).toMatch(/^application\/json/);
    const body = full.body as Buffer;
    expect(body.length).toBe(jsonBytes);
    expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).toBe(reference.$weftRef);
    // Small outputs come as the state holds them; a node without an output, or no such node, is a 404.
    const small = await stack.http().get(`/runs/${runId}/nodes/measure/output`).expect(200);
    expect(small.body).toEqual({ length: FIFTY_MB, sha256: fiftyMbSha256(), tag: 'large' });
    await stack.http().get(`/runs/${runId}/nodes/never/output`).expect(404);
    const unknown = await stack.http().get(`/runs/${runId}/nodes/nope/output`).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('fails a node whose input holds a malformed or unknown reference, without retries', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'bad-reference',
      nodes: [
        {
          id: 'unknown',
          type: 'task',
          component: 'core.log',
          onError: 'continue',
          inputs: { message: 'm', data: { $weftRef: `sha256:${'0'.repeat(64)}`, bytes: 10, type: 'object' } },
        },
        {
          id: 'malformed',
          type: 'task',
          component: 'core.log',
          onError: 'continue',
          inputs: { message: 'm', data: { $weftRef: 'sha256:nothex', bytes: 10, type: 'object' } },
        },
      ],
      edges: [],
    });
    const state = await waitFor(
      async () => (await stack.http().get(`/runs/${runId}`).expect(200)).body as RunState,
      (s) => s.status !== 'RUNNING',
      { what: 'the run to finish', timeoutMs: 30_000 },
    );
    for (const node of ['unknown', 'malformed']) {
      expect(state.nodes[node].status).toBe('FAILED');
      expect(state.nodes[node].error).toMatchObject({ type: 'BadValueReference', nonRetryable: true });
      expect(state.nodes[node].attempt).toBe(1);
    }
    expect(state.nodes.unknown.error!.message).toMatch(
      /^core\.log: input nodes\.unknown\.inputs\.data: no value \$weftRef sha256:0{64} in file:/,
    );
    expect(state.nodes.malformed.error!.message).toMatch(
      /^core\.log: input nodes\.malformed\.inputs\.data: malformed value reference/,
    );
  });
});

/** Collects a response body as bytes (superagent would parse 50 MB of JSON). */
function rawBody(res: unknown, done: (err: Error | null, body: unknown) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
  stream.on('error', (err: Error) => done(err, Buffer.alloc(0)));
}
