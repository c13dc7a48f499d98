import type { Draw } from './draw';
import { FRESH_ID } from './definitions';

/**
 * JSONata written to hurt an evaluator that runs inside a Temporal workflow task: unbounded recursion, huge
 * allocations, CPU burners, catastrophic regexes, prototype access, `$eval`, thrown errors. Each is a named case so a
 * finding reads as "recursion-bomb in a set node" rather than a blob.
 */
export const HOSTILE_EXPRESSIONS: Readonly<Record<string, string>> = {
  'recursion-tail': '($f := function($x){$f($x)}; $f(1))',
  'recursion-deep': '($f := function($x){ 1 + $f($x + 1) }; $f(1))',
  'recursion-mutual': '($a := function($x){$b($x)}; $b := function($x){$a($x)}; $a(1))',
  'recursion-countdown-1e6': '($f := function($n){ $n = 0 ? 0 : $f($n - 1) }; $f(1000000))',
  'range-1e7': '[1..10000000]',
  'range-over-limit': '[1..100000000]',
  'range-sum': '$sum([1..10000000])',
  'range-count-map': '$count([1..1000000].($ * 2))',
  'range-nested-map': '$count([1..3000].([1..3000]))',
  'pad-1e8': "$pad('', 100000000)",
  'pad-1e6': "$pad('', 1000000, 'x')",
  'string-doubling-30': '($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $length($d("x", 30)))',
  'string-doubling-22': '($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $d("x", 22))',
  'join-big': '$join([1..2000000].$string(), ",")',
  'sort-big': '$sort([1..300000], function($a, $b){ $a < $b })',
  'shuffle-big': '$count($shuffle([1..2000000]))',
  'zip-big': '$count($zip([1..1000000], [1..1000000]))',
  'reduce-big': '$reduce([1..5000000], function($a, $b){ $a + $b })',
  'deep-parens': `${'('.repeat(2000)}1${')'.repeat(2000)}`,
  'deep-arrays': `${'['.repeat(1500)}1${']'.repeat(1500)}`,
  'deep-objects': `${'{"a":'.repeat(800)}1${'}'.repeat(800)}`,
  'deep-conditionals': `${'true ? ('.repeat(600)}1${') : 0'.repeat(600)}`,
  'eval-simple': '$eval("1 + 1")',
  'eval-nested': '$eval("$eval(\\"$eval(\\\\\\"[1..10000000]\\\\\\")\\")")',
  'eval-recursion': '$eval("($f := function($x){$f($x)}; $f(1))")',
  'eval-syntax-error': '$eval("1 +")',
  'error-x': '$error("x")',
  'error-object': '$error({"message": "obj"})',
  'assert-false': '$assert(false, "asserted")',
  'regex-redos': '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)',
  'regex-redos-replace': '$replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a|aa)+$/, "b")',
  'proto-read': '$.__proto__',
  'constructor-call': '$.constructor.constructor("return process")()',
  'lookup-constructor': '$lookup({}, "constructor")',
  'proto-object': '{"__proto__": {"polluted": true}}',
  'merge-proto': '$merge([{"__proto__": {"polluted": true}}, {"constructor": 1}])',
  'spread-vars': '$spread(vars)',
  'divide-zero': '1 / 0',
  'huge-number': '1e308 * 10',
  'format-number-huge': '$formatNumber(1e300, "#,##0.00")',
  'format-base-bad': '$formatBase(10, 99)',
  'from-millis-huge': '$fromMillis(1e20)',
  'to-millis-garbage': '$toMillis("not a date")',
  'function-result': 'function($x){$x}',
  'native-function': '$sum',
  'undefined-var': '$nothing',
  'sift-recursion': '($f := function($o){ $sift($o, function($v){ $f($v) }) }; $f({"a": 1}))',
  'now-loop': '$count([1..1000000].$now())',
  'random-big': '$count([1..1000000].$random())',
  'string-big-array': '[1..200000].$string()',
  'object-big': '$merge([1..100000].{$string($): $})',
  'parent-operator': '%.x',
  'wildcard-deep': '**',
  'transform-big': '$ ~> |**|{"x": [1..1000]}|',
  'lambda-self-apply': '(function($f){ $f($f) })(function($f){ $f($f) })',
  'partial-app': '$substring(?, 0, 1)',
  'regex-big-input': "$contains($pad('', 5000000, 'a'), /b/)",
};

/** Where a hostile expression can sit in a flow. */
export const HOSTILE_SITES = [
  'task-input',
  'task-input-interpolated',
  'task-outputs',
  'set-assign',
  'flow-output',
  'end-output',
  'fail-message',
  'edge-when',
  'switch-case',
  'loop-while',
  'foreach-items',
  'foreach-body',
  'wait-duration',
  'wait-until',
  'delay-duration',
  'subflow-inputs',
] as const;
export type HostileSite = (typeof HOSTILE_SITES)[number];

type Json = Record<string, unknown>;
const noop = (id: string, inputs: Json = {}): Json => ({ id, type: 'task', component: 'core.noop', inputs });

/** The smallest flow that evaluates `expression` at `site`. */
export function hostileFlow(expression: string, site: HostileSite, childFlow: string): Json {
  const t = `\${${expression}}`;
  const flow = (nodes: Json[], edges: Json[] = [], extra: Json = {}): Json => ({
    id: FRESH_ID,
    variables: { v: 0 },
    ...extra,
    nodes,
    ...(edges.length && { edges }),
  });
  switch (site) {
    case 'task-input':
      return flow([noop('A', { x: t })]);
    case 'task-input-interpolated':
      return flow([noop('A', { x: `value: ${t}!` })]);
    case 'task-outputs':
      return flow([{ ...noop('A', { x: 1 }), outputs: { v: t } }]);
    case 'set-assign':
      return flow([{ id: 'S', type: 'set', assign: { v: t } }]);
    case 'flow-output':
      return flow([noop('A')], [], { output: { result: t } });
    case 'end-output':
      return flow([{ id: 'E', type: 'end', output: t }]);
    case 'fail-message':
      return flow([{ id: 'F', type: 'fail', message: `failed: ${t}` }]);
    case 'edge-when':
      return flow([noop('A'), noop('B')], [{ from: 'A', to: 'B', when: expression }]);
    case 'switch-case':
      return flow(
        [{ id: 'S', type: 'switch' }, noop('A'), noop('B')],
        [
          { from: 'S', to: 'A', when: t },
          { from: 'S', to: 'B' },
        ],
      );
    case 'loop-while':
      return flow([{ id: 'L', type: 'loop', maxIterations: 2, while: expression, body: { nodes: [noop('A')] } }]);
    case 'foreach-items':
      return flow([
        { id: 'F', type: 'foreach', items: t, concurrency: 2, body: { nodes: [noop('A', { i: '${item}' })] } },
      ]);
    case 'foreach-body':
      return flow([{ id: 'F', type: 'foreach', items: '${[1, 2]}', body: { nodes: [noop('A', { x: t })] } }]);
    case 'wait-duration':
      return flow([{ id: 'W', type: 'wait', duration: t }]);
    case 'wait-until':
      return flow([{ id: 'W', type: 'wait', until: t }]);
    case 'delay-duration':
      return flow([
        { id: 'D', type: 'task', component: 'core.delay', inputs: { duration: t }, retry: { maximumAttempts: 1 } },
      ]);
    case 'subflow-inputs':
      return flow([{ id: 'C', type: 'subflow', flow: childFlow, inputs: { x: t } }]);
  }
}

/** A hostile expression: a named one, or one built from parts (sizes, nesting). */
export function hostileExpression(d: Draw): { name: string; expression: string } {
  return d.weighted([
    [
      6,
      () => {
        const name = d.pick(Object.keys(HOSTILE_EXPRESSIONS));
        return { name, expression: HOSTILE_EXPRESSIONS[name] };
      },
    ],
    [
      1,
      () => {
        const n = d.pick([10, 1000, 100000, 10000000, 2 ** 31, 1e15]);
        return { name: `range-${n}`, expression: `$count([0..${n}])` };
      },
    ],
    [
      1,
      () => {
        const n = d.pick([100, 1000, 3000, 10000]);
        return { name: `nested-parens-${n}`, expression: `${'('.repeat(n)}1${')'.repeat(n)}` };
      },
    ],
    [
      1,
      () => {
        const n = d.pick([10, 20, 26, 28]);
        return {
          name: `doubling-${n}`,
          expression: `($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $length($d("ab", ${n})))`,
        };
      },
    ],
    [
      1,
      () => {
        const n = d.pick([100, 10000, 1000000]);
        return {
          name: `recursion-depth-${n}`,
          expression: `($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(${n}))`,
        };
      },
    ],
  ]);
}
