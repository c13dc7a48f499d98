import { childPath } from '@weft/dsl';
import { canonicalJson } from './content-hash';

export interface JsonChange {
  /** JSON path of the value that differs, e.g. `$.nodes[2].inputs.url`. */
  path: string;
  op: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Where two JSON values differ, down to the deepest differing member: objects key by key, lists index by index
 * (items beyond the shorter list are added or removed). Recursive: only for depth-checked JSON.
 */
export function jsonDiff(from: unknown, to: unknown, path = '$'): JsonChange[] {
  if (canonicalJson(from) === canonicalJson(to)) return [];
  if (Array.isArray(from) && Array.isArray(to)) {
    const changes: JsonChange[] = [];
    for (let i = 0; i < Math.max(from.length, to.length); i++) {
      if (i >= to.length) changes.push({ path: childPath(path, i), op: 'removed', from: from[i] });
      else if (i >= from.length) changes.push({ path: childPath(path, i), op: 'added', to: to[i] });
      else changes.push(...jsonDiff(from[i], to[i], childPath(path, i)));
    }
    return changes;
  }
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((key) => {
      const at = childPath(path, key);
      if (!Object.hasOwn(to, key) || to[key] === undefined)
        return [{ path: at, op: 'removed' as const, from: from[key] }];
      if (!Object.hasOwn(from, key) || from[key] === undefined)
        return [{ path: at, op: 'added' as const, to: to[key] }];
      return jsonDiff(from[key], to[key], at);
    });
  }
  return [{ path, op: 'changed', from, to }];
}
