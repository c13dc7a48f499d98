import { temporal } from '@temporalio/proto';
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
    const seen = new Set<string>();
    const state = await waitFor(
      async () => (await stack.http().get(`/runs/${runId}`).expect(200)).body as RunState,
      (s) => {
        seen.add(`${s.nodes.big?.status}/${s.nodes.measure?.status}`);
        return s.status !== 'RUNNING';
      },
      { what: 'the run to finish', timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(seen).toContain('SUCCEEDED/RUNNING');
    expect(state.status).toBe('SUCCEEDED');
    expect(state.output).toEqual({ measured: { length: SIZE, tag: 'large' } });
    // The API reads the run through the codec; the state budget shows the large value by its size.
    expect(state.nodes.big.output).toEqual({ $truncated: true, bytes: SIZE + 25 });

    const history = await stack.client.workflow.getHandle(runId).fetchHistory();
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
});
