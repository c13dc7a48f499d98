/**
 * Templates: any JSON value whose strings may hold `${expression}` parts.
 * A string that is exactly one `${expr}` keeps the JSON type of the result; otherwise the parts are
 * interpolated as text. `$${` stands for a literal `${`.
 */

export type TemplatePart = string | { expression: string };

export type ParsedString =
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; expression: string }
  | { kind: 'interpolation'; parts: TemplatePart[] };

export class TemplateSyntaxError extends Error {
  readonly type = 'TemplateSyntaxError';
}

/** Splits a string into literal text and `${...}` expressions, honouring nested braces and quoted strings. */
export function parseTemplateString(text: string): ParsedString {
  if (!text.includes('${')) return { kind: 'literal', value: text };
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      literal += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      literal += text[i++];
      continue;
    }
    const end = closingBrace(text, i + 2);
    if (end < 0) throw new TemplateSyntaxError(`unclosed "\${" at character ${i + 1}`);
    const expression = text.slice(i + 2, end).trim();
    if (!expression) throw new TemplateSyntaxError(`empty "\${}" at character ${i + 1}`);
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ expression });
    i = end + 1;
  }
  if (literal) parts.push(literal);
  if (parts.length === 1 && typeof parts[0] !== 'string') return { kind: 'expression', expression: parts[0].expression };
  if (parts.every((p) => typeof p === 'string')) return { kind: 'literal', value: parts.join('') };
  return { kind: 'interpolation', parts };
}

function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** True when some string inside `value` holds a `${`. */
export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (value && typeof value === 'object') return Object.values(value).some(hasTemplate);
  return false;
}

/** Every template string inside `value`, with its JSON path. */
export function* templateStrings(value: unknown, path: string): Generator<{ path: string; text: string }> {
  if (typeof value === 'string') {
    if (value.includes('${')) yield { path, text: value };
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* templateStrings(value[i], `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield* templateStrings(item, /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
    }
  }
}

/** An edge condition may be written bare (`vars.n > 3`) or wrapped (`${vars.n > 3}`). */
export function unwrapCondition(text: string): string {
  const parsed = parseTemplateString(text);
  if (parsed.kind === 'expression') return parsed.expression;
  if (parsed.kind === 'literal') return text;
  throw new TemplateSyntaxError('a condition must be one expression, not text with ${...} parts');
}
