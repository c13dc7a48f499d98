import { utf8Length } from '@weft/dsl';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSource = 'log' | 'stdout' | 'stderr';

/** One line of a node's log, as workers in any language send it (docs/node-logs.md). */
export interface LogLine {
  /** ISO time the line was logged. */
  at: string;
  level: LogLevel;
  message: string;
  source: LogSource;
  attrs?: Record<string, unknown>;
}

/** The kept lines of one attempt, and how many older ones were dropped to keep within the bounds. */
export interface NodeLogs {
  lines: LogLine[];
  dropped: number;
}

/** The bounds of one attempt's log (docs/node-logs.md). */
export const NODE_LOG_LIMITS = {
  maxLines: 1000,
  maxBytes: 64 * 1024,
  maxLineBytes: 4 * 1024,
} as const;

/** Keeps the last lines of one attempt within NODE_LOG_LIMITS, dropping the oldest first. */
export class NodeLog {
  private readonly lines: LogLine[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;
  private dropped = 0;

  constructor(private readonly onLine: (line: LogLine) => void = () => undefined) {}

  add(level: LogLevel, message: string, source: LogSource = 'log', attrs?: Record<string, unknown>): void {
    const line: LogLine = { at: new Date().toISOString(), level, message: cut(message), source };
    const attrsText = attrs === undefined ? undefined : safeJson(attrs);
    if (attrsText !== undefined && utf8Length(attrsText) <= NODE_LOG_LIMITS.maxLineBytes)
      line.attrs = JSON.parse(attrsText) as Record<string, unknown>;
    const size = utf8Length(line.message) + (attrsText && line.attrs ? utf8Length(attrsText) : 0);
    this.lines.push(line);
    this.sizes.push(size);
    this.bytes += size;
    while (this.lines.length > NODE_LOG_LIMITS.maxLines || this.bytes > NODE_LOG_LIMITS.maxBytes) {
      this.lines.shift();
      this.bytes -= this.sizes.shift()!;
      this.dropped++;
    }
    this.onLine(line);
  }

  snapshot(): NodeLogs {
    return { lines: [...this.lines], dropped: this.dropped };
  }
}

function cut(message: string): string {
  if (utf8Length(message) <= NODE_LOG_LIMITS.maxLineBytes) return message;
  let end = Math.min(message.length, NODE_LOG_LIMITS.maxLineBytes);
  while (utf8Length(message.slice(0, end)) > NODE_LOG_LIMITS.maxLineBytes - 3) end -= 64;
  return `${message.slice(0, Math.max(0, end))}...`;
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
