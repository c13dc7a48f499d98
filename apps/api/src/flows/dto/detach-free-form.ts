import { childPath, type ValidationIssue } from '@weft/dsl';
import { freeFormKeys } from './fields';

type Key = string | number;

/** A value the shape checks refuse before class-transformer sees it (it would crash or misread it). */
export interface Refusal {
  refuse: string;
}

/** The DTO class of the object at `parent[key]` (or of each item, when it is a list), or a refusal. */
export type ClassOf = (parent: unknown, key: string, value: unknown) => unknown;

export interface Detached {
  /** A copy of the input with every free-form value replaced by an empty object or list, and refused values by {}. */
  skeleton: unknown;
  /** "constructor" keys outside free-form values, and refused values. */
  issues: ValidationIssue[];
  /** Paths of refused values: issues the shape checks find inside them say nothing more. */
  refused: string[];
  /** Puts the original free-form values back into the DTO made of the skeleton. */
  reattach(target: unknown): void;
}

const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && typeof (value as Refusal).refuse === 'string';

const pathString = (path: Key[]) => path.reduce<string>((p, key) => childPath(p, key), '$');

/**
 * Prepares a parsed JSON body for class-transformer, which walks every nested object and crashes on a "constructor"
 * key (it takes the value for the object's class) and drops "__proto__" keys: free-form values (see `FreeForm`)
 * are taken out and put back untouched afterwards, and a "constructor" key anywhere else is an unknown field.
 * Recursive: run `checkJsonDepth` first.
 */
export function detachFreeForm(plain: unknown, rootClass: unknown, classOf: ClassOf = () => undefined): Detached {
  const issues: ValidationIssue[] = [];
  const refused: string[] = [];
  const detached: { path: Key[]; value: unknown }[] = [];

  const copyAny = (value: unknown, cls: unknown, path: Key[]): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item, i) => copyAny(item, undefined, [...path, i]));
    return copyObject(value as Record<string, unknown>, cls, path);
  };
  const copyChild = (value: unknown, parent: unknown, key: string, path: Key[]): unknown => {
    const cls = classOf(parent, key, value);
    if (isRefusal(cls)) {
      const at = pathString(path);
      issues.push({ path: at, message: cls.refuse });
      refused.push(at);
      return {};
    }
    return copyAny(value, cls, path);
  };
  const copyObject = (value: Record<string, unknown>, cls: unknown, path: Key[]): Record<string, unknown> => {
    const free = freeFormKeys(cls);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const at = [...path, key];
      if (key === 'constructor' || key === '__proto__') {
        issues.push({ path: pathString(at), message: 'unknown field' });
      } else if (free.has(key) && typeof item === 'object' && item !== null) {
        detached.push({ path: at, value: item });
        out[key] = Array.isArray(item) ? [] : {};
      } else if (Array.isArray(item)) {
        out[key] = item.map((element, i) => copyChild(element, cls, key, [...at, i]));
      } else {
        out[key] = copyChild(item, cls, key, at);
      }
    }
    return out;
  };

  const skeleton = copyAny(plain, rootClass, []);
  return {
    skeleton,
    issues,
    refused,
    reattach(target) {
      for (const { path, value } of detached) {
        let holder = target as Record<Key, unknown> | undefined;
        for (const key of path.slice(0, -1)) holder = holder?.[key] as Record<Key, unknown> | undefined;
        if (typeof holder === 'object' && holder !== null) holder[path[path.length - 1]] = value;
      }
    },
  };
}

/** Issues that do not lie inside a refused value. */
export function outsideRefused(issues: ValidationIssue[], refused: string[]): ValidationIssue[] {
  return issues.filter(
    ({ path }) => !refused.some((r) => path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`)),
  );
}
