import { API_KEY_NEEDED, readApiKey } from './api-key';
import { ApiError, ApiUnreachableError } from './errors';
import type { Problem } from './types';

/** The API is the origin that served the console. */
const base = '';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One request to the Weft API: JSON in, JSON out. A refusal throws ApiError with the API's problem+json body
 * (401 also asks the shell for a key); no answer at all throws ApiUnreachableError.
 */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const key = readApiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiUnreachableError(window.location.origin, err);
  }
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new Event(API_KEY_NEEDED));
    throw new ApiError(asProblem(parsed, response, text));
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /**
   * A URL for EventSource, which cannot send headers: the key goes as `access_token`, which the API accepts on its
   * server-sent event streams only.
   */
  streamUrl(path: string): string {
    const key = readApiKey();
    if (!key) return `${base}${path}`;
    return `${base}${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(key)}`;
  },
};

/** Encodes one path segment: `/flows/${p(id)}`. */
export const p = (segment: string | number) => encodeURIComponent(String(segment));

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A problem body, or one made from what a proxy or a crash answered instead. */
function asProblem(parsed: unknown, response: Response, text: string): Problem {
  if (parsed && typeof parsed === 'object' && 'status' in parsed && 'title' in parsed) return parsed as Problem;
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: text.slice(0, 500) || undefined,
  };
}
