import type { CalendarSpecDescription, ScheduleSpec, ScheduleSpecDescription } from '@temporalio/client';
import { toMilliseconds, type ValidationIssue } from '@weft/dsl';
import { InvalidInputError } from '../problems/api-errors';
import type { ScheduleSpecDto } from './schedule.dto';

/**
 * Temporal compiles cron expressions into structured calendars and forgets their text; a cron sent with its own
 * text as its `#` comment comes back as the calendar's comment, so the schedule shows the cron as it was written.
 */
const withOwnText = (cron: string) => (cron.includes('#') ? cron : `${cron} #${cron}`);

/** The spec Temporal takes, after the checks Weft can make itself, each refused at its JSON path. */
export function toTemporalSpec(spec: ScheduleSpecDto, path = '$.spec'): ScheduleSpec {
  const issues: ValidationIssue[] = [];
  const cron = spec.cron ?? [];
  const intervals = spec.intervals ?? [];
  if (!cron.length && !intervals.length)
    issues.push({ path, message: 'needs at least one cron expression or interval' });
  cron.forEach((expression, i) => {
    const fields = expression.split('#')[0].trim().split(/\s+/);
    const shorthand = fields.length === 1 && fields[0].startsWith('@');
    const zoned = /^(CRON_)?TZ=/.test(fields[0]) ? 1 : 0;
    if (!shorthand && (fields.length - zoned < 5 || fields.length - zoned > 7))
      issues.push({ path: `${path}.cron[${i}]`, message: `a cron expression has 5 to 7 fields, got "${expression}"` });
  });
  intervals.forEach((interval, i) => {
    const every = toMilliseconds(interval.every);
    if (every < 1000) issues.push({ path: `${path}.intervals[${i}].every`, message: 'must be at least 1s' });
    if (interval.offset !== undefined && toMilliseconds(interval.offset) >= every)
      issues.push({ path: `${path}.intervals[${i}].offset`, message: 'must be less than every' });
  });
  if (spec.timezone !== undefined && !isTimeZone(spec.timezone))
    issues.push({ path: `${path}.timezone`, message: `unknown time zone "${spec.timezone}"` });
  if (spec.startAt && spec.endAt && Date.parse(spec.endAt) <= Date.parse(spec.startAt))
    issues.push({ path: `${path}.endAt`, message: 'must be after startAt' });
  if (issues.length) throw new InvalidInputError('Invalid schedule spec', issues);
  return {
    ...(cron.length && { cronExpressions: cron.map(withOwnText) }),
    ...(intervals.length && {
      intervals: intervals.map((i) => ({
        every: toMilliseconds(i.every),
        ...(i.offset !== undefined && { offset: toMilliseconds(i.offset) }),
      })),
    }),
    ...(spec.timezone && { timezone: spec.timezone }),
    ...(spec.jitter !== undefined && { jitter: toMilliseconds(spec.jitter) }),
    ...(spec.startAt && { startAt: new Date(spec.startAt) }),
    ...(spec.endAt && { endAt: new Date(spec.endAt) }),
  };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Temporal's refusal of a spec (the client turns INVALID_ARGUMENT "Invalid schedule spec: …" into a TypeError),
 * located as closely as its message allows.
 */
export function refusedSpec(err: TypeError, spec: ScheduleSpecDto, path = '$.spec'): InvalidInputError {
  const message = err.message;
  let at = path;
  if (/time ?zone/i.test(message)) at = `${path}.timezone`;
  else if (/interval|phase/i.test(message) && spec.intervals?.length) at = `${path}.intervals`;
  else if (spec.cron?.length === 1) at = `${path}.cron[0]`;
  else if (spec.cron?.length) at = `${path}.cron`;
  return new InvalidInputError('Invalid schedule spec', [{ path: at, message }]);
}

export interface SpecView {
  cron: string[];
  intervals: { every: number; offset: number }[];
  /** Calendars not written as cron through Weft (made in the Temporal UI or CLI, say), as Temporal describes them. */
  calendars?: CalendarSpecDescription[];
  timezone: string;
  jitter?: number;
  startAt?: string;
  endAt?: string;
}

/** The spec as Temporal describes it; durations in milliseconds. */
export function specView(spec: ScheduleSpecDescription): SpecView {
  const cron: string[] = [];
  const calendars: CalendarSpecDescription[] = [];
  for (const calendar of spec.calendars ?? []) {
    if (calendar.comment) cron.push(calendar.comment);
    else calendars.push(calendar);
  }
  return {
    cron,
    intervals: (spec.intervals ?? []).map(({ every, offset }) => ({ every, offset: offset ?? 0 })),
    ...(calendars.length && { calendars }),
    timezone: spec.timezone || 'UTC',
    ...(spec.jitter && { jitter: spec.jitter }),
    ...(spec.startAt && { startAt: spec.startAt.toISOString() }),
    ...(spec.endAt && { endAt: spec.endAt.toISOString() }),
  };
}
