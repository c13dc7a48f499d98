import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newApiKey } from '../../apps/api/src/auth/api-key-format';
import { startTestStack, type TestStack } from '../harness/test-stack';

const WEFT = join(__dirname, '..', '..', 'apps', 'cli', 'bin', 'weft.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the weft CLI against an API that asks for keys', () => {
  let stack: TestStack;
  let api: string;
  let dir: string;
  const admin = newApiKey().key;
  beforeAll(async () => {
    process.env.WEFT_BOOTSTRAP_ADMIN_KEY = admin;
    stack = await startTestStack({ auth: 'on' });
    await stack.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'weft-cli-keys-'));
  });
  afterAll(async () => {
    delete process.env.WEFT_BOOTSTRAP_ADMIN_KEY;
    await stack?.close();
  });

  /** Runs `weft <args>` as its own process with WEFT_API_KEY set to `key` (unset when undefined). */
  const weft = (key: string | undefined, ...args: string[]): Promise<Result> => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.WEFT_API_KEY;
    if (key) env.WEFT_API_KEY = key;
    return new Promise((resolve) => {
      execFile(process.execPath, [WEFT, '--api', api, ...args], { env }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  };

  it('says what to do when the key is missing, refused or too weak, and exits 1', async () => {
    expect(await weft(undefined, 'flow', 'list')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: unauthorized: this API needs a key: set WEFT_API_KEY or pass --api-key (an admin makes one with `weft key create`) ' +
        '(this endpoint needs an API key: send "Authorization: Bearer <key>" (or "X-API-Key: <key>"))\n',
    });
    const refused = await weft(newApiKey().key, 'flow', 'list');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'error: unauthorized: the API key was refused (unknown, revoked or mistyped); check WEFT_API_KEY or --api-key ' +
        '(the API key is unknown or revoked)\n',
    );

    const made = await weft(admin, 'key', 'create', 'viewer-cli', '--role', 'viewer', '--json');
    const viewer = (JSON.parse(made.stdout) as { key: string }).key;
    const weak = await weft(viewer, 'key', 'list');
    expect(weak).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: not allowed: this endpoint needs the admin role; key:viewer-cli has the viewer role\n',
    });
  });

  it('creates, lists and revokes keys; --api-key wins over WEFT_API_KEY', async () => {
    const created = await weft(admin, 'key', 'create', 'ci', '--role', 'operator');
    expect(created.code).toBe(0);
    const [, name, role, id, key] =
      /^key "(\S+)" \((\w+), id (\w+)\) made\. It is shown this once; keep it now:\n\n {2}(weft_\S+)\n/.exec(
        created.stdout,
      ) ?? [];
    expect([name, role]).toEqual(['ci', 'operator']);
    expect(key.startsWith(`weft_${id}_`)).toBe(true);

    expect(await weft(key, 'whoami')).toMatchObject({ code: 0, stdout: `key:ci (operator, id ${id})\n` });
    expect(await weft(newApiKey().key, '--api-key', key, 'whoami')).toMatchObject({
      code: 0,
      stdout: `key:ci (operator, id ${id})\n`,
    });

    const listed = await weft(admin, 'key', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+CREATED\s+BY\s+LAST USED\s+REVOKED\n/);
    expect(listed.stdout).toMatch(new RegExp(`\\n${id}\\s+ci\\s+operator\\s+\\S+\\s+key:admin`));
    expect(listed.stdout).not.toContain(key.slice(`weft_${id}_`.length));

    const revoked = await weft(admin, 'key', 'revoke', id);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^key "ci" \\(${id}\\) revoked at \\S+\\n$`));
    expect((await weft(key, 'whoami')).stderr).toMatch(/^error: unauthorized: the API key was refused/);

    expect((await weft(admin, 'key', 'create', 'x', '--role', 'root')).code).toBe(2);
    expect((await weft(admin, 'key', 'create', 'x')).code).toBe(2);
    expect(await weft(admin, 'key', 'revoke', 'no-such-key')).toMatchObject({
      code: 1,
      stderr: 'error: Not found: API key "no-such-key" not found\n',
    });
  });

  it('sends the key on every request, the event stream of `run start --watch` too', async () => {
    const operator = JSON.parse(
      (await weft(admin, 'key', 'create', 'runner', '--role', 'operator', '--json')).stdout,
    ) as { key: string };
    const flowId = `cli-keys-${Date.now()}`;
    const file = join(dir, 'flow.json');
    await writeFile(
      file,
      JSON.stringify({ id: flowId, nodes: [{ id: 'a', type: 'task', component: 'core.noop', inputs: {} }] }),
    );
    expect((await weft(operator.key, 'flow', 'apply', file)).code).toBe(1);
    expect((await weft(admin, 'flow', 'apply', file)).stdout).toBe(`flow ${flowId} v1 published\n`);
    const watched = await weft(operator.key, 'run', 'start', flowId, '--watch');
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/SUCCEEDED/);
  });
});
