import { temporal } from '@temporalio/proto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunState } from '@weft/interpreter';
import { publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';

const MB = 1024 * 1024;

async function filesUnder(dir: string): Promise<number[]> {
  const sizes: number[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) sizes.push((await stat(join(entry.parentPath, entry.name))).size);
  return sizes;
}

describe('large payloads (claim check)', () => {
  let stack: TestStack;
  let blobs: string;
  beforeAll(async () => {
    // Blobs of this file in a directory of its own, removed afterwards (nothing deletes blobs yet).
    blobs = await mkdtemp(join(tmpdir(), 'weft-blobs-'));
    process.env.WEFT_BLOB_STORE = `file://${blobs}`;
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
    delete process.env.WEFT_BLOB_STORE;
    await rm(blobs, { recursive: true, force: true });
  });

  it('passes a 50 MB output from a JavaScript node to a Python node while the history stays small', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'fifty-mb',
      nodes: [
        {
          id: 'big',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: "return { blob: 'x'.repeat(50 * 1024 * 1024), tag: 'large' };", memoryMb: 512 },
        },
        {
          id: 'measure',
          type: 'task',
          component: 'code.python',
          inputs: {
            code: 'output = {"length": len(inputs["blob"]), "tag": inputs["tag"]}',
            input: '${nodes.big.output}',
            memoryMb: 1024,
          },
        },
      ],
      edges: [{ from: 'big', to: 'measure' }],
      output: { measured: '${nodes.measure.output}' },
    });
    // Waiting on the result rather than polling the state query, which would copy the 100 MB state on each poll.
    await stack.client.workflow.getHandle(runId).result();
    const state = (await stack.http().get(`/runs/${runId}`).expect(200)).body as RunState;
    expect(state.status).toBe('SUCCEEDED');
    expect(state.output).toEqual({ measured: { length: 50 * MB, tag: 'large' } });
    // The API reads the run through the codec; the state budget shows the 50 MB value by its size.
    expect(state.nodes.big.output).toEqual({ $truncated: true, bytes: 50 * MB + 25 });

    const history = await stack.client.workflow.getHandle(runId).fetchHistory();
    const historyBytes = temporal.api.history.v1.History.encode(history).finish().length;
    expect(historyBytes).toBeLessThan(256 * 1024);
    const references = (history.events ?? []).filter(
      (e) =>
        e.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.metadata?.encoding?.toString() ===
        'binary/weft-claim-check',
    );
    expect(references).toHaveLength(1);

    // The output, and the next node's input holding it: each stored once.
    const sizes = await filesUnder(blobs);
    expect(sizes.filter((size) => size > 50 * MB)).toHaveLength(2);
  });
});
