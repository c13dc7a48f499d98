/** One problem in a flow definition, located by a JSON path such as `$.nodes[2].component`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Thrown when a definition or run input is invalid; carries every problem found, not just the first. */
export class FlowValidationError extends Error {
  readonly type = 'FlowValidationError';

  constructor(
    readonly issues: ValidationIssue[],
    summary = 'Invalid flow definition',
  ) {
    super(`${summary}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'FlowValidationError';
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Appends a property name or array index to a JSON path.
 * @example childPath('$.nodes', 2) // '$.nodes[2]'
 */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
