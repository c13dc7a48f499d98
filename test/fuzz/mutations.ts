import { NODE_TYPES as LANGUAGE_NODE_TYPES } from '@weft/dsl';
import fc from 'fast-check';
import type { Draw } from './draw';
import { HOSTILE_EXPRESSIONS } from './hostile';

/**
 * Mutations of valid definitions, and the junk they put in. Values are plain JSON trees, except that an object may
 * hold an own `__proto__`/`constructor` key (JSON.stringify writes it like any other key) and a string
 * `RAW_PREFIX + text` is sent as the raw JSON text (`1e400` parses to Infinity, 40-digit integers lose precision,
 * nesting 100,000 deep stays a string here).
 */
export const RAW_PREFIX = '@@raw@@';

type Obj = Record<string, unknown>;

/** Sets a key as an own enumerable property, `__proto__` included. */
export function setKey(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy that keeps own `__proto__` keys. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (value && typeof value === 'object') {
    const out: Obj = {};
    for (const key of Object.keys(value)) setKey(out, key, cloneJson((value as Obj)[key]));
    return out as T;
  }
  return value;
}

/** The JSON text of a request body, with RAW_PREFIX strings written raw. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  if (!text.includes(RAW_PREFIX)) return text;
  return text.replace(/"@@raw@@((?:[^"\\]|\\.)*)"/g, (_, raw: string) => JSON.parse(`"${raw}"`) as string);
}

/** Deep nesting as raw JSON text, so the fuzzer's own tree walks stay shallow. */
function deepArray(depth: number, inner: unknown = 1): string {
  return `${RAW_PREFIX}${'['.repeat(depth)}${toJsonText(inner)}${']'.repeat(depth)}`;
}

function deepObject(depth: number, inner: unknown = 1): string {
  return `${RAW_PREFIX}${'{"a":'.repeat(depth)}${toJsonText(inner)}${'}'.repeat(depth)}`;
}

const UNICODE = [
  '\ud800',
  '\udfff x',
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '🙂'.repeat(50),
  'Z̷̢̛̛͇a̴l̷g̶o̵',
  '\ufeffBOM',
  '\u2028\u2029',
  'ᚠᛇᚻ',
];

/** Something that should not be where it is put. */
export function junk(d: Draw): unknown {
  return d.weighted<unknown>([
    [3, () => d.pick([null, true, false, 0, -1, 1.5, '', ' ', 'x', '1', [], {}, [null], { a: null }])],
    [
      3,
      () =>
        d.pick([
          1e308,
          -1e308,
          2 ** 53 + 1,
          1e21,
          5e-324,
          -0,
          2 ** 31,
          -(2 ** 31) - 1,
          `${RAW_PREFIX}1e400`,
          `${RAW_PREFIX}-1e400`,
          `${RAW_PREFIX}123456789012345678901234567890123456789`,
          `${RAW_PREFIX}1.0e-400`,
        ]),
    ],
    [
      2,
      () =>
        d.pick([
          '1e400ms',
          '999999999999999999999d',
          '99999999999d',
          '-5s',
          '1.5.5s',
          'NaN',
          'Infinity',
          '5 mb',
          '0ms',
          '2h',
          '1d',
          '30d',
          '365d',
          '9007199254740993',
        ]),
    ],
    [2, () => d.pick(UNICODE)],
    [1, () => 'x'.repeat(d.pick([10_001, 100_000, 1_000_000, 4_000_000]))],
    [1, () => (d.chance(50) ? deepArray : deepObject)(d.pick([50, 1000, 10_000, 100_000]))],
    [
      1,
      () => {
        const o: Obj = {};
        setKey(
          o,
          d.pick(['__proto__', 'constructor', 'prototype']),
          d.pick([{ polluted: true }, null, 1, [], { id: 'x' }]),
        );
        return o;
      },
    ],
    [1, () => `\${${d.pick(Object.values(HOSTILE_EXPRESSIONS))}}`],
    [
      1,
      () =>
        d.pick(['${', '${}', '${inputs.}', '$${', '${nodes.ghost.output}', '${vars.nope}', '${"unclosed}', '${ {} }']),
    ],
    [2, () => d.value(fc.jsonValue({ maxDepth: 3 }))],
  ]);
}

interface Slot {
  parent: Obj | unknown[];
  key: string | number;
  value: unknown;
}

function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out.push({ parent: value, key: i, value: item });
        walk(item);
      });
    } else if (value && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        const item = (value as Obj)[key];
        out.push({ parent: value as Obj, key, value: item });
        walk(item);
      }
    }
  };
  walk(root);
  return out;
}

function set(slot: Slot, value: unknown) {
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else setKey(slot.parent, slot.key as string, value);
}

function remove(slot: Slot) {
  if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
  else delete slot.parent[slot.key as string];
}

const isNode = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v) && 'id' in v && 'type' in v;
const isGraph = (v: unknown): v is Obj => !!v && typeof v === 'object' && Array.isArray((v as Obj).nodes);

const ODD_IDS = [
  '',
  '1bad',
  'a'.repeat(65),
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'ünï',
  'a b',
  'a.b',
  'FRESH_ID',
  'nodes',
  'n0',
  'A',
];
const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'breakpoint',
  'onError',
  'local',
  'unknown',
  '',
  'ünï',
  '$ref',
  'x'.repeat(1000),
  'a.b',
  '0',
];
/** The language's node types, and names that are almost one. */
const NODE_TYPES = [
  ...LANGUAGE_NODE_TYPES,
  'TASK',
  '',
  'constructor',
  '__proto__',
];

/** Applies 1 to 4 mutations; returns the mutated copy and what was done, for reports. */
export function mutate(d: Draw, definition: unknown): { definition: unknown; ops: string[] } {
  const root = cloneJson(definition);
  const ops: string[] = [];
  const count = d.int(1, 4);
  for (let n = 0; n < count; n++) {
    const all = slots(root);
    if (!all.length) break;
    const slot = () => all[d.int(0, all.length - 1)];
    const where = (s: Slot) => `${describe(s)}`;
    const nodes = all.filter((s) => isNode(s.value));
    const graphs = [root, ...all.map((s) => s.value)].filter(isGraph);
    d.weighted<void>([
      [
        4,
        () => {
          const s = slot();
          remove(s);
          ops.push(`delete ${where(s)}`);
        },
      ],
      [
        6,
        () => {
          const s = slot();
          set(s, junk(d));
          ops.push(`replace ${where(s)} with junk`);
        },
      ],
      [
        2,
        () => {
          const arrays = all.filter((s) => Array.isArray(s.parent));
          if (!arrays.length) return;
          const s = arrays[d.int(0, arrays.length - 1)];
          (s.parent as unknown[]).splice((s.key as number) + 1, 0, cloneJson(s.value));
          ops.push(`duplicate ${where(s)}`);
        },
      ],
      [
        3,
        () => {
          if (!nodes.length) return;
          const s = nodes[d.int(0, nodes.length - 1)];
          const ids = nodes.map((x) => (x.value as Obj).id);
          const id = d.chance(50) ? d.pick(ids) : d.pick(ODD_IDS);
          (s.value as Obj).id = id;
          ops.push(`rename node ${where(s)} to ${JSON.stringify(id)}`);
        },
      ],
      [
        2,
        () => {
          // An earlier mutation may have replaced every graph's nodes with junk: nothing to add an edge to then.
          if (!graphs.length) return;
          const g = graphs[d.int(0, graphs.length - 1)];
          const ids = (g.nodes as Obj[]).map((x) => x?.id);
          const edge = d.weighted<Obj>([
            [1, () => ({ from: d.pick(ids), to: 'ghost' })],
            [1, () => ({ from: 'ghost', to: d.pick(ids) })],
            [1, () => ({ from: ids[ids.length - 1], to: ids[0] })],
            [1, () => ({ from: d.pick(ids), to: d.pick(ids) })],
            [1, () => ({ from: d.pick(ids), to: d.pick(ids), on: d.pick(['failure', 'always']) })],
            [1, () => ({ from: d.pick(ids), to: d.pick(ids), when: junk(d) })],
          ]);
          g.edges = Array.isArray(g.edges) ? [...g.edges, edge] : [edge];
          ops.push(`add edge ${JSON.stringify(edge).slice(0, 200)}`);
        },
      ],
      [
        3,
        () => {
          const objects = [root, ...all.map((s) => s.value)].filter(
            (v): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v),
          );
          if (!objects.length) return;
          const target = objects[d.int(0, objects.length - 1)];
          const key = d.pick(ODD_KEYS);
          setKey(target, key, d.chance(30) ? true : junk(d));
          ops.push(`add key ${JSON.stringify(key.slice(0, 40))}`);
        },
      ],
      [
        2,
        () => {
          if (!nodes.length) return;
          const s = nodes[d.int(0, nodes.length - 1)];
          const type = d.pick(NODE_TYPES);
          (s.value as Obj).type = type;
          ops.push(`retype node ${where(s)} as ${JSON.stringify(type)}`);
        },
      ],
      [
        1,
        () => {
          const s = slot();
          const depth = d.pick([100, 1000, 10_000, 100_000]);
          set(s, d.chance(50) ? deepArray(depth, s.value) : deepObject(depth, s.value));
          ops.push(`wrap ${where(s)} ${depth} deep`);
        },
      ],
      [
        1,
        () => {
          const arrays = all.filter((s) => Array.isArray(s.value) && (s.value as unknown[]).length > 0);
          if (!arrays.length) return;
          const s = arrays[d.int(0, arrays.length - 1)];
          const n = d.pick([1001, 5001, 12_000]);
          const first = (s.value as unknown[])[0];
          // Small items, so a case stays cheap to build and shrink: past the node limits, not past the body limit.
          const item = (i: number) => (isNode(first) ? { id: `m${i}`, type: 'task', component: 'core.noop' } : i);
          set(
            s,
            Array.from({ length: n }, (_, i) => item(i)),
          );
          ops.push(`grow ${where(s)} to ${n} items`);
        },
      ],
      [
        2,
        () => {
          const strings = all.filter((s) => typeof s.value === 'string');
          if (!strings.length) return;
          const s = strings[d.int(0, strings.length - 1)];
          const name = d.pick(Object.keys(HOSTILE_EXPRESSIONS));
          set(s, d.chance(50) ? `\${${HOSTILE_EXPRESSIONS[name]}}` : HOSTILE_EXPRESSIONS[name]);
          ops.push(`hostile ${name} at ${where(s)}`);
        },
      ],
      [
        1,
        () => {
          const s = slot();
          const other = slot();
          set(s, cloneJson(other.value));
          ops.push(`copy ${where(other)} over ${where(s)}`);
        },
      ],
    ]);
  }
  return { definition: root, ops };
}

function describe(slot: Slot): string {
  const key = typeof slot.key === 'number' ? `[${slot.key}]` : `.${slot.key.slice(0, 40)}`;
  const type = Array.isArray(slot.value) ? 'array' : slot.value === null ? 'null' : typeof slot.value;
  return `${key} (${type})`;
}
