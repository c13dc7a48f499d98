import type { OperationOutcome } from './run-metrics';

/** Kinds whose route's last word does not say it well enough. */
const RENAMED: Record<string, string> = {
  'POST /runs/:runId/variables': 'set-variables',
  'POST /runs/:runId/nodes/:nodeId/resume': 'resume-node',
  'PUT /runs/:runId/nodes/:nodeId/breakpoint': 'set-breakpoint',
  'DELETE /runs/:runId/nodes/:nodeId/breakpoint': 'clear-breakpoint',
};

/**
 * The kind of run operation a request is, from its route pattern: every write under /runs (pause, resume,
 * cancel, terminate, retry, skip, approve, reject, …) by its route's last literal word, "bulk" for bulk
 * operations. Reads and anything outside /runs are not operations.
 */
export function operationKind(method: string, route: string): string | undefined {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  if (!route.startsWith('/runs/') && route !== '/runs') return undefined;
  const renamed = RENAMED[`${method} ${route}`];
  if (renamed) return renamed;
  const words = route.split('/').filter((part) => part !== '' && !part.startsWith(':'));
  if (words.includes('bulk')) return 'bulk';
  return words.length > 1 ? words[words.length - 1] : undefined;
}

export function operationOutcome(status: number): OperationOutcome {
  if (status >= 500) return 'error';
  return status >= 400 ? 'refused' : 'ok';
}
