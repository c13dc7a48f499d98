import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What a caller's request id may look like to be kept: anything else could forge log lines or bloat them. */
const ACCEPTED = /^[\w.:@/+=-]{1,128}$/;

/** The caller's X-Request-Id when it is reasonable, else a new UUID; echoed in the response either way. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const assigned = (req as { id?: unknown }).id;
  if (typeof assigned === 'string') return assigned;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** Express middleware: the id is fixed before anything can fail, and pino-http reuses it. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  (req as { id?: string }).id = requestId(req, res);
  next();
}
