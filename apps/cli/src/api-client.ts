/** A problem+json answer of the Weft API, or a transport failure, as one error the CLI reports. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>` on every request. */
  apiKey?: string;
}

/** The Weft HTTP API, as the CLI uses it. */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.request<T>('GET', path, undefined, query);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('DELETE', path, body);
  }

  /** Opens a server-sent event stream; yields each event until the server ends it. */
  async *events(path: string, signal?: AbortSignal): AsyncGenerator<{ event: string; data: string }> {
    const response = await this.fetch('GET', path, undefined, undefined, signal);
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (!line || line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          fields[line.slice(0, colon)] =
            (fields[line.slice(0, colon)] ? `${fields[line.slice(0, colon)]}\n` : '') +
            line.slice(colon + 1).trimStart();
        }
        if (fields.data !== undefined) yield { event: fields.event ?? 'message', data: fields.data };
      }
    }
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | number | undefined>,
  ): Promise<T> {
    const response = await this.fetch(method, path, body, query);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async fetch(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | number | undefined>,
    signal?: AbortSignal,
  ) {
    const url = new URL(
      path.replace(/^\//, ''),
      this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`,
    );
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(this.options.apiKey && { authorization: `Bearer ${this.options.apiKey}` }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new ApiError(
        `cannot reach the Weft API at ${this.options.baseUrl} (${cause}); start it with \`npm run dev\` or pass --api`,
      );
    }
    if (!response.ok) throw await toApiError(response, Boolean(this.options.apiKey));
    return response;
  }
}

async function toApiError(response: Response, hadKey: boolean): Promise<ApiError> {
  const text = await response.text();
  if (response.status === 401 || response.status === 403) return accessError(response.status, text, hadKey);
  try {
    const problem = JSON.parse(text) as {
      title?: string;
      detail?: string;
      errors?: { path: string; message: string }[];
    };
    const message = [problem.title, problem.detail]
      .filter((part, i, all) => part && all.indexOf(part) === i)
      .join(': ');
    return new ApiError(message || `HTTP ${response.status}`, response.status, problem.errors ?? []);
  } catch {
    return new ApiError(`HTTP ${response.status} ${response.statusText}: ${text.slice(0, 500)}`, response.status);
  }
}

/** A refused key says what to do about it: which key to set, or that its role is not enough. */
function accessError(status: number, text: string, hadKey: boolean): ApiError {
  let detail = '';
  try {
    detail = (JSON.parse(text) as { detail?: string }).detail ?? '';
  } catch {
    detail = text.slice(0, 200);
  }
  if (status === 403) {
    return new ApiError(`not allowed: ${detail || 'your API key lacks the role this needs'}`, status);
  }
  const hint = hadKey
    ? 'the API key was refused (unknown, revoked or mistyped); check WEFT_API_KEY or --api-key'
    : 'this API needs a key: set WEFT_API_KEY or pass --api-key (an admin makes one with `weft key create`)';
  return new ApiError(`unauthorized: ${hint}${detail ? ` (${detail})` : ''}`, status);
}
