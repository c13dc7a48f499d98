// One address in front of several API replicas: a small round-robin reverse proxy with no dependencies, used by
// `npm run stack:prod` and by docker-compose.yml alike. Streams responses (server-sent events pass through), and
// moves a request to the next replica when one cannot be reached, so a replica's crash costs clients nothing but
// the requests it was in the middle of answering.
//   WEFT_PROXY_UPSTREAMS  host:port of each replica, comma-separated (required)
//   WEFT_PROXY_PORT       where to listen (default 3000), WEFT_PROXY_HOST (default 127.0.0.1)
import { Buffer } from 'node:buffer';
import { createServer, request as httpRequest } from 'node:http';

/** How long a replica that refused a connection is left out of the rotation. */
const DOWN_FOR_MS = 2000;
/** Bodies are buffered so a request a dead replica never saw can go to another; larger ones are refused. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Errors that mean the replica never received the request: safe to send it elsewhere, whatever the method. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH']);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
// Per-connection headers a proxy must not forward (RFC 9110 §7.6.1).
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];

export function parseUpstreams(raw) {
  const upstreams = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((hostPort) => {
      const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(hostPort);
      if (!match) throw new Error(`WEFT_PROXY_UPSTREAMS: "${hostPort}" is not host:port`);
      return { host: match[1].replace(/^\[|\]$/g, ''), port: Number(match[2]), downUntil: 0 };
    });
  if (upstreams.length === 0) throw new Error('WEFT_PROXY_UPSTREAMS must name at least one host:port');
  return upstreams;
}

/** A proxy server over `upstreams` (not yet listening). */
export function createApiProxy(upstreams, log = (line) => process.stderr.write(`${line}\n`)) {
  let next = 0;
  /** Replicas in the order to try them: healthy ones from the round-robin position, the resting ones last. */
  function order() {
    const start = next++ % upstreams.length;
    const rotated = upstreams.map((_, k) => upstreams[(start + k) % upstreams.length]);
    const now = Date.now();
    return [...rotated.filter((u) => u.downUntil <= now), ...rotated.filter((u) => u.downUntil > now)];
  }

  function forward(req, res, body, candidates) {
    const upstream = candidates.shift();
    const headers = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    headers['x-forwarded-for'] = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    headers['x-forwarded-host'] ??= req.headers.host;
    if (body.length > 0 || req.headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
    const outgoing = httpRequest({
      host: upstream.host,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers,
    });
    outgoing.on('response', (incoming) => {
      const responseHeaders = { ...incoming.headers };
      for (const name of HOP_BY_HOP) delete responseHeaders[name];
      res.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, responseHeaders);
      // flushHeaders + pipe keeps server-sent events flowing event by event.
      res.flushHeaders();
      incoming.pipe(res);
      incoming.on('error', () => res.destroy());
      res.on('close', () => incoming.destroy());
    });
    outgoing.on('error', (err) => {
      if (res.headersSent) return res.destroy();
      const notDelivered = NOT_DELIVERED.has(err.code);
      if (notDelivered) upstream.downUntil = Date.now() + DOWN_FOR_MS;
      if (candidates.length > 0 && (notDelivered || IDEMPOTENT.has(req.method)))
        return forward(req, res, body, candidates);
      log(`[api-proxy] ${req.method} ${req.url}: ${upstream.host}:${upstream.port} ${err.code ?? err.message}`);
      const problem = { type: 'about:blank', title: 'Bad Gateway', status: 502, detail: 'no API replica answered' };
      res.writeHead(502, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify(problem));
    });
    outgoing.end(body);
  }

  return createServer({ requestTimeout: 0 }, (req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'application/problem+json', connection: 'close' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'Payload Too Large', status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!res.writableEnded) forward(req, res, Buffer.concat(chunks), order());
    });
  });
}

function main() {
  const upstreams = parseUpstreams(process.env.WEFT_PROXY_UPSTREAMS);
  const port = Number(process.env.WEFT_PROXY_PORT || 3000);
  const host = process.env.WEFT_PROXY_HOST || '127.0.0.1';
  const server = createApiProxy(upstreams);
  server.listen(port, host, () => {
    const list = upstreams.map((u) => `${u.host}:${u.port}`).join(', ');
    process.stdout.write(`[api-proxy] listening on http://${host}:${port}, replicas ${list}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
