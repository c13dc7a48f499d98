import type { Component } from './component';

/** Where and as whom a component worker registers its components with the Weft control plane. */
export interface RegistrationOptions {
  /** The control plane, e.g. `http://localhost:3000`. */
  apiUrl: string;
  /** A key of the admin role when the API asks for keys (WEFT_AUTH=on). */
  apiKey?: string;
  /** The queue the worker polls: tasks of these components are routed there. */
  taskQueue: string;
  /** The worker's identity, shown in `GET /components`. */
  identity: string;
  /** @default 'typescript' */
  language?: string;
  /** How long to retry a control plane that is unreachable or busy (it may be starting too). @default 60000 */
  timeoutMs?: number;
  /** Told of each retry. @default nothing */
  onRetry?: (message: string) => void;
}

/** The control plane refused a registration (a 4xx): retrying the same one cannot help. */
export class ComponentRegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComponentRegistrationError';
  }
}

/** The body of `PUT /components/:name`. */
export function registrationBody(
  component: Component,
  options: Pick<RegistrationOptions, 'taskQueue' | 'identity' | 'language'>,
) {
  return {
    language: options.language ?? 'typescript',
    taskQueue: options.taskQueue,
    workerIdentity: options.identity,
    ...(component.description && { description: component.description }),
    inputSchema: component.inputSchema,
    ...(component.outputSchema && { outputSchema: component.outputSchema }),
  };
}

/**
 * Registers each component with the control plane (`PUT /components/:name`), so that publishing checks task nodes
 * against its schemas and routes its tasks to `taskQueue`. Retries while the control plane is unreachable or busy;
 * throws ComponentRegistrationError with the control plane's reason when it refuses one.
 * @example
 * await registerComponents([greet], { apiUrl: 'http://localhost:3000', taskQueue: 'team-a', identity: 'a@host' });
 */
export async function registerComponents(
  components: readonly Component[],
  options: RegistrationOptions,
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (const component of components) {
    const url = `${options.apiUrl.replace(/\/+$/, '')}/components/${encodeURIComponent(component.name)}`;
    const body = JSON.stringify(registrationBody(component, options));
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      const retry = await put(url, body, headers);
      if (retry === undefined) break;
      if (Date.now() + delay > deadline) {
        throw new ComponentRegistrationError(`${component.name}: cannot register with ${options.apiUrl}: ${retry}`);
      }
      options.onRetry?.(`registering ${component.name} with ${options.apiUrl}: ${retry}; retrying`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** undefined once registered; the reason to retry otherwise. */
async function put(url: string, body: string, headers: Record<string, string>): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'PUT', body, headers, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err as Error).message;
  }
  const text = await response.text();
  if (response.ok) return undefined;
  const reason = `HTTP ${response.status} ${problemDetail(text)}`.trim();
  if (response.status === 429 || response.status >= 500) return reason;
  throw new ComponentRegistrationError(reason);
}

function problemDetail(text: string): string {
  try {
    const problem = JSON.parse(text) as {
      detail?: string;
      title?: string;
      errors?: { path: string; message: string }[];
    };
    const issues = (problem.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
    return [problem.detail ?? problem.title, issues].filter(Boolean).join(' ');
  } catch {
    return text.slice(0, 200);
  }
}
