import type { RunEvent } from '@weft/interpreter';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookSignatureRefusal } from '../../apps/api/src/webhooks/webhook-signature';

export interface Delivery {
  headers: IncomingHttpHeaders;
  event: RunEvent;
}

/**
 * A webhook receiver as a user would write one: it checks each delivery's signature and timestamp with the
 * subscription's secret, answers 400 to a bad one, 503 while `failing`, and can be closed and opened again on
 * the same port (a receiver down, then back).
 */
export interface WebhookReceiver {
  url: string;
  /** Accepted deliveries, in arrival order. */
  received: Delivery[];
  /** Why deliveries were refused. */
  refused: string[];
  /** Requests answered 503 while failing. */
  failed: number;
  secret: string;
  failing: boolean;
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (receiver.failing) {
            receiver.failed += 1;
            res.writeHead(503).end('down for maintenance');
            return;
          }
          const refusal = webhookSignatureRefusal(receiver.secret, body, req.headers['weft-signature'] as string);
          if (refusal) {
            receiver.refused.push(refusal);
            res.writeHead(400).end(refusal);
            return;
          }
          receiver.received.push({ headers: req.headers, event: JSON.parse(body) as RunEvent });
          res.writeHead(204).end();
        });
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
      server = undefined;
    });
  await listen();
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/hook`,
    received: [],
    refused: [],
    failed: 0,
    secret: '',
    failing: false,
    stop,
    restart: listen,
    close: stop,
  };
  return receiver;
}
