import { childPath, type ValidationIssue } from './validation-issue';

/**
 * How deeply any JSON body may nest (objects and arrays). The deepest legitimate definition nests 3 levels per
 * loop or foreach body (`nodes`, the node, `body`) plus its free-form values (inputs, JSON Schemas, outputs): ten
 * bodies inside each other with values 90 levels deep still fit. The shape checks (class-transformer,
 * class-validator) and the static checks recurse, and overflow the stack at about 2,000 levels.
 */
export const MAX_JSON_DEPTH = 128;

/** A key JSON.parse keeps as an own property, but that `Object.assign` and spreads into classes would make a prototype. */
export const FORBIDDEN_JSON_KEY = '__proto__';

interface Frame {
  value: unknown;
  depth: number;
  parent?: Frame;
  key?: string | number;
}

function pathOf(frame: Frame, root: string): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key!);
  return keys.reverse().reduce<string>((path, key) => childPath(path, key), root);
}

/**
 * The first object or array of a parsed JSON document nested deeper than `limit` levels (the root is level 1), or the first "__proto__" key; found
 * without recursion, so it runs safely before anything that recurses.
 */
export function checkJsonDepth(value: unknown, root = '$', limit = MAX_JSON_DEPTH): ValidationIssue | undefined {
  const stack: Frame[] = [{ value, depth: 0 }];
  while (stack.length) {
    const frame = stack.pop()!;
    const { value: current, depth } = frame;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) {
      // The root is level 1: this object or array is level limit + 1, the first to nest too deep.
      return { path: pathOf(frame, root), message: `nests deeper than ${limit} levels; the limit is ${limit}` };
    }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i], depth: depth + 1, parent: frame, key: i });
    } else {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const child: Frame = { value: (current as Record<string, unknown>)[key], depth: depth + 1, parent: frame, key };
        if (key === FORBIDDEN_JSON_KEY)
          return { path: pathOf(child, root), message: 'the key "__proto__" is not allowed' };
        stack.push(child);
      }
    }
  }
  return undefined;
}
