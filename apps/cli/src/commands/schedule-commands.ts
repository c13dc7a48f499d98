import { Command, Option } from 'commander';
import { contextOf, type CliContext } from '../cli-context';
import { jsonObjectArgument, positiveInt } from '../json-argument';
import { table } from '../render/table';

const OVERLAP = ['SKIP', 'BUFFER_ONE', 'BUFFER_ALL', 'CANCEL_OTHER', 'TERMINATE_OTHER', 'ALLOW_ALL'];

interface Schedule {
  id: string;
  flowId: string;
  version: number | null;
  runsVersion?: number;
  inputs: Record<string, unknown>;
  description: string | null;
  spec?: {
    cron: string[];
    intervals: { every: number; offset: number }[];
    calendars?: unknown[];
    timezone: string;
    jitter?: number;
    startAt?: string;
    endAt?: string;
  };
  overlap?: string;
  catchupWindow?: number;
  paused?: boolean;
  note?: string;
  actionsTaken?: number;
  recentActions?: { scheduledAt: string; takenAt: string; runId: string }[];
  runningRunIds?: string[];
  nextActionTimes?: string[];
  missing?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

interface SpecOptions {
  cron?: string[];
  every?: string[];
  timezone?: string;
  jitter?: string;
  startAt?: string;
  endAt?: string;
}

interface SettingsOptions extends SpecOptions {
  input?: Record<string, unknown>;
  flowVersion?: number;
  overlap?: string;
  catchupWindow?: string;
  description?: string;
}

const schedulePath = (id: string, rest = '') => `/schedules/${encodeURIComponent(id)}${rest}`;

/** `--every 10m` or `--every 1h/15m` (every hour, 15 minutes past). */
function intervalOf(text: string) {
  const [every, offset] = text.split('/');
  return { every, ...(offset && { offset }) };
}

/** The spec the options describe, or undefined when none of its options is given. */
function specOf(o: SpecOptions) {
  const given = o.cron || o.every || o.timezone || o.jitter || o.startAt || o.endAt;
  if (!given) return undefined;
  return {
    ...(o.cron && { cron: o.cron }),
    ...(o.every && { intervals: o.every.map(intervalOf) }),
    ...(o.timezone && { timezone: o.timezone }),
    ...(o.jitter && { jitter: o.jitter }),
    ...(o.startAt && { startAt: o.startAt }),
    ...(o.endAt && { endAt: o.endAt }),
  };
}

function settingsOf(o: SettingsOptions) {
  return {
    ...(o.input && { inputs: o.input }),
    ...(o.flowVersion && { version: o.flowVersion }),
    ...(o.overlap && { overlap: o.overlap }),
    ...(o.catchupWindow && { catchupWindow: o.catchupWindow }),
    ...(o.description !== undefined && { description: o.description }),
  };
}

/** The spec options create and update share. */
function withSpecOptions(command: Command): Command {
  return command
    .option('--cron <expr...>', 'cron expressions (5 to 7 fields, or @daily and the like)')
    .option('--every <duration...>', 'intervals such as 30s, 10m or 1h/15m (every hour at a quarter past)')
    .option('--timezone <zone>', 'IANA time zone of the cron expressions (UTC by default)')
    .option('--jitter <duration>', 'delay each action by a random amount up to this')
    .option('--start-at <instant>', 'no action before this ISO-8601 instant')
    .option('--end-at <instant>', 'no action after this ISO-8601 instant')
    .option('-i, --input <json>', 'run inputs: inline JSON, @file, a .json path or - for stdin', jsonObjectArgument)
    .option('--flow-version <n>', 'pin this flow version (else the latest at create or update)', positiveInt)
    .addOption(new Option('--overlap <policy>', 'when an action is due while a run is still open').choices(OVERLAP))
    .option('--catchup-window <duration>', 'after an outage, how late a missed action may still be taken')
    .option('--description <text>', 'what the schedule is for');
}

function specText(s: Schedule): string {
  if (!s.spec) return '';
  const parts = [
    ...s.spec.cron.map((c) => `cron "${c}"`),
    ...s.spec.intervals.map((i) => `every ${seconds(i.every)}${i.offset ? ` +${seconds(i.offset)}` : ''}`),
    ...(s.spec.calendars?.length ? [`${s.spec.calendars.length} calendar(s)`] : []),
  ];
  return `${parts.join(', ')}${s.spec.timezone !== 'UTC' ? ` (${s.spec.timezone})` : ''}`;
}

const seconds = (ms: number) => (ms % 1000 ? `${ms}ms` : `${ms / 1000}s`);
const stateText = (s: Schedule) => (s.missing ? 'MISSING' : s.paused ? 'PAUSED' : 'ACTIVE');

function scheduleTable(schedules: Schedule[], cli: CliContext): string {
  return table(
    schedules,
    [
      { header: 'SCHEDULE', value: (s) => s.id },
      {
        header: 'FLOW',
        value: (s) => `${s.flowId} ${s.version ? `v${s.version}` : `latest (v${s.runsVersion ?? '?'})`}`,
      },
      { header: 'STATE', value: stateText, color: (s) => (s.missing ? 'red' : s.paused ? 'yellow' : 'green') },
      { header: 'NEXT', value: (s) => s.nextActionTimes?.[0] ?? '' },
      { header: 'SPEC', value: specText, max: 60 },
    ],
    cli.color,
  );
}

function details(s: Schedule, cli: CliContext): string {
  const lines: [string, string | undefined][] = [
    ['schedule', s.id],
    ['flow', `${s.flowId} ${s.version ? `v${s.version} (pinned)` : `latest at update (v${s.runsVersion ?? '?'})`}`],
    ['state', `${stateText(s)}${s.note ? ` (${s.note})` : ''}`],
    ['missing', s.missing],
    ['spec', specText(s)],
    ['jitter', s.spec?.jitter ? seconds(s.spec.jitter) : undefined],
    ['window', s.spec?.startAt || s.spec?.endAt ? `${s.spec.startAt ?? '…'} to ${s.spec.endAt ?? '…'}` : undefined],
    ['overlap', s.overlap],
    ['inputs', JSON.stringify(s.inputs)],
    ['description', s.description ?? undefined],
    ['actions', s.actionsTaken !== undefined ? String(s.actionsTaken) : undefined],
    ['running', s.runningRunIds?.length ? s.runningRunIds.join(', ') : undefined],
    ['next', s.nextActionTimes?.slice(0, 5).join(', ')],
    ['created', `${s.createdAt} by ${s.createdBy}`],
    ['updated', `${s.updatedAt} by ${s.updatedBy}`],
  ];
  const text = lines
    .filter(([, value]) => value)
    .map(([key, value]) => `${`${key}:`.padEnd(13)}${value}`)
    .join('\n');
  if (!s.recentActions?.length) return text;
  const recent = table(
    s.recentActions,
    [
      { header: 'SCHEDULED', value: (a) => a.scheduledAt },
      { header: 'TAKEN', value: (a) => a.takenAt },
      { header: 'RUN', value: (a) => a.runId },
    ],
    cli.color,
  );
  return `${text}\n\nrecent actions:\n${recent}`;
}

export function scheduleCommands(): Command {
  const schedule = new Command('schedule').description(
    'run flows on cron expressions and intervals (Temporal Schedules)',
  );

  withSpecOptions(
    schedule
      .command('create')
      .description('create a schedule that starts runs of a flow')
      .argument('<id>', 'schedule id (its runs are named <id>-<time>)')
      .argument('<flow>', 'flow id'),
  )
    .option('--paused', 'create it paused')
    .option('--note <text>', 'a note on its state')
    .action(async (id: string, flowId: string, o: SettingsOptions & { paused?: boolean; note?: string }, command) => {
      const cli = contextOf(command);
      const created = await cli.api.post<Schedule>('/schedules', {
        id,
        flowId,
        spec: specOf(o) ?? {},
        ...settingsOf(o),
        ...(o.paused && { paused: true }),
        ...(o.note && { note: o.note }),
      });
      cli.print(created, () => `schedule ${created.id} created\n\n${details(created, cli)}`);
    });

  schedule
    .command('list')
    .description('the schedules, with their state and next time')
    .option('-f, --flow <flow>', 'schedules of this flow')
    .action(async (o: { flow?: string }, command: Command) => {
      const cli = contextOf(command);
      const schedules = await cli.api.get<Schedule[]>('/schedules', { flowId: o.flow });
      cli.print(schedules, () =>
        schedules.length ? scheduleTable(schedules, cli) : 'no schedules: make one with `weft schedule create`',
      );
    });

  schedule
    .command('show')
    .description('a schedule: spec, state, recent actions with their runs, next times')
    .argument('<id>', 'schedule id')
    .action(async (id: string, _o, command: Command) => {
      const cli = contextOf(command);
      const shown = await cli.api.get<Schedule>(schedulePath(id));
      cli.print(shown, () => details(shown, cli));
    });

  withSpecOptions(
    schedule
      .command('update')
      .description('change a schedule; any spec option replaces the whole spec')
      .argument('<id>', 'schedule id'),
  )
    .option('--latest', 'follow the latest flow version again (unpin)')
    .action(async (id: string, o: SettingsOptions & { latest?: boolean }, command: Command) => {
      const cli = contextOf(command);
      const spec = specOf(o);
      const updated = await cli.api.patch<Schedule>(schedulePath(id), {
        ...settingsOf(o),
        ...(spec && { spec }),
        ...(o.latest && { version: null }),
      });
      cli.print(updated, () => `schedule ${id} updated\n\n${details(updated, cli)}`);
    });

  schedule
    .command('delete')
    .description('delete a schedule, in Temporal too (its runs go on)')
    .argument('<id>', 'schedule id')
    .action(async (id: string, _o, command: Command) => {
      const cli = contextOf(command);
      await cli.api.delete(schedulePath(id));
      cli.print({ id, deleted: true }, () => `schedule ${id} deleted`);
    });

  for (const [name, summary] of [
    ['pause', 'pause a schedule: it takes no action until unpaused'],
    ['unpause', 'unpause a schedule'],
  ] as const) {
    schedule
      .command(name)
      .description(summary)
      .argument('<id>', 'schedule id')
      .option('--note <text>', 'why (shown with the schedule and in the Temporal UI)')
      .action(async (id: string, o: { note?: string }, command: Command) => {
        const cli = contextOf(command);
        const result = await cli.api.post<Schedule>(schedulePath(id, `/${name}`), o.note ? { note: o.note } : {});
        cli.print(result, () => `schedule ${id} ${stateText(result)}${result.note ? ` (${result.note})` : ''}`);
      });
  }

  schedule
    .command('trigger')
    .description('take one action now')
    .argument('<id>', 'schedule id')
    .addOption(
      new Option('--overlap <policy>', 'overlap policy for this action (ALLOW_ALL by default)').choices(OVERLAP),
    )
    .action(async (id: string, o: { overlap?: string }, command: Command) => {
      const cli = contextOf(command);
      const result = await cli.api.post(schedulePath(id, '/trigger'), o.overlap ? { overlap: o.overlap } : {});
      cli.print(result, () => `schedule ${id} triggered`);
    });

  schedule
    .command('backfill')
    .description('take the actions due in a past range, now')
    .argument('<id>', 'schedule id')
    .requiredOption('--start <instant>', 'from this ISO-8601 instant')
    .requiredOption('--end <instant>', 'to this ISO-8601 instant')
    .addOption(new Option('--overlap <policy>', 'overlap policy for the backfilled actions').choices(OVERLAP))
    .action(async (id: string, o: { start: string; end: string; overlap?: string }, command: Command) => {
      const cli = contextOf(command);
      const result = await cli.api.post(schedulePath(id, '/backfill'), {
        start: o.start,
        end: o.end,
        ...(o.overlap && { overlap: o.overlap }),
      });
      cli.print(result, () => `schedule ${id} backfilling ${o.start} to ${o.end}`);
    });

  schedule
    .command('next')
    .description('the next times the spec matches (computed by Temporal, without jitter)')
    .argument('<id>', 'schedule id')
    .option('-n, --count <n>', 'how many', positiveInt, 10)
    .action(async (id: string, o: { count: number }, command: Command) => {
      const cli = contextOf(command);
      const next = await cli.api.get<{ id: string; times: string[] }>(schedulePath(id, '/next'), { count: o.count });
      cli.print(next, () => (next.times.length ? next.times.join('\n') : 'no more times'));
    });

  return schedule;
}
