import { ConsoleLogger, type LogLevel as NestLogLevel } from '@nestjs/common';
import { DefaultLogger, type LogEntry, type LogLevel as TemporalLogLevel } from '@temporalio/worker';
import type { WorkerLogLevel } from './worker-config';

const NEST: Record<Exclude<WorkerLogLevel, 'silent'>, NestLogLevel[]> = {
  trace: ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'],
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
  fatal: ['fatal'],
};

const TEMPORAL: Record<WorkerLogLevel, TemporalLogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/** The worker's own lines (Nest's logger) as JSON, one object a line. */
export function nestLogger(level: WorkerLogLevel): ConsoleLogger | false {
  if (level === 'silent') return false;
  return new ConsoleLogger({ json: true, logLevels: NEST[level] });
}

/** The Temporal SDK's lines (worker, workflows' `log`, activities) as JSON too, at the same threshold. */
export function temporalLogger(level: WorkerLogLevel): DefaultLogger {
  const threshold = TEMPORAL[level];
  return new DefaultLogger(threshold, (entry: LogEntry) => {
    if (level === 'silent') return;
    const line = {
      level: entry.level.toLowerCase(),
      time: new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString(),
      message: entry.message,
      ...entry.meta,
    };
    process.stdout.write(
      `${JSON.stringify(line, (_key, value) => (typeof value === 'bigint' ? String(value) : value))}\n`,
    );
  });
}
