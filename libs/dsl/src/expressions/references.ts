import { compileExpression } from './evaluate';

export interface ExpressionReferences {
  /** Ids read as `nodes.<id>`. */
  nodes: Set<string>;
  /** Names read as `vars.<name>`. */
  vars: Set<string>;
}

type AstNode = { type?: string; value?: unknown; steps?: AstNode[]; [key: string]: unknown };

/** The node ids and variable names an expression reads, from its syntax tree. Throws on bad syntax. */
export function referencesOf(expression: string): ExpressionReferences {
  const refs: ExpressionReferences = { nodes: new Set(), vars: new Set() };
  // Without recursion: a tree may be thousands of levels deep (`-` repeated, `1+1+...`).
  const pending: unknown[] = [compileExpression(expression).ast()];
  while (pending.length) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const ast = node as AstNode;
    if (ast.type === 'path' && Array.isArray(ast.steps) && ast.steps.length >= 2) {
      const [root, name] = ast.steps;
      if (root.type === 'name' && name.type === 'name' && typeof name.value === 'string') {
        if (root.value === 'nodes') refs.nodes.add(name.value);
        if (root.value === 'vars') refs.vars.add(name.value);
      }
    }
    for (const [key, child] of Object.entries(ast)) {
      if (key !== 'value' && child && typeof child === 'object') pending.push(child);
    }
  }
  return refs;
}
