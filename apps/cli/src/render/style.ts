/** ANSI colours for terminals; none when NO_COLOR is set or the output is not a terminal. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
export type Color = keyof typeof CODES;

export function paint(text: string, color: Color | undefined, enabled: boolean): string {
  return enabled && color ? `\x1b[${CODES[color]}m${text}\x1b[0m` : text;
}

const STATUS_COLORS: Record<string, Color> = {
  SUCCEEDED: 'green',
  FAILED: 'red',
  TIMED_OUT: 'red',
  TERMINATED: 'red',
  CANCELLED: 'magenta',
  RUNNING: 'blue',
  RETRYING: 'yellow',
  PAUSED: 'yellow',
  WAITING: 'cyan',
  SKIPPED: 'gray',
  PENDING: 'gray',
};

export function statusColor(status: string): Color | undefined {
  return STATUS_COLORS[status];
}
