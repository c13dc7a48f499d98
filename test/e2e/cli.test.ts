import { mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeReaches } from '../harness/run-helpers';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';
import { weftCli } from '../harness/weft-cli';

describe('the weft CLI against the real API and Temporal', () => {
  let stack: TestStack;
  let api: string;
  let dir: string;
  beforeAll(async () => {
    stack = await startTestStack();
    await stack.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'weft-cli-'));
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Runs `weft <args>` as its own process, as a user would. */
  const weft = (...args: string[]) => weftCli(api, '--by', 'cli-user')(...args);

  it('drives a run from publishing the flow to its end: start, pause, resume, approve, watch, list, show', async () => {
    const flowId = `cli-flow-${Date.now()}`;
    const file = join(dir, 'flow.json');
    await writeFile(
      file,
      JSON.stringify({
        id: flowId,
        name: 'CLI walk-through',
        inputs: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
        nodes: [
          { id: 'prep', type: 'task', component: 'core.noop', inputs: { n: '${inputs.n}' } },
          { id: 'gate', type: 'approval', schema: { type: 'object', required: ['ok'] } },
          { id: 'work', type: 'task', component: 'core.delay', inputs: { duration: '300ms' } },
          {
            id: 'done',
            type: 'task',
            component: 'core.noop',
            inputs: { n: '${nodes.prep.output.n}', ok: '${nodes.gate.output.payload.ok}' },
          },
        ],
        edges: [
          { from: 'prep', to: 'gate' },
          { from: 'gate', to: 'work' },
          { from: 'work', to: 'done' },
        ],
      }),
    );

    const applied = await weft('flow', 'apply', file);
    expect(applied).toMatchObject({ code: 0, stdout: `flow ${flowId} v1 published\n` });
    expect((await weft('flow', 'apply', file)).stdout).toBe(
      `flow ${flowId} v1 unchanged (same as the latest version)\n`,
    );
    const listed = await weft('flow', 'list');
    expect(listed.stdout).toMatch(
      new RegExp(`^FLOW\\s+VERSION\\s+PUBLISHED\\s+NAME\\n[\\s\\S]*${flowId}\\s+1\\s+\\S+\\s+CLI walk-through`),
    );

    const badInput = await weft('run', 'start', flowId, '--input', '{"n":"two"}');
    expect(badInput.code).toBe(1);
    expect(badInput.stderr).toContain('$.inputs.n: must be integer');

    const started = await weft('--json', 'run', 'start', flowId, '--input', '{"n":2}');
    expect(started.code).toBe(0);
    const { runId } = JSON.parse(started.stdout) as { runId: string };
    await nodeReaches(stack, runId, 'gate', 'WAITING');

    const paused = await weft('run', 'pause', runId, '--reason', 'checking the numbers');
    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(new RegExp(`pause accepted\\n\\n${runId}\\s+${flowId} v1\\s+PAUSED`));
    expect(paused.stdout).toContain('paused by cli-user');
    await waitFor(
      async () =>
        JSON.parse((await weft('--json', 'run', 'list', '--flow', flowId, '--status', 'PAUSED')).stdout)
          .runs as unknown[],
      (runs) => runs.length === 1,
      { what: 'the run to list as PAUSED' },
    );
    expect((await weft('run', 'pause', runId)).stderr).toMatch(/^error: Conflict: run is already PAUSED/);

    const watching = weft('run', 'watch', runId, '--interval', '200');
    await weft('run', 'resume', runId);
    const refused = await weft('run', 'approve', runId, 'gate', '--payload', '{}');
    expect(refused).toMatchObject({ code: 1, stderr: 'error: Conflict: invalid payload: $.payload.ok is required\n' });
    const approved = await weft(
      'run',
      'approve',
      runId,
      'gate',
      '--payload',
      '{"ok":true}',
      '--comment',
      'numbers fine',
    );
    expect(approved.code).toBe(0);

    const watched = await watching;
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain('gate: WAITING → SUCCEEDED');
    expect(watched.stdout).toMatch(/SUCCEEDED\s+\[█{24}\] 4\/4 100%/);
    expect(watched.stdout).toMatch(/\ndone\s+core\.noop\s+SUCCEEDED\s+1\s+\d+ms/);

    const shown = await weft('run', 'show', runId);
    expect(shown.stdout).toMatch(/operations:\nAT\s+OPERATION\s+NODE\s+BY\s+REASON\n/);
    expect(shown.stdout).toMatch(/pause\s+cli-user\s+checking the numbers/);
    expect(shown.stdout).toMatch(/approve\s+gate\s+cli-user/);
    const node = JSON.parse((await weft('--json', 'run', 'node', runId, 'done')).stdout);
    expect(node).toMatchObject({ status: 'SUCCEEDED', output: { n: 2, ok: true } });
    const runs = await weft('run', 'list', '--flow', flowId);
    expect(runs.stdout).toMatch(new RegExp(`${runId}\\s+${flowId} v1\\s+SUCCEEDED`));

    const late = await weft('run', 'skip', runId, 'prep');
    expect(late).toMatchObject({
      code: 1,
      stderr: `error: Conflict: run "${runId}" is SUCCEEDED; it can no longer be operated\n`,
    });
  });

  it('exits 1 when a watched run fails, and 2 on a usage error', async () => {
    const flowId = `cli-fail-${Date.now()}`;
    const file = join(dir, 'fail.json');
    await writeFile(file, JSON.stringify({ id: flowId, nodes: [{ id: 'boom', type: 'fail', message: 'no luck' }] }));
    expect((await weft('flow', 'apply', file)).code).toBe(0);
    const failed = await weft('run', 'start', flowId, '--watch');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAILED\s+\[/);
    expect(failed.stdout).toContain('error: no luck');

    const usage = await weft('run', 'start');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: missing required argument 'flow'");
    const badJson = await weft('run', 'start', flowId, '--input', '{oops');
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain('is not valid JSON');
    const invalidFlow = join(dir, 'invalid.json');
    await writeFile(
      invalidFlow,
      JSON.stringify({ id: 'broken', nodes: [{ id: 'a', type: 'task', component: 'no.such' }] }),
    );
    const rejected = await weft('flow', 'apply', invalidFlow);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(
      /^error: Invalid flow definition: 1 problem found\n {2}\$\.nodes\[0\]\.component: unknown component "no\.such"/,
    );
  });
});
