import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FlakyServer {
  url: string;
  hits: Map<string, number>;
  /** Keys of `/slow` requests whose client went away before the answer. */
  aborted: Set<string>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1: `/fail-then-ok/<key>/<n>` answers 503 n times per key, then 200;
 * `/status/<code>` answers that status; `/slow/<key>/<ms>` answers after ms, noting callers that hang up first.
 */
export async function startFlakyServer(): Promise<FlakyServer> {
  const hits = new Map<string, number>();
  const aborted = new Set<string>();
  const server: Server = createServer((req, res) => {
    const [, route, key, arg] = (req.url ?? '').split('/');
    const count = (hits.get(key) ?? 0) + 1;
    hits.set(key, count);
    if (route === 'fail-then-ok') {
      const failures = Number(arg);
      res.writeHead(count <= failures ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ attempt: count }));
    } else if (route === 'status') {
      res.writeHead(Number(key), { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: Number(key) }));
    } else if (route === 'slow') {
      const timer = setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"slow":true}'),
        Number(arg),
      );
      res.on('close', () => {
        if (!res.writableEnded) aborted.add(key);
        clearTimeout(timer);
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    aborted,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
