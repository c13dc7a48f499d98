import { finalState, publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';

const tolerant = { onError: 'continue', retry: { maximumAttempts: 3, initialInterval: '100ms' } } as const;

describe('code nodes', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  it('runs a Python and a JavaScript snippet, JSON in and out, the next node reading their outputs', async () => {
    const { runId } = await publishAndStart(
      stack,
      {
        id: 'code-both',
        inputs: { type: 'object', properties: { n: { type: 'integer' } } },
        nodes: [
          {
            id: 'py',
            type: 'task',
            component: 'code.python',
            inputs: {
              code: 'print("squaring", inputs["n"])\noutput = {"square": inputs["n"] ** 2}',
              input: '${inputs}',
            },
          },
          {
            id: 'js',
            type: 'task',
            component: 'code.javascript',
            inputs: {
              code: 'return { sum: inputs.square + inputs.n };',
              input: { square: '${nodes.py.output.square}', n: '${inputs.n}' },
            },
          },
        ],
        edges: [{ from: 'py', to: 'js' }],
        output: { result: '${nodes.js.output.sum}' },
      },
      { n: 7 },
    );
    const state = await finalState(stack, runId);
    expect(state.status).toBe('SUCCEEDED');
    expect(state.nodes.py.output).toEqual({ square: 49 });
    expect(state.nodes.js.output).toEqual({ sum: 56 });
    expect(state.output).toEqual({ result: 56 });
  });

  it('fails a bad snippet with the interpreter message and line, without retrying', async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'code-bad',
      nodes: [
        {
          id: 'pySyntax',
          type: 'task',
          component: 'code.python',
          inputs: { code: 'x = 1\nif x\n  pass' },
          ...tolerant,
        },
        { id: 'pyRaise', type: 'task', component: 'code.python', inputs: { code: 'x = 0\n\ny = 1 / x' }, ...tolerant },
        {
          id: 'jsSyntax',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: 'const a = 1;\nconst b = ;' },
          ...tolerant,
        },
        {
          id: 'jsThrow',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: '\n\nthrow new RangeError("too far");' },
          ...tolerant,
        },
      ],
    });
    const state = await finalState(stack, runId);
    expect(state.nodes.pySyntax).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: { type: 'CodeSyntaxError', message: "SyntaxError: expected ':' (line 2)", nonRetryable: true },
    });
    expect(state.nodes.pyRaise).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: { type: 'CodeError', message: 'ZeroDivisionError: division by zero (line 3)', nonRetryable: true },
    });
    expect(state.nodes.jsSyntax).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: { type: 'CodeSyntaxError', message: "SyntaxError: Unexpected token ';' (line 2)", nonRetryable: true },
    });
    expect(state.nodes.jsThrow).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: { type: 'CodeError', message: 'RangeError: too far (line 3)', nonRetryable: true },
    });
  });

  it('kills runaway snippets (infinite loops, memory bombs) on time and the worker stays up', async () => {
    const started = Date.now();
    const { runId } = await publishAndStart(stack, {
      id: 'code-runaway',
      nodes: [
        {
          id: 'pyLoop',
          type: 'task',
          component: 'code.python',
          inputs: { code: 'while True:\n    pass', timeoutMs: 1500 },
          ...tolerant,
        },
        {
          id: 'jsLoop',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: 'for (;;) {}', timeoutMs: 1500 },
          ...tolerant,
        },
        {
          id: 'pyBomb',
          type: 'task',
          component: 'code.python',
          inputs: { code: 'hoard = []\nwhile True:\n    hoard.append(" " * 10**6)', memoryMb: 64 },
          ...tolerant,
        },
        {
          id: 'jsBomb',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: 'const hoard = [];\nfor (;;) hoard.push(new Array(1e6).fill(1.5));', memoryMb: 64 },
          ...tolerant,
        },
        { id: 'after', type: 'task', component: 'code.python', inputs: { code: 'output = "still here"' } },
      ],
      edges: ['pyLoop', 'jsLoop', 'pyBomb', 'jsBomb'].map((from) => ({ from, to: 'after', on: 'always' })),
    });
    const state = await finalState(stack, runId);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(state.nodes.pyLoop.error).toMatchObject({
      type: 'CodeTimeout',
      message: 'snippet ran past its 1500 ms timeout and was killed',
    });
    expect(state.nodes.jsLoop.error).toMatchObject({
      type: 'CodeTimeout',
      message: 'snippet ran past its 1500 ms timeout and was killed',
    });
    expect(state.nodes.pyBomb.error).toMatchObject({
      type: 'CodeMemoryLimit',
      message: 'MemoryError: over the 64 MB memory limit (line 3)',
    });
    expect(state.nodes.jsBomb.error).toMatchObject({
      type: 'CodeMemoryLimit',
      message: 'snippet went over its 64 MB memory limit',
    });
    for (const id of ['pyLoop', 'jsLoop', 'pyBomb', 'jsBomb'])
      expect(state.nodes[id]).toMatchObject({ status: 'FAILED', attempt: 1 });
    expect(state.nodes.after).toMatchObject({ status: 'SUCCEEDED', output: 'still here' });
    expect(stack.worker.getState()).toBe('RUNNING');
  });

  it('refuses a code node without code at publish, at its JSON path', async () => {
    const response = await stack
      .http()
      .post('/flows')
      .send({
        id: `code-none-${Date.now()}`,
        nodes: [{ id: 'py', type: 'task', component: 'code.python', inputs: {} }],
      })
      .expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(response.body)).toContain('nodes[0].inputs');
  });
});
