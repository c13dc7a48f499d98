import { compileExpression } from './evaluate';

export interface ExpressionReferences {
  /** Ids read as `nodes.<id>`. */
  nodes: Set<string>;
  /** Names read as `vars.<name>`. */
  vars: Set<string>;
  /** The regular expression literals (`/ab+c/i`), each once, in the order they are written. */
  regexes: RegExp[];
  /** Whether the expression names `$eval` (calls it, passes it, binds it or takes it as a parameter). */
  eval: boolean;
}

type AstNode = { type?: string; value?: unknown; steps?: AstNode[]; [key: string]: unknown };

/**
 * What an expression reads and holds, from its syntax tree: nodes, variables, regular expression literals and
 * `$eval`, wherever they sit (in function bodies, predicates, object constructors, nested blocks…). Throws on bad
 * syntax.
 */
export function referencesOf(expression: string): ExpressionReferences {
  const refs: ExpressionReferences = { nodes: new Set(), vars: new Set(), regexes: [], eval: false };
  const regexes = new Set<string>();
  // Without recursion: a tree may be thousands of levels deep (`-` repeated, `1+1+...`). Children are pushed in
  // reverse so that they come off the stack in the order they are written.
  const pending: unknown[] = [compileExpression(expression).ast()];
  while (pending.length) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) pending.push(node[i]);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const ast = node as AstNode;
    if (ast.type === 'regex' && isRegExp(ast.value)) {
      const key = `${ast.value.flags}/${ast.value.source}`;
      if (!regexes.has(key)) refs.regexes.push(ast.value);
      regexes.add(key);
    }
    if (ast.type === 'variable' && ast.value === 'eval') refs.eval = true;
    if (ast.type === 'path' && Array.isArray(ast.steps) && ast.steps.length >= 2) {
      const [root, name] = ast.steps;
      if (root.type === 'name' && name.type === 'name' && typeof name.value === 'string') {
        if (root.value === 'nodes') refs.nodes.add(name.value);
        if (root.value === 'vars') refs.vars.add(name.value);
      }
    }
    const children = Object.entries(ast);
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, child] = children[i];
      if (key !== 'value' && child && typeof child === 'object') pending.push(child);
    }
  }
  return refs;
}

function isRegExp(value: unknown): value is RegExp {
  return Object.prototype.toString.call(value) === '[object RegExp]';
}
