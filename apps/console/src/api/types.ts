import type { EdgeDefinition, FlowDefinition } from '../../../../libs/dsl/src/types';

/** The flow language's own types, shared with the API (type-only: nothing of the DSL is bundled). */
export type {
  EdgeDefinition,
  EdgeOn,
  FlowDefinition,
  GraphDefinition,
  NodeDefinition,
  NodeType,
} from '../../../../libs/dsl/src/types';

/** One problem with the input, located by a JSON path such as `$.nodes[2].component`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** RFC 9457 problem details, as the API answers every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ValidationIssue[];
  errorId?: string;
  requestId?: string;
}

export interface FlowVersionSummary {
  id: string;
  version: number;
  hash: string;
  createdAt: string;
  createdBy: string;
  name?: string;
  deprecated: boolean;
  deprecation?: { at: string; by: string; reason: string };
}

export interface FlowVersion extends FlowVersionSummary {
  definition: FlowDefinition;
}

export interface PublishResult {
  id: string;
  version: number;
  hash: string;
  created: boolean;
}

export interface ValidateResult {
  valid: true;
  id: string;
  hash: string;
  latestVersion: number | null;
  unchanged: boolean;
}

export interface JsonChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

export interface NodeRef {
  id: string;
  type: string;
  path: string;
}

export interface FlowDiff {
  id: string;
  from: { version: number; hash: string };
  to: { version: number; hash: string };
  identical: boolean;
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: (NodeRef & { changes: JsonChange[] })[] };
  edges: {
    added: (EdgeDefinition & { path: string })[];
    removed: (EdgeDefinition & { path: string })[];
  };
  fields: JsonChange[];
}
