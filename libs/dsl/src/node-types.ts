import type { NodeType } from './types';

/** Every node type of the language, in the order the docs, the DTOs and the JSON Schema list them. */
export const NODE_TYPES = [
  'task',
  'switch',
  'set',
  'wait',
  'end',
  'fail',
  'approval',
  'subflow',
  'loop',
  'foreach',
] as const satisfies readonly NodeType[];
