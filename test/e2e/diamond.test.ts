import type { RunState } from '@weft/interpreter';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';
import { diamondFlow } from './flows.fixtures';

describe('a diamond flow over HTTP', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  const finished = (state: RunState) => !['RUNNING', 'PAUSED'].includes(state.status);

  it('runs A, then B and C in parallel, then D, and reports every node', async () => {
    const published = await stack.http().post('/flows').send(diamondFlow('diamond')).expect(201);
    expect(published.body).toMatchObject({ id: 'diamond', version: 1, created: true });

    const started = await stack.http().post('/flows/diamond/runs').send({}).expect(201);
    expect(started.body).toMatchObject({ flowId: 'diamond', version: 1 });
    const runId: string = started.body.runId;

    const state = await waitFor(
      async () => (await stack.http().get(`/runs/${runId}`).expect(200)).body as RunState,
      finished,
      { what: 'the diamond run to finish' },
    );
    expect(state.status).toBe('SUCCEEDED');
    expect(state.progress).toEqual([4, 4]);
    const { A, B, C, D } = state.nodes;
    for (const node of [A, B, C, D]) {
      expect(node).toMatchObject({ status: 'SUCCEEDED', attempt: 1 });
      expect(node.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(A.output).toEqual({ step: 'a' });
    expect(B.output).toEqual({ waitedMs: 1000 });
    expect(D.output).toEqual({ message: 'joined', level: 'info' });
    expect(state.output).toEqual({ A: A.output, B: B.output, C: C.output, D: D.output });

    const at = (t?: string) => Date.parse(t!);
    expect(at(B.startedAt)).toBeGreaterThanOrEqual(at(A.finishedAt));
    expect(at(C.startedAt)).toBeGreaterThanOrEqual(at(A.finishedAt));
    expect(at(B.startedAt)).toBeLessThan(at(C.finishedAt));
    expect(at(C.startedAt)).toBeLessThan(at(B.finishedAt));
    expect(at(D.startedAt)).toBeGreaterThanOrEqual(Math.max(at(B.finishedAt), at(C.finishedAt)));
  });
});
