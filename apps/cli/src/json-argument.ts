import { InvalidArgumentError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads a JSON value given on the command line: inline JSON, `@file`, a path to a .json file, or `-` for
 * standard input.
 */
export function jsonArgument(value: string): unknown {
  let text = value;
  let from = 'the argument';
  if (value === '-') {
    text = readFileSync(0, 'utf8');
    from = 'standard input';
  } else if (value.startsWith('@') || (!/^\s*[[{"]/.test(value) && existsSync(value))) {
    const path = value.replace(/^@/, '');
    if (!existsSync(path)) throw new InvalidArgumentError(`no such file: ${path}`);
    text = readFileSync(path, 'utf8');
    from = path;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidArgumentError(`${from} is not valid JSON: ${(err as Error).message}`);
  }
}

/** A JSON object argument (inputs, outputs, variables). */
export function jsonObjectArgument(value: string): Record<string, unknown> {
  const parsed = jsonArgument(value);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InvalidArgumentError('expected a JSON object');
  return parsed as Record<string, unknown>;
}

/** `name=value` pairs; the value is read as JSON when it parses, else taken as a string. */
export function assignmentArgument(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected name=value, got "${value}"`);
  const raw = value.slice(eq + 1);
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // a bare word is a string
  }
  return { ...previous, [value.slice(0, eq)]: parsed };
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}
