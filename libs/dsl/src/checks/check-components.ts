import { templateStrings } from '../expressions/template';
import { compileSchema, schemaIssues } from '../json-schema';
import type { ComponentCatalog, GraphDefinition } from '../types';
import type { ValidationIssue } from '../validation-issue';

/** Every task names a known component and gives it inputs its schema accepts. */
export function checkComponents(flow: GraphDefinition, catalog: ComponentCatalog, base = '$'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  flow.nodes.forEach((node, i) => {
    if (node.type !== 'task') return;
    const component = catalog.get(node.component);
    if (!component) {
      issues.push({ path: `${base}.nodes[${i}].component`, message: unknownComponentMessage(node.component, catalog) });
      return;
    }
    const inputsPath = `${base}.nodes[${i}].inputs`;
    const templated = [...templateStrings(node.inputs ?? {}, inputsPath)].map((t) => t.path);
    // A templated value is only known at run time, when the activity checks it; here only its absence counts.
    const knowable = schemaIssues(compileSchema(component.inputSchema), node.inputs ?? {}, inputsPath).filter(
      (issue) => !templated.some((path) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`)),
    );
    issues.push(...knowable);
  });
  return issues;
}

function unknownComponentMessage(name: string, catalog: ComponentCatalog): string {
  const known = [...catalog.keys()].sort();
  return `unknown component "${name}"; known components: ${known.join(', ')}`;
}
