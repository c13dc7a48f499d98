import { childPath, type ValidationIssue } from '@weft/dsl';
import { InvalidInputError } from '../problems/api-errors';

/**
 * PostgreSQL stores neither U+0000 (in text or jsonb) nor a UTF-16 surrogate without its pair (jsonb refuses its
 * escape; text would get it replaced). JSON allows both, so what the API stores is checked first.
 */
const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAX_ISSUES = 20;

function problemWith(text: string): string | undefined {
  if (text.includes(NUL)) return 'holds a NUL character (\\u0000), which cannot be stored';
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    const code = lone[0].charCodeAt(0).toString(16);
    return `holds a lone UTF-16 surrogate (\\u${code}), which is not valid Unicode`;
  }
  return undefined;
}

/** Every string and key of a JSON value that the database cannot store, with its JSON path (at most 20). */
export function unstorableTextIssues(value: unknown, root = '$'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // Iterative: bodies are already limited in depth, but nothing here needs the stack.
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  while (stack.length && issues.length < MAX_ISSUES) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = problemWith(current);
      if (problem) issues.push({ path, message: problem });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: childPath(path, i) });
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const keyProblem = problemWith(key);
        if (keyProblem) issues.push({ path: childPath(path, key), message: `its key ${keyProblem}` });
        stack.push({ value: child, path: childPath(path, key) });
      }
    }
  }
  return issues;
}

/** The value with every unstorable character replaced by U+FFFD: for what Weft writes itself (event payloads). */
export function storableJson<T>(value: T): T {
  return replaceUnstorable(value) as T;
}

function replaceUnstorable(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD');
  if (Array.isArray(value)) return value.map(replaceUnstorable);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replace(UNSTORABLE, '\uFFFD'), replaceUnstorable(v)]),
    );
  return value;
}

/** Refuses (400, with the JSON paths at fault) a request body the database could not store. */
export function assertStorable(body: unknown, title: string): void {
  const issues = unstorableTextIssues(body);
  if (issues.length) throw new InvalidInputError(title, issues);
}
