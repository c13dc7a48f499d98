import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kill9, spawnManaged, waitForLog, type Managed } from '../chaos/processes';
import { freePort } from '../harness/free-port';
import { waitFor } from '../harness/wait-for';

const root = join(__dirname, '..', '..');

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  route?: string;
  durationMs?: number;
  req?: Record<string, unknown>;
  res?: { statusCode: number };
}

/** The API app as `npm run api` starts it, for what only its own process shows: the JSON log on stdout. */
describe('the API request log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-request-log-'));
  let api: Managed;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = spawnManaged('api', process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: root,
      env: { ...process.env, WEFT_API_PORT: String(port), DATABASE_URL: 'pglite://memory', WEFT_AUTH: 'off' },
      log: join(dir, 'api.log'),
    });
    await waitForLog(api, 'API on http://', { timeoutMs: 90_000 });
  }, 120_000);

  afterAll(async () => {
    if (api) await kill9(api);
    rmSync(dir, { recursive: true, force: true });
  });

  // Every log line is JSON; the first start's admin key banner is printed apart, on purpose, for a human.
  const lines = () =>
    readFileSync(api.log!, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  it('writes one JSON line per request: method, route, status, duration and request id, never the headers', async () => {
    const res = await fetch(`${url}/runs/no-such-run?x=1`, {
      headers: { 'X-Request-Id': 'log-test-1', Authorization: 'Bearer weft_secret' },
    });
    expect(res.status).toBe(404);
    const line = await waitFor(
      async () => lines().find((l) => l.requestId === 'log-test-1'),
      (l) => l !== undefined,
      { what: 'the request line' },
    );
    expect(line).toMatchObject({
      level: 40,
      msg: 'request completed',
      route: '/runs/:runId',
      req: { method: 'GET', url: '/runs/no-such-run?x=1' },
      res: { statusCode: 404 },
    });
    expect(line!.durationMs).toEqual(expect.any(Number));
    expect(readFileSync(api.log!, 'utf8')).not.toContain('weft_secret');
  });

  it('checks its embedded store in /health', async () => {
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up', kind: 'pglite' }, temporal: { status: 'up' } },
    });
    // A probe's success is a debug line: at the default level, the request after it is logged, it is not.
    await fetch(`${url}/runs/another`, { headers: { 'X-Request-Id': 'after-health' } });
    await waitFor(
      async () => lines().some((l) => l.requestId === 'after-health'),
      (found) => found,
      { what: 'the line of the request after the probe' },
    );
    expect(lines().filter((l) => l.route === '/health')).toEqual([]);
  });

  it('logs the start as JSON too', () => {
    expect(lines().map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^API on http:\/\//)]));
  });
});
