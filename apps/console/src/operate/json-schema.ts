/** The part of JSON Schema the console's forms understand; anything else is edited as raw JSON. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  format?: string;
}

export type FieldKind = 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'json';

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);

/** How a schema is edited: a field of its own kind, or raw JSON when the form has no field for it. */
export function fieldKind(schema: JsonSchema | undefined): FieldKind {
  if (!schema || typeof schema !== 'object') return 'json';
  if (Array.isArray(schema.enum) && schema.enum.length && schema.enum.every((v) => PRIMITIVES.has(typeof v)))
    return 'enum';
  const type = Array.isArray(schema.type) ? undefined : schema.type;
  if (type === 'object' && schema.properties) return 'object';
  if (type === 'array') {
    const item = schema.items ? fieldKind(schema.items) : 'json';
    return item === 'string' || item === 'number' || item === 'integer' || item === 'boolean' || item === 'enum'
      ? 'array'
      : 'json';
  }
  if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') return type;
  return 'json';
}

/** The value a form starts from: the schema's defaults, and every object with its properties' defaults. */
export function initialValue(schema: JsonSchema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.default !== undefined) return structuredClone(schema.default);
  const kind = fieldKind(schema);
  if (kind === 'object') {
    const value: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const initial = initialValue(property);
      if (initial !== undefined) value[name] = initial;
    }
    return value;
  }
  if (kind === 'boolean' && schema.default === undefined) return undefined;
  return undefined;
}

/** Text typed into a number field as the number it is; undefined when empty, the text itself when it is no number. */
export function parseNumber(text: string, integer: boolean): number | string | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return text;
  return n;
}

/** Raw JSON text as a value, or the reason it is not JSON. */
export function parseJson(text: string): { value: unknown } | { error: string } {
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** An object without its undefined properties, as the API is sent it. */
export function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
