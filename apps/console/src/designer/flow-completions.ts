import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { syntaxTree } from '@codemirror/language';
import { NODE_KINDS, nodeSummary } from '../graph/node-kinds';

/** What the designer knows beyond the schema: the API's components and flows, read once. */
export interface KnownNames {
  components: { name: string; description?: string }[];
  flows: { id: string; name?: string }[];
}

/**
 * Completion of the values the schema cannot list: a node's `type` (with what each kind does), a task's `component`
 * and a subflow's `flow` (from the API), and an edge's `from` and `to` (the ids of the nodes in the text).
 */
export function flowValueCompletions(known: () => KnownNames): CompletionSource {
  return (context: CompletionContext): CompletionResult | null => {
    const node = syntaxTree(context.state).resolveInner(context.pos, -1);
    if (node.name !== 'String') return null;
    const property = node.parent;
    const name = property?.firstChild;
    if (property?.name !== 'Property' || name?.name !== 'PropertyName' || name.from === node.from) return null;
    const options = optionsFor(context.state.sliceDoc(name.from + 1, name.to - 1), context, known());
    if (!options?.length) return null;
    const text = context.state.sliceDoc(node.from, node.to);
    const closed = text.length >= 2 && text.endsWith('"');
    return { from: node.from + 1, to: closed ? node.to - 1 : undefined, options, validFor: /^[\w.$-]*$/ };
  };
}

function optionsFor(key: string, context: CompletionContext, known: KnownNames): Completion[] | undefined {
  switch (key) {
    case 'type':
      return Object.entries(NODE_KINDS).map(([type, kind]) => ({
        label: type,
        type: 'enum',
        detail: kind.glyph,
        info: nodeSummary({ type } as never) || undefined,
      }));
    case 'component':
      return known.components.map((c) => ({ label: c.name, type: 'function', info: c.description }));
    case 'flow':
      return known.flows.map((f) => ({ label: f.id, type: 'class', detail: f.name }));
    case 'from':
    case 'to':
      return nodeIds(context.state.doc.toString()).map((id) => ({ label: id, type: 'variable' }));
    default:
      return undefined;
  }
}

/** The ids of the nodes in the text: from the parsed flow when it parses, else every `"id": "…"` but the first. */
function nodeIds(text: string): string[] {
  try {
    const flow = JSON.parse(text) as { nodes?: { id?: unknown }[] };
    return (flow.nodes ?? []).map((n) => n.id).filter((id): id is string => typeof id === 'string');
  } catch {
    const ids = [...text.matchAll(/"id"\s*:\s*"([^"\\]+)"/g)].map((m) => m[1]);
    return [...new Set(ids.slice(1))];
  }
}
