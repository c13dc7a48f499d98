import { EVAL_UNAVAILABLE, FlowValidationError, referencesOf, type ValidationIssue } from '../src';
import { FLOW_REGEX_CHECK_STEPS, REGEX_CHECK_STEPS } from '../src/checks/check-regexes';
import { validateFlowDefinition } from '../../../apps/api/src/flows/dto';
import { catalog, task } from './fixtures';

/** The issues publishing finds in a flow of one task whose inputs are `inputs`, or [] when it is accepted. */
function issuesOf(definition: Record<string, unknown>): ValidationIssue[] {
  try {
    validateFlowDefinition({ id: 'f', ...definition }, catalog);
    return [];
  } catch (err) {
    if (err instanceof FlowValidationError) return err.issues;
    throw err;
  }
}

const withInputs = (inputs: Record<string, unknown>) => issuesOf({ nodes: [task('A', { inputs })] });
const refused = (literal: string, reason: string) =>
  `regular expression ${literal} may backtrack catastrophically (${reason})`;
const OVER_SCORE = 'the same text can match it in more than 200 ways';
const TOO_COMPLEX = 'it is too complex to check within 2,000 steps';

describe('regular expressions are checked for catastrophic backtracking at publish', () => {
  it.each([
    '/^\\d{3}-\\d{4}$/',
    '/^[A-Z]{2}\\d{6}$/',
    '/^ORD-[0-9]+$/',
    '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i',
    '/^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$/',
    '/^https?:\\/\\/[^\\/]+\\//',
    '/^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/',
    '/^[^@\\s]+@[^@\\s]+$/',
    '/^(?=.*\\d)(?=.*[a-z]).{8,}$/',
    '/^(\\w+)\\s(\\w+)$/',
    '/^[a-z]+(-[a-z]+)*$/',
    '/[aeiou]/',
    '/\\d+/',
    '/foo/i',
    '/^\\s*$/m',
    '/^$/',
  ])('accepts %s', (literal) => {
    expect(withInputs({ v: `\${$match(inputs.s, ${literal})}` })).toEqual([]);
  });

  it.each([
    ['nested quantifiers', '/(a+)+$/', OVER_SCORE],
    ['a quantified group of overlapping alternatives', '/^(a|a)+$/', TOO_COMPLEX],
    ['a starred group of a starred atom', '/(a*)*b/', OVER_SCORE],
    ['words and optional spaces, repeated', '/(\\w+\\s?)+$/', TOO_COMPLEX],
    ['adjacent quantifiers over the same characters', '/\\d+\\d+x/', OVER_SCORE],
    ['an unanchored search that is quadratic', '/\\s*$/', OVER_SCORE],
    ['a case-insensitive overlap', '/^([a-z]|[A-Z])+$/i', TOO_COMPLEX],
    ['a multi-line overlap', '/^(\\d+)*$/m', OVER_SCORE],
  ])('refuses %s: %s', (_kind, literal, reason) => {
    expect(withInputs({ v: `\${$match(inputs.s, ${literal})}` })).toEqual([
      { path: '$.nodes[0].inputs.v', message: refused(literal, reason) },
    ]);
  });

  it.each([
    ['a lookbehind', '/(?<=a+)b/', 'a lookbehind ((?<=…) cannot be proven safe'],
    ['a backreference', '/^(\\w+)\\s\\1$/', 'the backreference \\1 cannot be proven safe'],
    [
      'a lookahead in an unanchored pattern',
      '/(?=(a+))b/',
      'a lookahead ((?=…) is only accepted in a pattern anchored with ^',
    ],
    [
      'a lookahead in a multi-line pattern',
      '/^(?=a)b/m',
      'a lookahead ((?=…) is only accepted in a pattern anchored with ^',
    ],
    ['a catastrophic lookahead body', '/^(?=(a+)+$)x/', `its lookahead ((?=(a+)+$) may backtrack: ${OVER_SCORE}`],
  ])('refuses what redos-detector takes as safe but is not: %s', (_kind, literal, reason) => {
    expect(withInputs({ v: `\${$match(inputs.s, ${literal})}` })).toEqual([
      { path: '$.nodes[0].inputs.v', message: refused(literal, reason) },
    ]);
  });

  it.each(['/^a(?!b)c$/', '/^\\(?=x/', '/^(?=.*\\d).{8,}$/'])(
    'accepts %s: anchored lookaheads, escaped or classed parentheses',
    (literal) => {
      expect(withInputs({ v: `\${$match(inputs.s, ${literal})}` })).toEqual([]);
    },
  );

  it('judges a pattern by its flags: overlapping only when case does not matter', () => {
    expect(withInputs({ v: '${$match(inputs.s, /^(a|A)+$/)}' })).toEqual([]);
    expect(withInputs({ v: '${$match(inputs.s, /^(a|A)+$/i)}' })).toEqual([
      { path: '$.nodes[0].inputs.v', message: refused('/^(a|A)+$/i', TOO_COMPLEX) },
    ]);
  });

  it('refuses a pattern with named groups, which it cannot check', () => {
    expect(withInputs({ v: '${$match(inputs.s, /(?<year>\\d{4})-(\\d{2})/)}' })).toEqual([
      {
        path: '$.nodes[0].inputs.v',
        message: refused('/(?<year>\\d{4})-(\\d{2})/', 'named groups cannot be checked; use plain groups, (...)'),
      },
    ]);
  });

  it('refuses a pattern it cannot analyse, with the reason', () => {
    expect(withInputs({ v: '${$match(inputs.s, /\\k<a>/)}' })).toEqual([
      { path: '$.nodes[0].inputs.v', message: refused('/\\k<a>/', 'a named backreference cannot be proven safe') },
    ]);
  });

  it('refuses the pattern that would wedge a run, even when the text it runs on is written in the expression', () => {
    // At run time this match would take about a day (each further 'a' doubles it), far past the deadlock timeout of
    // a workflow task.
    expect(withInputs({ v: "${$match($pad('', 40, 'a') & '!', /(a+)+$/)}" })).toEqual([
      { path: '$.nodes[0].inputs.v', message: refused('/(a+)+$/', OVER_SCORE) },
    ]);
  });

  // Every place a regular expression literal can sit in JSONata's syntax tree.
  it.each([
    ['a function argument', '$replace(inputs.s, /(a+)+$/, "")'],
    ['a function body', '($f := function($s){ $match($s, /(a+)+$/) }; $f(inputs.s))'],
    ['a nested function body', '(function($s){ (function($t){ $split($t, /(a+)+$/) })($s) })(inputs.s)'],
    ['a nested block', '(($x := inputs.s; ($contains($x, /(a+)+$/))))'],
    ['a predicate', 'inputs.list[$contains($, /(a+)+$/)]'],
    ['an object constructor', '{"m": $match(inputs.s, /(a+)+$/)}'],
    ['a group-by', 'inputs.rows{$string($match(id, /(a+)+$/)): qty}'],
    ['a sort term', 'inputs.rows^($contains(id, /(a+)+$/))'],
    ['a condition branch', 'inputs.n > 1 ? "x" : $match(inputs.s, /(a+)+$/)'],
    ['a transform', 'inputs ~> | rows | {"hit": $contains(id, /(a+)+$/)} |'],
    ['a partial application', '($m := $match(?, /(a+)+$/); $m(inputs.s))'],
    ['a chain', 'inputs.s ~> $contains(/(a+)+$/)'],
    ['a list', '[1, [2, /(a+)+$/]]'],
  ])('finds a regular expression in %s', (_kind, expression) => {
    expect(withInputs({ v: `\${${expression}}` })).toEqual([
      { path: '$.nodes[0].inputs.v', message: refused('/(a+)+$/', OVER_SCORE) },
    ]);
  });

  it('checks regular expressions in conditions, in bodies and in text with several expressions', () => {
    const issues = issuesOf({
      variables: { s: '${$contains(inputs.s, /(b+)+$/)}' },
      nodes: [
        task('A', { inputs: { v: 'a ${$match(inputs.s, /x/)} b ${$match(inputs.s, /(c+)+$/)}' } }),
        task('B'),
        {
          id: 'F',
          type: 'foreach',
          items: '${$split(inputs.s, /(d+)+,/)}',
          body: { nodes: [task('C', { inputs: { v: '${$match(item, /(e+)+$/)}' } })] },
        },
      ],
      edges: [
        { from: 'A', to: 'B', when: '$contains(nodes.A.output.s, /(f+)+$/)' },
        { from: 'B', to: 'F' },
      ],
    });
    expect(issues).toEqual([
      { path: '$.variables.s', message: refused('/(b+)+$/', OVER_SCORE) },
      { path: '$.nodes[2].body.nodes[0].inputs.v', message: refused('/(e+)+$/', OVER_SCORE) },
      { path: '$.nodes[0].inputs.v', message: refused('/(c+)+$/', OVER_SCORE) },
      { path: '$.edges[0].when', message: refused('/(f+)+$/', OVER_SCORE) },
      { path: '$.nodes[2].items', message: refused('/(d+)+,/', OVER_SCORE) },
    ]);
  });

  it('reports a pattern once per expression, and at every path it sits', () => {
    const twice = '${$match(inputs.s, /(a+)+$/) & $match(inputs.t, /(a+)+$/)}';
    expect(withInputs({ v: twice, w: '${$contains(inputs.s, /(a+)+$/)}' })).toEqual([
      { path: '$.nodes[0].inputs.v', message: refused('/(a+)+$/', OVER_SCORE) },
      { path: '$.nodes[0].inputs.w', message: refused('/(a+)+$/', OVER_SCORE) },
    ]);
  });

  it('is deterministic: the same answers, again and again', () => {
    const inputs = { v: '${$match(inputs.s, /(a|a)+$/)}', w: '${$match(inputs.s, /^(\\d+)-(\\d+)$/)}' };
    const first = withInputs(inputs);
    expect(first).toEqual([
      {
        path: '$.nodes[0].inputs.v',
        message: refused('/(a|a)+$/', TOO_COMPLEX),
      },
    ]);
    for (let i = 0; i < 3; i++) expect(withInputs(inputs)).toEqual(first);
  });

  it('spends a bounded number of steps on the patterns of one flow, however many it holds', () => {
    // Each of these needs every step a pattern may take, so the flow's steps run out after a few of them; the rest
    // are not checked (and refused), and the publish stays quick.
    const heavy = Array.from({ length: 30 }, (_, i) => `/^(a|a${'b'.repeat(i)}|a)+$/`);
    const inputs = Object.fromEntries(heavy.map((literal, i) => [`v${i}`, `\${$match(inputs.s, ${literal})}`]));
    const started = Date.now();
    const issues = withInputs(inputs);
    const elapsed = Date.now() - started;
    const tooComplex = issues.filter((i) => i.message.endsWith(`(${TOO_COMPLEX})`));
    const notChecked = issues.filter((i) => i.message.includes('was not checked'));
    expect(tooComplex.length).toBe(Math.floor(FLOW_REGEX_CHECK_STEPS / (125 + 250 + 500 + 1000 + REGEX_CHECK_STEPS)));
    expect(tooComplex.length + notChecked.length).toBe(30);
    expect(notChecked[0]).toEqual({
      path: `$.nodes[0].inputs.v${tooComplex.length}`,
      message: `regular expression ${heavy[tooComplex.length]} was not checked for catastrophic backtracking: the flow's regular expressions need more than the 20,000 steps a publish may spend on them`,
    });
    expect(elapsed).toBeLessThan(20_000);
  });
});

describe('$eval is refused at publish', () => {
  it.each([
    ['a call', '$eval(inputs.code)'],
    ['a call on a literal', '$eval("1 + 1")'],
    ['a chain', 'inputs.code ~> $eval'],
    ['a function passed on', '$map(inputs.codes, $eval)'],
    ['a call inside a function', '($f := function($t){ $eval($t) }; $f(inputs.code))'],
    ['a partial application', '($e := $eval(?); $e(inputs.code))'],
    ['a binding of the name', '($eval := function($t){ $t }; $eval(1))'],
  ])('in %s', (_kind, expression) => {
    expect(withInputs({ v: `\${${expression}}` })).toEqual([
      { path: '$.nodes[0].inputs.v', message: EVAL_UNAVAILABLE },
    ]);
  });

  it('in a condition, with the path', () => {
    const issues = issuesOf({
      nodes: [task('A'), task('B')],
      edges: [{ from: 'A', to: 'B', when: '$eval(nodes.A.output.rule)' }],
    });
    expect(issues).toEqual([{ path: '$.edges[0].when', message: EVAL_UNAVAILABLE }]);
  });

  it('but not a field or a string that says eval', () => {
    expect(withInputs({ v: '${inputs.eval & "$eval(1)" & $string(inputs.`$eval`)}' })).toEqual([]);
  });
});

describe('referencesOf', () => {
  it('lists each regular expression once, in the order written, with its flags', () => {
    const refs = referencesOf('$match(a, /x/i) & $match(b, /y/m) & $match(c, /x/i) & $match(d, /x/)');
    expect(refs.regexes.map((r) => `${r.source}/${r.flags}`)).toEqual(['x/gi', 'y/gm', 'x/g']);
    expect(refs.eval).toBe(false);
  });
});
