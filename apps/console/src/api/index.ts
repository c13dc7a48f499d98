export { api, p, request } from './client';
export { ApiError, ApiUnreachableError } from './errors';
export { readApiKey, saveApiKey, API_KEY_CHANGED, API_KEY_NEEDED } from './api-key';
export { flowsApi } from './flows';
export { useApi, type Loaded } from './use-api';
export type * from './types';
