import type { AddressInfo } from 'node:net';
import { finalState, publishAndStart } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';
import { weftCli } from '../harness/weft-cli';

interface AttemptLogs {
  attempt: number;
  state: string;
  lines: { at: string; level: string; message: string; source: string; attrs?: Record<string, unknown> }[];
  dropped: number;
}

describe('node logs', () => {
  let stack: TestStack;
  let api: string;
  beforeAll(async () => {
    stack = await startTestStack();
    await stack.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => stack?.close());

  const logsOf = async (runId: string, nodeId: string, query = '') =>
    (await stack.http().get(`/runs/${runId}/nodes/${nodeId}/logs${query}`).expect(200)).body as {
      runId: string;
      nodeId: string;
      attempts: AttemptLogs[];
    };

  const weft = (...args: string[]) => weftCli(api)(...args);

  it("reads a code node's stdout and stderr while it runs and after, over HTTP and with weft run logs --follow", async () => {
    const code = [
      'import sys, time',
      'for i in range(30):',
      '    print(f"line {i}")',
      '    if i == 3:',
      '        print("a warning", file=sys.stderr)',
      '    time.sleep(0.1)',
      'output = "done"',
    ].join('\n');
    const { runId } = await publishAndStart(stack, {
      id: 'logs-live',
      nodes: [{ id: 'talk', type: 'task', component: 'code.python', inputs: { code } }],
    });
    const following = weft('run', 'logs', runId, 'talk', '--follow');
    const live = await waitFor(
      () => logsOf(runId, 'talk'),
      (logs) => logs.attempts[0]?.state === 'RUNNING' && logs.attempts[0].lines.length > 0,
      { what: 'live log lines of a running node', timeoutMs: 10_000 },
    );
    expect(live.attempts[0].lines[0]).toMatchObject({ level: 'info', source: 'stdout', message: 'line 0' });
    expect(live.attempts[0].lines.length).toBeLessThan(30);

    expect((await finalState(stack, runId)).status).toBe('SUCCEEDED');
    const after = await logsOf(runId, 'talk');
    expect(after.attempts).toHaveLength(1);
    expect(after.attempts[0]).toMatchObject({ attempt: 1, state: 'SUCCEEDED', dropped: 0 });
    const messages = after.attempts[0].lines.map((l) => l.message);
    expect(messages.filter((m) => m.startsWith('line '))).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i}`));
    expect(after.attempts[0].lines.find((l) => l.source === 'stderr')).toMatchObject({
      level: 'warn',
      message: 'a warning',
    });

    const followed = await following;
    expect(followed.code).toBe(0);
    const printed = followed.stdout.split('\n').filter((l) => / line \d+$/.test(l));
    expect(printed.map((l) => l.replace(/^.* stdout /, ''))).toEqual(messages.filter((m) => m.startsWith('line ')));
    expect(followed.stdout).toContain('--- attempt 1 RUNNING');

    const once = await weft('run', 'logs', runId, 'talk');
    expect(once.code).toBe(0);
    expect(once.stdout).toContain('--- attempt 1 SUCCEEDED');
    expect(once.stdout).toMatch(/INFO {2}stdout line 29/);
  });

  it("shows the previous attempt's lines while a node retries, and an attempt that timed out keeps its last beat", async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'logs-retry',
      nodes: [
        {
          id: 'slow',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: 'console.log("started");\nawait new Promise((r) => setTimeout(r, 4000));', timeoutMs: 4000 },
          timeout: '1500ms',
          retry: { maximumAttempts: 2, initialInterval: '100ms' },
          onError: 'continue',
        },
      ],
    });
    const started = expect.objectContaining({ message: 'started', source: 'stdout' });
    const retrying = await waitFor(
      () => logsOf(runId, 'slow'),
      (logs) => logs.attempts.some((a) => a.attempt === 2 && a.state === 'RUNNING'),
      { what: 'the second attempt to run', timeoutMs: 15_000 },
    );
    // A timed-out attempt's lines are its last heartbeat, which the next attempt's first beat replaces on the server.
    expect(retrying.attempts[0]).toMatchObject({ attempt: 1, state: 'TIMED_OUT', dropped: 0 });
    expect(retrying.attempts[0].lines.length ? retrying.attempts[0].lines : retrying.attempts[1].lines).toEqual([
      started,
    ]);
    await finalState(stack, runId);
    // Temporal keeps the final attempt of an activity; the first one's lines went with its retry.
    expect((await logsOf(runId, 'slow')).attempts).toEqual([
      { attempt: 2, state: 'TIMED_OUT', dropped: 0, lines: [started] },
    ]);
  });

  it("keeps a component's context.log lines with their attributes, a failed attempt's lines, and the bound", async () => {
    const { runId } = await publishAndStart(stack, {
      id: 'logs-kinds',
      nodes: [
        {
          id: 'said',
          type: 'task',
          component: 'core.log',
          inputs: { message: 'hello', level: 'warn', data: { n: 1 } },
        },
        {
          id: 'broke',
          type: 'task',
          component: 'code.javascript',
          inputs: { code: 'console.log("about to fail");\nthrow new Error("no");' },
          onError: 'continue',
        },
        {
          id: 'chatty',
          type: 'task',
          component: 'code.python',
          inputs: { code: 'for i in range(2500):\n    print(i)' },
        },
      ],
    });
    await finalState(stack, runId);
    expect((await logsOf(runId, 'said')).attempts).toEqual([
      {
        attempt: 1,
        state: 'SUCCEEDED',
        dropped: 0,
        lines: [{ at: expect.any(String), level: 'warn', source: 'log', message: 'hello', attrs: { n: 1 } }],
      },
    ]);
    const broke = await logsOf(runId, 'broke');
    expect(broke.attempts).toEqual([
      {
        attempt: 1,
        state: 'FAILED',
        dropped: 0,
        lines: [expect.objectContaining({ message: 'about to fail', source: 'stdout' })],
      },
    ]);
    const chatty = (await logsOf(runId, 'chatty', '?attempt=1')).attempts[0];
    expect(chatty).toMatchObject({ attempt: 1, state: 'SUCCEEDED', dropped: 1500 });
    expect(chatty.lines).toHaveLength(1000);
    expect(chatty.lines[0].message).toBe('1500');
    expect(chatty.lines.at(-1)!.message).toBe('2499');
    expect((await logsOf(runId, 'chatty', '?attempt=2')).attempts).toEqual([]);

    const bad = await stack.http().get(`/runs/${runId}/nodes/chatty/logs?attempt=0`).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(bad.body)).toContain('attempt');
    await stack.http().get(`/runs/${runId}/nodes/nowhere/logs`).expect(404);
    await stack.http().get(`/runs/no-such-run/nodes/said/logs`).expect(404);
  });
});
