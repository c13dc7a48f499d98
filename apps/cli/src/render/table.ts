import { paint, type Color } from './style';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  color?: (row: T) => Color | undefined;
  /** Cut longer values to this many characters. */
  max?: number;
}

/** A plain-text table: a header, then one line per row, columns padded to their widest value. */
export function table<T>(rows: T[], columns: Column<T>[], color = false): string {
  const cells = rows.map((row) => columns.map((c) => cut(c.value(row), c.max)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[], colors: (Color | undefined)[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i])))
      .map((v, i) => paint(v, colors[i], color))
      .join('  ')
      .trimEnd();
  const header = line(
    columns.map((c) => c.header),
    columns.map(() => 'bold' as const),
  );
  return [
    header,
    ...cells.map((values, r) =>
      line(
        values,
        columns.map((c) => c.color?.(rows[r])),
      ),
    ),
  ].join('\n');
}

function cut(value: string, max?: number): string {
  const flat = value.replace(/\s+/g, ' ');
  return max && flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
