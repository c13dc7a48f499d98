import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { BlobStore } from './blob-store';

/**
 * A node output too large to keep inline (over LIMITS.maxNodeOutputBytes), standing in for it in the run
 * (docs/claim-check.md, "Value references"): the workflow and its expressions only ever see this small object, the
 * value's JSON lives in the blob store under `sha256/<hex>`, and the activity wrapper puts the value back into a
 * component's inputs before the component runs.
 */
export interface ValueReference {
  /** `sha256:<64 lowercase hex>` of the value's UTF-8 JSON; its blob key is `sha256/<hex>`. */
  $weftRef: string;
  /** Bytes of the value's JSON. */
  bytes: number;
  /** The JSON type of the value. */
  type: JsonType;
}

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export const VALUE_REFERENCE_KEY = '$weftRef';

/** The failure type of a reference that is malformed, unknown to the blob store, or whose blob does not match it. */
export const BAD_VALUE_REFERENCE = 'BadValueReference';

export class BadValueReferenceError extends Error {
  override readonly name = BAD_VALUE_REFERENCE;
  constructor(
    message: string,
    /** Where in the inputs the reference is, e.g. `$.data.items[0]`. */
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const REFERENCE = /^sha256:([0-9a-f]{64})$/;
const JSON_TYPES = new Set<string>(['object', 'array', 'string', 'number', 'boolean', 'null']);

/** Whether a value is (or claims to be) a reference: an object with a `$weftRef` key. */
export function looksLikeReference(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && VALUE_REFERENCE_KEY in value;
}

/** Stores a value's JSON in the blob store (content-addressed, so storing it again is harmless) and returns its reference. */
export async function storeValue(store: BlobStore, value: unknown): Promise<ValueReference> {
  const json = Buffer.from(JSON.stringify(value ?? null), 'utf8');
  const sha256 = createHash('sha256').update(json).digest('hex');
  await store.put(`sha256/${sha256}`, json);
  return { $weftRef: `sha256:${sha256}`, bytes: json.length, type: jsonTypeOf(value ?? null) };
}

/** The value a well-formed reference stands for, read from the blob store and checked against it. */
export async function loadValue(store: BlobStore, reference: unknown, path = '$'): Promise<unknown> {
  const { sha256, type } = parseReference(reference, path);
  const json = await loadJson(store, reference, path);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'));
  } catch {
    throw new BadValueReferenceError(`the blob of sha256:${sha256} is not a JSON value`, path);
  }
  if (jsonTypeOf(value) !== type)
    throw new BadValueReferenceError(`the value of sha256:${sha256} has type ${jsonTypeOf(value)}, not ${type}`, path);
  return value;
}

/** The JSON text (UTF-8) a well-formed reference stands for, checked against its size and hash but not parsed. */
export async function loadJson(store: BlobStore, reference: unknown, path = '$'): Promise<Uint8Array> {
  const { sha256, bytes } = parseReference(reference, path);
  let json: Uint8Array;
  try {
    json = await store.get(`sha256/${sha256}`);
  } catch (err) {
    throw new BadValueReferenceError(
      `no value ${VALUE_REFERENCE_KEY} sha256:${sha256} in ${store.location} (${(err as Error).message})`,
      path,
    );
  }
  if (json.length !== bytes || createHash('sha256').update(json).digest('hex') !== sha256)
    throw new BadValueReferenceError(`the blob of sha256:${sha256} does not match its reference`, path);
  return json;
}

/**
 * The JSON text a well-formed reference stands for, as a stream (for serving it without holding it in memory). Its
 * length is checked against the reference before it is opened; its hash is not (that would need the whole blob first).
 */
export async function openJson(store: BlobStore, reference: unknown, path = '$'): Promise<Readable> {
  const { sha256, bytes } = parseReference(reference, path);
  let opened: { bytes: number; stream: Readable };
  try {
    opened = await store.open(`sha256/${sha256}`);
  } catch (err) {
    throw new BadValueReferenceError(
      `no value ${VALUE_REFERENCE_KEY} sha256:${sha256} in ${store.location} (${(err as Error).message})`,
      path,
    );
  }
  if (opened.bytes !== bytes) {
    opened.stream.destroy();
    throw new BadValueReferenceError(`the blob of sha256:${sha256} does not match its reference`, path);
  }
  return opened.stream;
}

/**
 * The inputs with every reference inside them replaced by its value. Inputs without references come back as they
 * are (one walk, no copy); otherwise only the objects and lists on the way to a reference are copied. Rejects with
 * BadValueReferenceError (naming the JSON path) when a reference is malformed or cannot be read.
 */
export async function resolveReferences(store: BlobStore, inputs: unknown): Promise<unknown> {
  if (!hasReferences(inputs)) return inputs;
  const found = findReferences(inputs);
  const values = new Map<unknown, unknown>();
  const loads = new Map<string, Promise<unknown>>();
  await Promise.all(
    found.map(async ({ reference, path }) => {
      const { sha256 } = parseReference(reference, path);
      if (!loads.has(sha256)) loads.set(sha256, loadValue(store, reference, path));
      values.set(reference, await loads.get(sha256));
    }),
  );
  try {
    return replaced(inputs, values);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new BadValueReferenceError('the inputs nest too deeply around a value reference to resolve it', '$');
  }
}

/** Whether any object inside a value has a `$weftRef` key: one iterative walk that allocates nothing per value. */
export function hasReferences(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'object' && item !== null) stack.push(item);
      }
      continue;
    }
    if (VALUE_REFERENCE_KEY in value) return true;
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) stack.push(item);
    }
  }
  return false;
}

/** The references inside a value with their JSON paths (only walked when there is one). */
function findReferences(root: unknown): { reference: Record<string, unknown>; path: string }[] {
  const found: { reference: Record<string, unknown>; path: string }[] = [];
  // Iterative, so deeply nested inputs cannot overflow the stack.
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '$' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (looksLikeReference(value)) found.push({ reference: value, path });
    else if (Array.isArray(value))
      value.forEach((item, i) => {
        if (typeof item === 'object' && item !== null) stack.push({ value: item, path: `${path}[${i}]` });
      });
    else
      for (const [key, item] of Object.entries(value))
        if (typeof item === 'object' && item !== null) stack.push({ value: item, path: childPath(path, key) });
  }
  return found;
}

function replaced(value: unknown, values: Map<unknown, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (values.has(value)) return values.get(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = replaced(item, values);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = replaced(item, values);
    if (next !== item) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}

function parseReference(reference: unknown, path: string): { sha256: string; bytes: number; type: JsonType } {
  const shown = () => JSON.stringify(reference).slice(0, 200);
  if (!looksLikeReference(reference)) throw new BadValueReferenceError(`not a value reference: ${shown()}`, path);
  const { $weftRef, bytes, type, ...rest } = reference;
  const match = typeof $weftRef === 'string' ? REFERENCE.exec($weftRef) : null;
  if (!match || !Number.isSafeInteger(bytes) || (bytes as number) < 0 || !JSON_TYPES.has(type as string))
    throw new BadValueReferenceError(
      `malformed value reference ${shown()}: expected {"$weftRef": "sha256:<64 hex>", "bytes": <integer>, "type": <JSON type>}`,
      path,
    );
  if (Object.keys(rest).length)
    throw new BadValueReferenceError(
      `malformed value reference: unexpected key(s) ${Object.keys(rest).join(', ')} beside $weftRef`,
      path,
    );
  return { sha256: match[1], bytes: bytes as number, type: type as JsonType };
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'object' || type === 'string' || type === 'number' || type === 'boolean') return type;
  throw new TypeError(`not a JSON value: ${type}`);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(parent: string, key: string): string {
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
