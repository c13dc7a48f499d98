import { api, p } from './client';
import type { FlowDefinition, FlowDiff, FlowVersion, FlowVersionSummary, PublishResult, ValidateResult } from './types';

/** The flow endpoints of the API, typed. */
export const flowsApi = {
  list: () => api.get<FlowVersionSummary[]>('/flows'),
  latest: (id: string) => api.get<FlowVersion>(`/flows/${p(id)}`),
  version: (id: string, version: number) => api.get<FlowVersion>(`/flows/${p(id)}/versions/${p(version)}`),
  versions: (id: string) => api.get<FlowVersionSummary[]>(`/flows/${p(id)}/versions`),
  diff: (id: string, version: number, against: number) =>
    api.get<FlowDiff>(`/flows/${p(id)}/versions/${p(version)}/diff?against=${p(against)}`),
  validate: (definition: unknown) => api.post<ValidateResult>('/flows/validate', definition),
  publish: (definition: unknown) => api.post<PublishResult & { definition: FlowDefinition }>('/flows', definition),
  /** Components task nodes can use (built-in and registered by workers). */
  components: () => api.get<{ name: string; description?: string }[]>('/components'),
  /** The flow language's JSON Schema (public). */
  schema: () => api.get<Record<string, unknown>>('/schemas/flow.json'),
};
