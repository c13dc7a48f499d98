import { api, p, request } from '../api/client';
import type { GraphDefinition } from '../api/types';
import type { RunFilter, RunsPage, RunView } from './run-types';

/** The run endpoints the console calls; a refusal throws the API's ApiError (its problem+json). */
export const runsApi = {
  list(filter: RunFilter, pageToken?: string): Promise<RunsPage> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, toQueryValue(key, value));
    if (pageToken) query.set('pageToken', pageToken);
    query.set('pageSize', '50');
    return api.get<RunsPage>(`/runs?${query}`);
  },
  state: (runId: string) => api.get<RunView>(`/runs/${p(runId)}`),
  temporalLink: (runId: string) => api.get<{ url: string }>(`/runs/${p(runId)}/temporal-link`),
  start: (flowId: string, body: { inputs: Record<string, unknown>; version?: number }) =>
    api.post<{ runId: string }>(`/flows/${p(flowId)}/runs`, body),
  /** POST/PUT/DELETE on `/runs/:id/<path>`: the run's state after the operation, or the reason it was refused. */
  operate: (runId: string, method: 'POST' | 'PUT' | 'DELETE', path: string, body: object = {}) =>
    request<RunView>(method, `/runs/${p(runId)}/${path}`, body),
  eventsUrl: (runId: string) => api.streamUrl(`/runs/${p(runId)}/events?intervalMs=300`),
  flowVersion: (flowId: string, version: number) =>
    api.get<{ definition: GraphDefinition & { inputs?: Record<string, unknown> } }>(
      `/flows/${p(flowId)}/versions/${version}`,
    ),
  latestFlow: (flowId: string) =>
    api.get<{ version: number; definition: GraphDefinition & { inputs?: Record<string, unknown> } }>(
      `/flows/${p(flowId)}`,
    ),
};

/** Times from `<input type="datetime-local">` are local: the API takes ISO-8601 instants. */
function toQueryValue(key: string, value: string): string {
  if ((key === 'startedAfter' || key === 'startedBefore') && !/Z|[+-]\d\d:\d\d$/.test(value))
    return new Date(value).toISOString();
  return value;
}
