// scripts/api-proxy.mjs, the one address in front of the API replicas (stack:prod, docker-compose.yml), as a real
// process in front of real HTTP servers: round robin, a replica that refuses connections is skipped (writes
// included), bodies and headers pass through, server-sent events stream, no replica at all is a 502 problem.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../harness/free-port';
import { waitFor } from '../harness/wait-for';

interface Replica {
  name: string;
  port: number;
  server: Server;
  seen: { method: string; url: string; body: string; forwardedFor?: string }[];
}

async function startReplica(name: string): Promise<Replica> {
  const port = await freePort();
  const replica: Replica = { name, port, seen: [], server: createServer() };
  replica.server.on('request', (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      replica.seen.push({
        method: req.method!,
        url: req.url!,
        body,
        forwardedFor: req.headers['x-forwarded-for'] as string | undefined,
      });
      if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        setTimeout(() => res.end('data: second\n\n'), 300);
        return;
      }
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'x-replica': name });
      res.end(JSON.stringify({ replica: name, body }));
    });
  });
  await new Promise<void>((resolve) => replica.server.listen(port, '127.0.0.1', resolve));
  return replica;
}

describe('api-proxy: one address for several API replicas', () => {
  let a: Replica;
  let b: Replica;
  let deadPort: number;
  let proxy: ChildProcess;
  let url: string;

  beforeAll(async () => {
    [a, b, deadPort] = [await startReplica('a'), await startReplica('b'), await freePort()];
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    proxy = spawn(process.execPath, [join(__dirname, '..', '..', 'scripts', 'api-proxy.mjs')], {
      env: {
        ...process.env,
        WEFT_PROXY_PORT: String(port),
        WEFT_PROXY_UPSTREAMS: `127.0.0.1:${a.port},127.0.0.1:${deadPort},127.0.0.1:${b.port}`,
      },
      stdio: 'ignore',
    });
    await waitFor(
      () => fetch(`${url}/ready`).then((r) => r.status),
      (status) => status === 200,
      { timeoutMs: 10_000, what: 'the proxy to listen' },
    );
  });

  afterAll(async () => {
    proxy?.kill('SIGKILL');
    await Promise.all([a, b].map((r) => new Promise((resolve) => r?.server.close(resolve))));
  });

  it('spreads requests over the live replicas and never loses one to the dead replica', async () => {
    a.seen.length = 0;
    b.seen.length = 0;
    const answers = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${url}/flows/f${i}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: { i } }),
      });
      answers.push({
        status: response.status,
        replica: response.headers.get('x-replica'),
        body: await response.json(),
      });
    }
    expect(answers.map((x) => x.status)).toEqual([201, 201, 201, 201, 201, 201]);
    // Every POST reached exactly one live replica, with its body intact.
    const seen = [...a.seen, ...b.seen].map((s) => ({ method: s.method, url: s.url, body: JSON.parse(s.body) }));
    expect(seen.sort((x, y) => x.url.localeCompare(y.url))).toEqual(
      Array.from({ length: 6 }, (_, i) => ({ method: 'POST', url: `/flows/f${i}/runs`, body: { inputs: { i } } })),
    );
    expect(a.seen.length).toBeGreaterThan(0);
    expect(b.seen.length).toBeGreaterThan(0);
    expect(a.seen[0].forwardedFor).toBe('127.0.0.1');
  });

  it('streams server-sent events as they come', async () => {
    const response = await fetch(`${url}/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe('data: first\n\n');
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('data: second\n\n');
  });

  it('answers 502 problem+json when no replica is reachable', async () => {
    const port = await freePort();
    const lonely = spawn(process.execPath, [join(__dirname, '..', '..', 'scripts', 'api-proxy.mjs')], {
      env: { ...process.env, WEFT_PROXY_PORT: String(port), WEFT_PROXY_UPSTREAMS: `127.0.0.1:${deadPort}` },
      stdio: 'ignore',
    });
    try {
      const response = await waitFor(
        () => fetch(`http://127.0.0.1:${port}/health`),
        () => true,
        { timeoutMs: 10_000, what: 'the proxy to listen' },
      );
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toEqual({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'no API replica answered',
      });
    } finally {
      lonely.kill('SIGKILL');
    }
  });
});
