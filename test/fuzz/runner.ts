import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FRESH_ID, type FuzzTargets } from './definitions';
import type { FuzzStack } from './fuzz-stack';
import { toJsonText } from './mutations';
import { brief, briefBody, Finding, judge, send, type Reply, type SentRequest } from './oracle';
import { awaitRunEnd, terminateAll, type AwaitOptions, type RunOutcome } from './runs';

/** What the fuzzer did, printed at the end. */
export class FuzzStats {
  definitions: Record<string, number> = {};
  responses: Record<string, number> = {};
  starts = 0;
  runsByStatus: Record<string, number> = {};
  cancelledByFuzzer = 0;
  singleWorkflowTaskFailures = 0;
  unhandledCommands = 0;
  /** What those single failures said (run ids left out), to tell a benign one from a near-wedge. */
  singleFailureReasons = new Set<string>();
  canaries = 0;
  requests = 0;
  cases: Record<string, number> = {};
  findings: string[] = [];
  private readonly began = Date.now();

  count(map: Record<string, number>, key: string, n = 1) {
    map[key] = (map[key] ?? 0) + n;
  }

  report(): string {
    const line = (map: Record<string, number>) =>
      Object.entries(map)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ') || '-';
    const total = (map: Record<string, number>) => Object.values(map).reduce((a, b) => a + b, 0);
    return [
      `fuzz summary (${Math.round((Date.now() - this.began) / 1000)} s)`,
      `  cases tried: ${total(this.cases)} (${line(this.cases)})`,
      `  definitions published: ${total(this.definitions)} (${line(this.definitions)})`,
      `  HTTP requests: ${this.requests}; answers by status: ${line(this.responses)}`,
      `  runs started: ${this.starts}; ended by status: ${line(this.runsByStatus)}` +
        (this.cancelledByFuzzer ? `; ${this.cancelledByFuzzer} of them cancelled by the fuzzer after waiting` : ''),
      `  runs with a single (retried once, then healthy) failed workflow task: ${this.singleWorkflowTaskFailures}` +
        [...this.singleFailureReasons].map((r) => `\n    ${r}`).join(''),
      `  completions refused by the server for new events (UnhandledCommand, benign): ${this.unhandledCommands}`,
      `  canary runs after batches: ${this.canaries}`,
      `  findings: ${this.findings.length ? `\n    ${this.findings.join('\n    ')}` : 'none'}`,
    ].join('\n');
  }
}

export interface FuzzContext {
  stack: FuzzStack;
  targets: FuzzTargets;
  stats: FuzzStats;
  /** Runs started and not yet seen to end (terminated after a finding). */
  live: Set<string>;
}

let fresh = 0;

/** The definition with a fresh flow id where it says FRESH_ID (a case may be sent many times while shrinking). */
export function withFreshId(definition: unknown): { definition: unknown; flowId: string | undefined } {
  if (definition && typeof definition === 'object' && (definition as { id?: unknown }).id === FRESH_ID) {
    const flowId = `fz-${process.pid}-${++fresh}`;
    return { definition: { ...(definition as object), id: flowId }, flowId };
  }
  const id = (definition as { id?: unknown } | null)?.id;
  return { definition, flowId: typeof id === 'string' ? id : undefined };
}

/** Sends, counts and judges one request. */
export async function request(ctx: FuzzContext, req: SentRequest, accept2xx: readonly number[]): Promise<Reply> {
  assertServing(ctx);
  const reply = await send(ctx.stack.apiUrl, req).catch((err: unknown) => {
    throw withApiState(ctx, err);
  });
  ctx.stats.requests++;
  ctx.stats.count(ctx.stats.responses, String(reply.status));
  try {
    judge(req, reply, accept2xx);
  } catch (err) {
    throw withApiState(ctx, err);
  }
  return reply;
}

/** Adds the API's log of a 500 (its errorId names the stack trace) or of its death to a finding. */
function withApiState(ctx: FuzzContext, err: unknown): unknown {
  if (!(err instanceof Finding)) return err;
  const dead = ctx.stack.api.deadReason();
  if (dead)
    return new Finding('api-crash', `${err.detail}; ${dead}\n${ctx.stack.api.tail(40)}`, err.request, err.reply);
  const errorId = (err.reply?.json as { errorId?: string } | undefined)?.errorId;
  if (errorId) {
    const log = ctx.stack.api.find(errorId, 12);
    if (log)
      return new Finding(err.kind, `${err.detail}\n  API log:\n${indent(stripAnsi(log), 4)}`, err.request, err.reply);
  }
  return err;
}

export function assertServing(ctx: FuzzContext): void {
  const api = ctx.stack.api.deadReason();
  if (api) throw new Finding('api-crash', `${api}\n${ctx.stack.api.tail(40)}`);
  const worker = ctx.stack.worker.deadReason();
  if (worker) throw new Finding('worker-crash', `${worker}\n${ctx.stack.worker.tail(40)}`);
}

/** POST /flows with a definition (FRESH_ID replaced); `mustAccept` for definitions built to be valid. */
export async function publish(
  ctx: FuzzContext,
  definition: unknown,
  kind: string,
  { mustAccept = false } = {},
): Promise<{ flowId?: string; reply: Reply }> {
  const { definition: body, flowId } = withFreshId(definition);
  const req: SentRequest = { method: 'POST', path: '/flows', body: toJsonText(body) };
  ctx.stats.count(ctx.stats.definitions, kind);
  const reply = await request(ctx, req, [200, 201]);
  if (mustAccept && reply.status >= 300) {
    throw new Finding('refused-valid', 'a definition built to be valid was refused', req, reply);
  }
  const published = (reply.json as { id?: string } | undefined)?.id;
  return { flowId: reply.status < 300 ? (published ?? flowId) : undefined, reply };
}

/** POST /flows/:id/runs; returns the run id when it started. */
export async function start(
  ctx: FuzzContext,
  flowId: string,
  body: unknown,
  { mustStart = false } = {},
): Promise<string | undefined> {
  const req: SentRequest = {
    method: 'POST',
    path: `/flows/${encodeURIComponent(flowId)}/runs`,
    body: toJsonText(body),
  };
  const reply = await request(ctx, req, [201]);
  if (mustStart && reply.status !== 201) throw new Finding('refused-valid', 'a valid start was refused', req, reply);
  if (reply.status !== 201) return undefined;
  ctx.stats.starts++;
  const runId = (reply.json as { runId: string }).runId;
  ctx.live.add(runId);
  return runId;
}

/** Waits for a started run to end (see awaitRunEnd) and counts how. */
export async function runEnds(ctx: FuzzContext, runId: string, options: AwaitOptions): Promise<RunOutcome> {
  const outcome = await awaitRunEnd(ctx.stack, runId, options);
  ctx.live.delete(runId);
  ctx.stats.count(ctx.stats.runsByStatus, outcome.status);
  if (outcome.cancelledByFuzzer) ctx.stats.cancelledByFuzzer++;
  ctx.stats.unhandledCommands += outcome.unhandledCommands;
  if (outcome.workflowTaskFailures === 1) {
    ctx.stats.singleWorkflowTaskFailures++;
    for (const reason of outcome.workflowTaskFailureReasons) {
      ctx.stats.singleFailureReasons.add(reason.replace(/^[^:]*: /, '').slice(0, 300));
    }
  }
  return outcome;
}

export const CANARY_FLOW = {
  id: 'fuzz-canary',
  variables: { n: 0 },
  nodes: [
    { id: 'a', type: 'task', component: 'core.noop', inputs: { x: '${inputs.x}' } },
    { id: 'b', type: 'set', assign: { n: '${nodes.a.output.x + 1}' } },
    { id: 'c', type: 'task', component: 'core.delay', inputs: { duration: '10ms' } },
  ],
  edges: [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'c' },
  ],
  output: '${vars.n}',
};

export const CHILD_FLOW = {
  id: 'fuzz-child',
  nodes: [{ id: 'echo', type: 'task', component: 'core.noop', inputs: { got: '${inputs}' } }],
};

/** Publishes the canary and the child flow generated subflow nodes call. */
export async function publishFixtures(ctx: FuzzContext): Promise<void> {
  for (const flow of [CANARY_FLOW, CHILD_FLOW]) {
    await request(ctx, { method: 'POST', path: '/flows', body: JSON.stringify(flow) }, [200, 201]);
  }
}

/** The worker still serves: a known-good run succeeds with the right output. */
export async function canary(ctx: FuzzContext): Promise<void> {
  assertServing(ctx);
  const runId = await start(ctx, CANARY_FLOW.id, { inputs: { x: 41 }, version: 1 }, { mustStart: true });
  let outcome: RunOutcome;
  try {
    outcome = await awaitRunEnd(ctx.stack, runId!, { deadlineMs: 30_000, mayWait: false });
  } catch (err) {
    assertServing(ctx);
    throw new Finding(
      'canary',
      `the canary run did not succeed after the batch: ${(err as Error).message}\n${ctx.stack.worker.tail(30)}`,
    );
  }
  ctx.live.delete(runId!);
  ctx.stats.canaries++;
  ctx.stats.count(ctx.stats.runsByStatus, outcome.status);
  if (outcome.status !== 'SUCCEEDED') throw new Finding('canary', `the canary run ended ${outcome.status}`);
  const output = await request(ctx, { method: 'GET', path: `/runs/${runId}` }, [200]);
  if ((output.json as { output?: unknown }).output !== 42) {
    throw new Finding(
      'canary',
      `the canary run gave ${JSON.stringify((output.json as { output?: unknown }).output)}, not 42`,
    );
  }
}

export interface PropertyOptions {
  numRuns: number;
  /** Time to spend shrinking after the first failure (each try may run workflows). */
  shrinkBudgetMs?: number;
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

function indent(text: string, n: number) {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

function describeFailure(err: unknown): string {
  if (!(err instanceof Finding)) return (err as Error)?.stack ?? String(err);
  const parts = [err.message];
  if (err.request) parts.push(`  request: ${err.request.method} ${err.request.path} ${briefBody(err.request.body)}`);
  if (err.reply) parts.push(`  answer: ${err.reply.status} ${err.reply.contentType} ${briefBody(err.reply.text)}`);
  return parts.join('\n');
}

/**
 * Runs one property with fast-check and reports a failure in full: the seed to replay it (FUZZ_SEED, FUZZ_PATH,
 * FUZZ_ONLY), the shrunk case, the request and answer (cut down), and a file with the exact failing request.
 * After the first failure, shrinking goes on for `shrinkBudgetMs`; then the smallest case found so far is reported.
 */
export async function checkProperty<T>(
  name: string,
  ctx: FuzzContext,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  { numRuns, shrinkBudgetMs = 60_000 }: PropertyOptions,
): Promise<void> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 0x100000000);
  const path = process.env.FUZZ_ONLY === name ? process.env.FUZZ_PATH : undefined;
  process.stdout.write(`[fuzz] ${name}: ${numRuns} cases, seed ${seed}${path ? `, path ${path}` : ''}\n`);
  let firstFailure: number | undefined;
  let lastError: unknown;
  const survey = new Map<string, string>();
  const property = fc.asyncProperty(arbitrary, async (value) => {
    if (firstFailure !== undefined && Date.now() - firstFailure > shrinkBudgetMs) return true; // out of shrink budget
    ctx.stats.count(ctx.stats.cases, name);
    try {
      await predicate(value);
      return true;
    } catch (err) {
      await recover(ctx, err);
      if (KEEP_GOING && err instanceof Finding) {
        const key = signature(err);
        if (!survey.has(key)) survey.set(key, `${describeFailure(err)}\n  case: ${brief(value)}`);
        return true;
      }
      firstFailure ??= Date.now();
      lastError = err;
      throw err;
    }
  });
  const details = await fc.check(property, { numRuns, seed, ...(path && { path }), endOnFailure: false });
  if (survey.size) {
    ctx.stats.findings.push(...[...survey.keys()].map((k) => `${name}: ${k}`));
    throw new Error(
      `property "${name}" found ${survey.size} distinct problem(s) (FUZZ_KEEP_GOING, seed ${seed}, not shrunk):\n\n` +
        [...survey.values()].map((v) => indent(v, 2)).join('\n\n'),
    );
  }
  if (!details.failed) return;
  const err = details.errorInstance ?? lastError;
  const file = join(tmpdir(), `weft-fuzz-${name}-${seed}.json`);
  writeFileSync(
    file,
    JSON.stringify(err instanceof Finding ? { request: err.request, answer: err.reply } : {}, null, 2),
  );
  const message = [
    `property "${name}" failed after ${details.numRuns} case(s) and ${details.numShrinks} shrink(s)`,
    `  replay: FUZZ_SEED=${seed} FUZZ_PATH=${details.counterexamplePath} FUZZ_ONLY=${name} npm run fuzz`,
    `  case: ${brief(details.counterexample?.[0])}`,
    indent(describeFailure(err), 2),
    `  exact request written to ${file}`,
  ].join('\n');
  ctx.stats.findings.push(`${name}: ${(err as Error).message?.split('\n')[0]}`);
  throw new Error(message);
}

/** FUZZ_KEEP_GOING=1: a survey instead of a proof: every distinct finding is listed (unshrunk) and the run goes on. */
const KEEP_GOING = process.env.FUZZ_KEEP_GOING === '1';

/** What makes two findings the same problem: the kind, the request's route, and the error without ids and numbers. */
function signature(err: Finding): string {
  const apiError = /API log:\n\s*(.*)/.exec(err.detail)?.[1]?.replace(/.*errorId=[\w-]+: /, '');
  const what = (apiError ?? err.detail.split('\n')[0])
    .replace(/fz-[\w-]+/g, '<flow>')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
    .replace(/\d+/g, 'N');
  const route = err.request
    ? `${err.request.method} ${err.request.path.replace(/\/(runs|flows)\/[^/?]+/g, '/$1/:id')} `
    : '';
  return `[${err.kind}] ${route}${what}`.slice(0, 300);
}

/**
 * After a finding: ends the runs still running and, when the worker may be hurt (it died, or a wedged run may leave
 * a workflow thread spinning after the run is terminated), starts a fresh worker, so the next case starts clean.
 */
export async function recover(ctx: FuzzContext, err: unknown): Promise<void> {
  await terminateAll(ctx.stack.client, ctx.live);
  ctx.live.clear();
  if (err instanceof Finding && ['worker-crash', 'wedged', 'not-ended', 'canary', 'hang'].includes(err.kind)) {
    await ctx.stack.restartWorker();
  }
}

/** Runs a batch of cases at once; the first finding (by case order) fails it. Checks the canary after. */
export async function runBatch<T>(ctx: FuzzContext, cases: readonly T[], run: (c: T) => Promise<void>): Promise<void> {
  assertServing(ctx);
  const results = await Promise.allSettled(cases.map(run));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  assertServing(ctx);
  if (failed) throw failed.reason;
  await canary(ctx);
}
