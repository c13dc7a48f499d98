import type { NodeType } from '../api/types';

/** How each node kind looks: a glyph and a label; the colour and shape come from `.kind-<type>` in styles.css. */
export const NODE_KINDS: Record<NodeType, { glyph: string; label: string }> = {
  task: { glyph: '⚙', label: 'task' },
  switch: { glyph: '◇', label: 'switch' },
  set: { glyph: '≔', label: 'set' },
  wait: { glyph: '◔', label: 'wait' },
  approval: { glyph: '✓', label: 'approval' },
  subflow: { glyph: '⊞', label: 'subflow' },
  foreach: { glyph: '∀', label: 'foreach' },
  loop: { glyph: '↻', label: 'loop' },
  end: { glyph: '■', label: 'end' },
  fail: { glyph: '✕', label: 'fail' },
};

/** The one line under a node's name that says what it does. */
export function nodeSummary(node: { type: NodeType } & Record<string, unknown>): string {
  switch (node.type) {
    case 'task':
      return String(node.component ?? '');
    case 'subflow':
      return `${String(node.flow ?? '')}${node.version === undefined ? '' : ` v${String(node.version)}`}`;
    case 'wait':
      return String(node.duration ?? node.until ?? '');
    case 'switch':
      return node.mode === 'all' ? 'all matching' : 'first matching';
    case 'foreach':
      return String(node.items ?? '');
    case 'loop':
      return node.while ? `while ${String(node.while)}` : `${String(node.maxIterations ?? '')} times`;
    case 'set':
      return Object.keys((node.assign as object | undefined) ?? {}).join(', ');
    case 'fail':
      return String(node.message ?? '');
    default:
      return '';
  }
}
