/**
 * How the fuzzer talks HTTP and what it accepts as an answer: 2xx, or a 4xx application/problem+json whose
 * `errors[].path` are JSON paths into the request body. Anything else is a Finding, reported with the request.
 */

export interface SentRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The exact body text sent. */
  body?: string;
  contentType?: string;
}

export interface Reply {
  status: number;
  contentType: string;
  text: string;
  json?: unknown;
  ms: number;
}

/** A violated property: what kind, and everything needed to see and replay it. */
export class Finding extends Error {
  constructor(
    readonly kind:
      | 'http-5xx'
      | 'bad-problem'
      | 'refused-valid'
      | 'hang'
      | 'api-crash'
      | 'worker-crash'
      | 'wedged'
      | 'not-ended'
      | 'canary',
    readonly detail: string,
    readonly request?: SentRequest,
    readonly reply?: Reply,
  ) {
    super(`[${kind}] ${detail}`);
    this.name = 'Finding';
  }
}

const REQUEST_TIMEOUT_MS = 30_000;

export async function send(baseUrl: string, req: SentRequest, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Reply> {
  const started = Date.now();
  let res: Response | undefined;
  // A keep-alive connection the server closes just as it is reused fails with EPIPE/ECONNRESET: one retry, on a
  // fresh connection. A request that fails twice is a finding (the caller adds whether the API process died).
  for (let attempt = 1; !res; attempt++) {
    try {
      res = await fetch(`${baseUrl}${req.path}`, {
        method: req.method,
        headers: {
          ...(req.body !== undefined && { 'content-type': req.contentType ?? 'application/json' }),
          ...(attempt > 1 && { connection: 'close' }),
        },
        body: req.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: Error };
      if (e.name === 'TimeoutError') throw new Finding('hang', `no answer within ${timeoutMs} ms`, req);
      if (attempt >= 2)
        throw new Finding('api-crash', `the request failed twice: ${e.message} ${e.cause?.message ?? ''}`, req);
    }
  }
  const text = await res.text();
  const reply: Reply = {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text,
    ms: Date.now() - started,
  };
  try {
    reply.json = JSON.parse(text);
  } catch {
    // judged below
  }
  return reply;
}

/** A JSON path as the API writes them: `$`, `.name`, `[3]`, `["odd key"]`. Undefined when it is not one. */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const at = re.lastIndex;
    const m = re.exec(path);
    if (!m || m.index !== at) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

/**
 * True when the path follows the request body's structure: it may go on past the body (a missing field, inside a
 * missing object: `$.nodes[0].inputs.url` when there are no inputs), never down through a string, number or null.
 */
function pathFitsBody(segments: (string | number)[], body: unknown): boolean {
  let at: unknown = body;
  for (const segment of segments.slice(0, -1)) {
    if (at === undefined) return true;
    if (at === null || typeof at !== 'object') return false;
    at = Object.prototype.hasOwnProperty.call(at, segment)
      ? (at as Record<string | number, unknown>)[segment]
      : undefined;
  }
  return true;
}

/**
 * Judges one answer. `accept` lists the 2xx statuses that are right for this request; a 4xx must be a problem
 * document, and a 400 for a JSON body must list its problems with JSON paths that point into that body.
 */
export function judge(req: SentRequest, reply: Reply, accept2xx: readonly number[]): void {
  const { status } = reply;
  if (status >= 500) throw new Finding('http-5xx', `HTTP ${status}`, req, reply);
  if (status >= 200 && status < 300) {
    if (!accept2xx.includes(status)) throw new Finding('bad-problem', `unexpected HTTP ${status}`, req, reply);
    return;
  }
  if (status < 400) throw new Finding('bad-problem', `unexpected HTTP ${status}`, req, reply);
  const bad = (why: string) => new Finding('bad-problem', `HTTP ${status} ${why}`, req, reply);
  if (!/^application\/problem\+json/.test(reply.contentType)) throw bad(`with content-type "${reply.contentType}"`);
  const problem = reply.json as Record<string, unknown> | undefined;
  if (!problem || typeof problem !== 'object') throw bad('with a body that is not JSON');
  if (problem.status !== status) throw bad(`with problem.status ${String(problem.status)}`);
  if (typeof problem.type !== 'string' || !problem.type.startsWith('urn:weft:problem:'))
    throw bad('without a problem type');
  if (typeof problem.title !== 'string' || !problem.title) throw bad('without a title');
  if (problem.type === 'urn:weft:problem:malformed-body') {
    // The JSON body parser is strict: a top-level number, string or null is refused as malformed, which is fair.
    if (
      req.body !== undefined &&
      isJson(req.body) &&
      typeof JSON.parse(req.body) === 'object' &&
      JSON.parse(req.body) !== null
    ) {
      throw bad('calls a well-formed JSON body malformed');
    }
    return;
  }
  // Only a 400 that says the input is invalid must say where; others (a URL that does not decode) need not.
  if (status !== 400 || !/:invalid-/.test(problem.type)) return;
  let body: unknown = {};
  if (req.body !== undefined && isJson(req.body)) body = JSON.parse(req.body);
  const errors = problem.errors;
  if (!Array.isArray(errors) || errors.length === 0) throw bad('without errors[]');
  for (const issue of errors as { path?: unknown; message?: unknown }[]) {
    if (typeof issue?.message !== 'string' || !issue.message)
      throw bad(`with an issue without a message: ${JSON.stringify(issue)}`);
    if (typeof issue.path !== 'string') throw bad(`with an issue without a path: ${JSON.stringify(issue)}`);
    const segments = parseJsonPath(issue.path);
    if (!segments) throw bad(`with "${issue.path}", which is not a JSON path`);
    if (req.contentType === undefined || /json/.test(req.contentType)) {
      if (!pathFitsBody(segments, body)) throw bad(`with "${issue.path}", which points outside the request body`);
    }
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A value cut down for a report: long strings, long arrays and deep nesting abbreviated. */
export function brief(value: unknown, maxChars = 3000): string {
  const seen = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return v.length > 160 ? `${v.slice(0, 120)}…(${v.length} chars)` : v;
    if (depth > 12) return '…(nested deeper)';
    if (Array.isArray(v)) {
      const items = v.slice(0, 20).map((x) => seen(x, depth + 1));
      if (v.length > 20) items.push(`…(+${v.length - 20} items)`);
      return items;
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      const keys = Object.keys(v);
      for (const key of keys.slice(0, 30)) {
        Object.defineProperty(out, key.length > 60 ? `${key.slice(0, 40)}…(${key.length} chars)` : key, {
          value: seen((v as Record<string, unknown>)[key], depth + 1),
          enumerable: true,
        });
      }
      if (keys.length > 30) out['…'] = `+${keys.length - 30} keys`;
      return out;
    }
    return v;
  };
  const text = JSON.stringify(seen(value, 0)) ?? String(value);
  return text.length > maxChars ? `${text.slice(0, maxChars)}…(${text.length} chars)` : text;
}

/** A request body text, briefly. */
export function briefBody(body: string | undefined): string {
  if (body === undefined) return '(no body)';
  try {
    return brief(JSON.parse(body));
  } catch {
    return body.length > 300 ? `${JSON.stringify(body.slice(0, 300))}…(${body.length} chars)` : JSON.stringify(body);
  }
}
