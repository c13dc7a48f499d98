import type { IncomingMessage } from 'node:http';

/**
 * The route a request matched, as declared (`/runs/:runId/pause`), never the raw URL: a label and a log field
 * that stay few. Requests no route matched (404s, body-parser errors) are all "unmatched".
 */
export function routePattern(req: IncomingMessage): string {
  const { route, baseUrl } = req as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  if (typeof route?.path !== 'string') return 'unmatched';
  return `${baseUrl ?? ''}${route.path}` || '/';
}
