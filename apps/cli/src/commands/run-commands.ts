import { Command, Option } from 'commander';
import { contextOf, type CliContext } from '../cli-context';
import { assignmentArgument, jsonArgument, jsonObjectArgument, positiveInt } from '../json-argument';
import { runView, type RunView } from '../render/run-view';
import { paint, statusColor } from '../render/style';
import { table } from '../render/table';
import { watchRun } from '../watch-run';
import { runLogsCommand } from './run-logs-command';

const RUN_STATUSES = ['RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT'];

interface RunSummary {
  runId: string;
  flowId?: string;
  version?: number;
  status: string;
  startedAt?: string;
  finishedAt?: string;
}

const runPath = (runId: string, rest = '') => `/runs/${encodeURIComponent(runId)}${rest}`;
const nodePath = (runId: string, nodeId: string, rest: string) =>
  runPath(runId, `/nodes/${encodeURIComponent(nodeId)}${rest}`);

export function runCommands(): Command {
  const run = new Command('run').description('start, inspect and operate runs');

  run
    .command('start')
    .description('start a run of a flow (its latest version unless --flow-version)')
    .argument('<flow>', 'flow id')
    .option('-i, --input <json>', 'run inputs: inline JSON, @file, a .json path or - for stdin', jsonObjectArgument)
    .option('--flow-version <n>', 'the flow version to run', positiveInt)
    .option('--run-id <id>', 'the run id (an idempotency key: never started twice)')
    .option('-b, --breakpoint <node...>', 'pause before these nodes')
    .option('-w, --watch', 'watch the run until it ends; the exit code tells how it ended')
    .action(async (flowId: string, options: StartOptions, command: Command) => {
      const cli = contextOf(command);
      const started = await cli.api.post<{ runId: string; flowId: string; version: number }>(
        `/flows/${encodeURIComponent(flowId)}/runs`,
        {
          ...(options.input && { inputs: options.input }),
          ...(options.flowVersion && { version: options.flowVersion }),
          ...(options.runId && { runId: options.runId }),
          ...(options.breakpoint && { breakpoints: options.breakpoint }),
        },
      );
      if (!options.watch) {
        cli.print(started, () => `started ${started.runId} (${started.flowId} v${started.version})`);
        return;
      }
      if (!cli.json) process.stdout.write(`started ${started.runId} (${started.flowId} v${started.version})\n`);
      process.exitCode = await watchRun(cli, started.runId, 500);
    });

  run
    .command('list')
    .description('runs, newest first, filtered through Temporal visibility')
    .option('-f, --flow <flow>', 'runs of this flow')
    .option('--flow-version <n>', 'runs of this flow version', positiveInt)
    .addOption(new Option('-s, --status <status>', 'runs with this status').choices(RUN_STATUSES))
    .option('--schedule <id>', 'runs started by this schedule')
    .option('-n, --limit <n>', 'how many (one page)', positiveInt, 20)
    .option('--page <token>', 'the page after a previous listing (its nextPageToken)')
    .action(async (options: ListOptions, command: Command) => {
      const cli = contextOf(command);
      const page = await cli.api.get<{ runs: RunSummary[]; nextPageToken?: string }>('/runs', {
        flowId: options.flow,
        version: options.flowVersion,
        status: options.status,
        scheduleId: options.schedule,
        pageSize: options.limit,
        pageToken: options.page,
      });
      cli.print(page, () => {
        if (!page.runs.length) return 'no runs';
        const listing = table(
          page.runs,
          [
            { header: 'RUN', value: (r) => r.runId },
            { header: 'FLOW', value: (r) => (r.flowId ? `${r.flowId} v${r.version}` : '') },
            { header: 'STATUS', value: (r) => r.status, color: (r) => statusColor(r.status) },
            { header: 'STARTED', value: (r) => r.startedAt ?? '' },
            { header: 'FINISHED', value: (r) => r.finishedAt ?? '' },
          ],
          cli.color,
        );
        return page.nextPageToken ? `${listing}\n\nmore: weft run list --page ${page.nextPageToken}` : listing;
      });
    });

  run
    .command('show')
    .description("a run's status, progress, node table and latest operations")
    .argument('<run>', 'run id (a loop, foreach or subflow run id works too)')
    .action(async (runId: string, _options, command: Command) => {
      const cli = contextOf(command);
      const state = await cli.api.get<RunView>(runPath(runId));
      cli.print(state, () => withOperations(state, cli));
    });

  run
    .command('node')
    .description('one node: status, attempts, inputs, output, error, child runs')
    .argument('<run>', 'run id')
    .argument('<node>', 'node id')
    .action(async (runId: string, nodeId: string, _options, command: Command) => {
      const cli = contextOf(command);
      const node = await cli.api.get<Record<string, unknown>>(nodePath(runId, nodeId, ''));
      cli.print(node, () =>
        Object.entries(node)
          .map(
            ([key, value]) =>
              `${`${key}:`.padEnd(14)}${typeof value === 'object' ? JSON.stringify(value, null, 2).replace(/\n/g, '\n' + ' '.repeat(14)) : String(value)}`,
          )
          .join('\n'),
      );
    });

  run
    .command('watch')
    .description('a live node table and progress bar until the run ends; exits 0 if it SUCCEEDED, 1 otherwise')
    .argument('<run>', 'run id')
    .option('--interval <ms>', 'how often the API reads the state', positiveInt, 500)
    .action(async (runId: string, options: { interval: number }, command: Command) => {
      process.exitCode = await watchRun(contextOf(command), runId, options.interval);
    });

  operation(
    run,
    'pause',
    'stop starting nodes (also in loops, foreach and subflows); running ones finish',
    [],
    (cli, [runId], o) => cli.api.post(runPath(runId, '/pause'), { by: cli.by, reason: o.reason }),
  );
  operation(run, 'resume', 'resume a paused run', [], (cli, [runId], o) =>
    cli.api.post(runPath(runId, '/resume'), { by: cli.by, reason: o.reason }),
  );
  operation(
    run,
    'skip',
    'skip a pending, paused or waiting node; downstream goes on',
    ['<node>'],
    (cli, [runId, nodeId], o) =>
      cli.api.post(nodePath(runId, nodeId, '/skip'), {
        by: cli.by,
        reason: o.reason,
        ...(o.output !== undefined && { output: o.output }),
      }),
  ).option('-o, --output <json>', 'the output the node is taken to have produced', jsonArgument);
  operation(run, 'retry', 'retry a node paused on its error', ['<node>'], (cli, [runId, nodeId], o) =>
    cli.api.post(nodePath(runId, nodeId, '/retry'), {
      by: cli.by,
      reason: o.reason,
      ...(o.inputs && { inputs: o.inputs }),
    }),
  ).option('--inputs <json>', 'new inputs for the node', jsonObjectArgument);
  operation(run, 'continue', 'let a node held at its breakpoint start', ['<node>'], (cli, [runId, nodeId], o) =>
    cli.api.post(nodePath(runId, nodeId, '/resume'), { by: cli.by, reason: o.reason }),
  );
  operation(
    run,
    'breakpoint',
    'pause before a node (--clear removes the breakpoint)',
    ['<node>'],
    (cli, [runId, nodeId], o) =>
      o.clear
        ? cli.api.delete(nodePath(runId, nodeId, '/breakpoint'), { by: cli.by, reason: o.reason })
        : cli.api.put(nodePath(runId, nodeId, '/breakpoint'), { by: cli.by, reason: o.reason }),
  ).option('--clear', 'remove the breakpoint');
  for (const decision of ['approve', 'reject'] as const) {
    operation(run, decision, `${decision} a waiting approval node`, ['<node>'], (cli, [runId, nodeId], o) =>
      cli.api.post(nodePath(runId, nodeId, `/${decision}`), {
        by: cli.by,
        ...(o.payload !== undefined && { payload: o.payload }),
        ...(o.comment && { comment: o.comment }),
      }),
    )
      .option('-p, --payload <json>', "the decision's payload, checked against the node's schema", jsonArgument)
      .option('-c, --comment <text>', 'a comment kept with the decision');
  }
  operation(
    run,
    'set-vars',
    'set declared variables: name=value (JSON values, else strings)',
    ['<assignments...>'],
    (cli, [runId, ...pairs], o) =>
      cli.api.post(runPath(runId, '/variables'), {
        by: cli.by,
        reason: o.reason,
        vars: pairs.reduce<Record<string, unknown>>((vars, pair) => assignmentArgument(pair, vars), {}),
      }),
  );
  operation(
    run,
    'cancel',
    'cancel the run: running activities are cancelled, it ends CANCELLED',
    [],
    (cli, [runId], o) => cli.api.post(runPath(runId, '/cancel'), { by: cli.by, reason: o.reason }),
  );
  operation(run, 'terminate', 'end the run at once, without cleanup', [], (cli, [runId], o) =>
    cli.api.post(runPath(runId, '/terminate'), { by: cli.by, reason: o.reason }),
  );

  run.addCommand(runLogsCommand());
  return run;
}

interface StartOptions {
  input?: Record<string, unknown>;
  flowVersion?: number;
  runId?: string;
  breakpoint?: string[];
  watch?: boolean;
}

interface ListOptions {
  flow?: string;
  flowVersion?: number;
  status?: string;
  schedule?: string;
  limit: number;
  page?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OperationOptions = Record<string, any>;

/** An operation on a run: `weft run <name> <run> [args]`; prints the state it answers with, or what was requested. */
function operation(
  parent: Command,
  name: string,
  description: string,
  args: string[],
  send: (cli: CliContext, args: string[], options: OperationOptions) => Promise<unknown>,
): Command {
  const command = parent.command(name).description(description).argument('<run>', 'run id');
  for (const arg of args) command.argument(arg);
  return command
    .option('-r, --reason <text>', 'why (kept in the audit trail)')
    .action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const options = received.at(-2) as OperationOptions;
      const positional = (received.slice(0, -2) as (string | string[])[]).flat();
      const cli = contextOf(self);
      const answer = await send(cli, positional, options);
      cli.print(answer, () => {
        const state = answer as RunView & { requested?: string };
        if (state.requested) return `${state.requested} requested for ${state.runId}`;
        return `${paint(name, 'bold', cli.color)} accepted\n\n${runView({ ...state, runId: positional[0] }, cli.color)}`;
      });
    });
}

function withOperations(state: RunView, cli: CliContext): string {
  const view = runView(state, cli.color);
  const operations = state.operations ?? [];
  if (!operations.length) return view;
  const latest = table(
    operations.slice(-10),
    [
      { header: 'AT', value: (o) => o.at },
      { header: 'OPERATION', value: (o) => o.op },
      { header: 'NODE', value: (o) => o.nodeId ?? '' },
      { header: 'BY', value: (o) => o.by ?? '' },
      { header: 'REASON', value: (o) => o.reason ?? '', max: 60 },
    ],
    cli.color,
  );
  return `${view}\n\n${operations.length > 10 ? `operations (latest 10 of ${operations.length}):` : 'operations:'}\n${latest}`;
}
