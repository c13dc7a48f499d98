import { LIMITS, toMilliseconds } from '@weft/dsl';
import { ComponentError, defineComponent } from '../component';

/** Leaves room under the node output budget (LIMITS.maxNodeOutputBytes) for the status and headers. */
const DEFAULT_MAX_RESPONSE_BYTES = 200_000;

interface HttpInputs {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  timeout?: number | string;
  responseType?: 'auto' | 'json' | 'text';
  maxResponseBytes?: number;
  failOnStatus?: boolean;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const HEARTBEAT_EVERY_MS = 1000;

/** A real HTTP call (Node's fetch) with a per-attempt timeout, cancellation and a response size cap. */
export const httpRequest = defineComponent({
  name: 'http.request',
  description:
    'Sends an HTTP request. Fails on non-2xx statuses unless failOnStatus is false; 408/429/5xx are retried, other 4xx are not.',
  inputSchema: {
    type: 'object',
    properties: {
      url: { type: 'string', format: 'uri', pattern: '^https?://' },
      method: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], default: 'GET' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      query: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      body: {},
      timeout: {
        oneOf: [
          { type: 'number', exclusiveMinimum: 0 },
          { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*$' },
        ],
        default: '30s',
      },
      responseType: { enum: ['auto', 'json', 'text'], default: 'auto' },
      maxResponseBytes: { type: 'integer', minimum: 0, maximum: LIMITS.maxNodeOutputBytes, default: DEFAULT_MAX_RESPONSE_BYTES },
      failOnStatus: { type: 'boolean', default: true },
    },
    required: ['url'],
    additionalProperties: false,
  },
  outputSchema: { type: 'object', required: ['status', 'headers', 'body'] },
  run: async (inputs: HttpInputs, { signal, heartbeat }) => {
    const url = new URL(inputs.url);
    for (const [key, value] of Object.entries(inputs.query ?? {})) url.searchParams.append(key, String(value));
    const headers = new Headers(inputs.headers);
    let body: string | undefined;
    if (inputs.body !== undefined) {
      body = typeof inputs.body === 'string' ? inputs.body : JSON.stringify(inputs.body);
      if (typeof inputs.body !== 'string' && !headers.has('content-type'))
        headers.set('content-type', 'application/json');
    }
    const timeoutMs = toMilliseconds(inputs.timeout ?? '30s');
    const started = Date.now();
    // Heartbeats while the call is in flight are how a cancellation of the node reaches it and aborts the call.
    const beating = setInterval(() => heartbeat({ waitedMs: Date.now() - started }), HEARTBEAT_EVERY_MS);
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          method: inputs.method ?? 'GET',
          headers,
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
          redirect: 'follow',
        });
      } catch (err) {
        if (signal.aborted) throw signal.reason ?? err;
        const error = err as Error & { cause?: { code?: string } };
        if (error.name === 'TimeoutError') {
          throw new ComponentError(`${inputs.method ?? 'GET'} ${url} timed out after ${timeoutMs}ms`, 'HttpTimeout');
        }
        const reason = error.cause?.code ?? error.message;
        throw new ComponentError(`${inputs.method ?? 'GET'} ${url} failed: ${reason}`, 'HttpNetworkError');
      }
      const text = await readLimited(response, inputs.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
      const output = {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: parseBody(text, response.headers.get('content-type'), inputs.responseType ?? 'auto'),
        durationMs: Date.now() - started,
      };
      if (!response.ok && inputs.failOnStatus !== false) {
        throw new ComponentError(
          `${inputs.method ?? 'GET'} ${url} answered ${response.status} ${response.statusText}`,
          'HttpStatusError',
          RETRYABLE_STATUS.has(response.status),
          { status: response.status, body: output.body },
        );
      }
      return output;
    } finally {
      clearInterval(beating);
    }
  },
});

/** Reads the body as a stream and stops at maxBytes: a huge or endless body never fills the worker's memory. */
async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge(maxBytes: number) {
  return new ComponentError(`response is larger than maxResponseBytes (${maxBytes})`, 'HttpResponseTooLarge', false);
}

function parseBody(text: string, contentType: string | null, responseType: 'auto' | 'json' | 'text'): unknown {
  const json = responseType === 'json' || (responseType === 'auto' && /\bjson\b/i.test(contentType ?? ''));
  if (!json || text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new ComponentError('response body is not valid JSON', 'HttpInvalidJson', false);
  }
}
