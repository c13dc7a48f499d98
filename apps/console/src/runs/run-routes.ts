import { href } from '../router';

/** Console paths of the run views. */
export const runPath = (runId: string, nodeId?: string) =>
  `/runs/${encodeURIComponent(runId)}${nodeId ? `?node=${encodeURIComponent(nodeId)}` : ''}`;
export const runHref = (runId: string, nodeId?: string) => href(runPath(runId, nodeId));
export const startRunPath = (flowId: string) => `/flows/${encodeURIComponent(flowId)}/start`;
