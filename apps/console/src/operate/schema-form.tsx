import { useState, type ReactNode } from 'react';
import { fieldKind, parseJson, parseNumber, withoutUndefined, type JsonSchema } from './json-schema';

interface FieldProps {
  schema: JsonSchema;
  /** The field's path, `inputs.customer.name`: its input's `name`, which tests and labels use. */
  path: string;
  value: unknown;
  onChange: (value: unknown) => void;
}

/**
 * A form generated from a JSON Schema: objects, strings, numbers, integers, booleans, enums and arrays of those get
 * fields; anything else, or the whole value on request, is edited as raw JSON.
 */
export function SchemaForm({
  schema,
  name,
  value,
  onChange,
}: {
  schema: JsonSchema | undefined;
  name: string;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const [raw, setRaw] = useState(false);
  const formable = schema !== undefined && fieldKind(schema) === 'object';
  return (
    <div className="schema-form">
      {formable && (
        <label className="schema-form-raw-toggle">
          <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> edit as JSON
        </label>
      )}
      {formable && !raw ? (
        <ObjectFields schema={schema} path={name} value={value} onChange={onChange} />
      ) : (
        <JsonField schema={schema ?? {}} path={name} value={value} onChange={onChange} />
      )}
    </div>
  );
}

function Field(props: FieldProps & { label: string; required?: boolean }) {
  const { schema, label, required } = props;
  const kind = fieldKind(schema);
  if (kind === 'object')
    return (
      <fieldset className="schema-form-object">
        <legend>
          {label}
          {required && ' *'}
        </legend>
        {schema.description && <small>{schema.description}</small>}
        <ObjectFields {...props} />
      </fieldset>
    );
  const inline = kind === 'boolean';
  const heading = (
    <span className="schema-form-label">
      {label}
      {required && ' *'}
    </span>
  );
  // A list has several inputs and buttons of its own: a <label> around them would send every click to the first.
  if (kind === 'array')
    return (
      <div className={`schema-form-field schema-form-${kind}`} role="group" aria-label={label}>
        {heading}
        {editorOf(kind, props)}
        {schema.description && <small>{schema.description}</small>}
      </div>
    );
  return (
    <div className={`schema-form-field schema-form-${kind}`}>
      <label>
        {inline && <BooleanField {...props} />}
        {heading}
        {!inline && editorOf(kind, props)}
      </label>
      {schema.description && <small>{schema.description}</small>}
    </div>
  );
}

function editorOf(kind: ReturnType<typeof fieldKind>, props: FieldProps): ReactNode {
  switch (kind) {
    case 'string':
      return <StringField {...props} />;
    case 'number':
    case 'integer':
      return <NumberField {...props} integer={kind === 'integer'} />;
    case 'enum':
      return <EnumField {...props} />;
    case 'array':
      return <ArrayField {...props} />;
    default:
      return <JsonField {...props} />;
  }
}

function ObjectFields({ schema, path, value, onChange }: FieldProps) {
  const object = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const required = new Set(schema.required ?? []);
  return (
    <div className="schema-form-fields">
      {Object.entries(schema.properties ?? {}).map(([key, property]) => (
        <Field
          key={key}
          schema={property}
          path={`${path}.${key}`}
          label={property.title ?? key}
          required={required.has(key)}
          value={object[key]}
          onChange={(v) => onChange(withoutUndefined({ ...object, [key]: v }))}
        />
      ))}
    </div>
  );
}

function StringField({ schema, path, value, onChange }: FieldProps) {
  const type = schema.format === 'date-time' ? 'text' : schema.format === 'email' ? 'email' : 'text';
  return (
    <input
      name={path}
      type={type}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    />
  );
}

function NumberField({ path, value, onChange, integer }: FieldProps & { integer: boolean }) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const parsed = parseNumber(text, integer);
  return (
    <>
      <input
        name={path}
        inputMode="decimal"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseNumber(e.target.value, integer));
        }}
      />
      {typeof parsed === 'string' && <span className="field-error">not {integer ? 'an integer' : 'a number'}</span>}
    </>
  );
}

function BooleanField({ path, value, onChange }: FieldProps) {
  return <input name={path} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
}

function EnumField({ schema, path, value, onChange }: FieldProps) {
  const options = schema.enum ?? [];
  const index = options.findIndex((o) => o === value);
  return (
    <select
      name={path}
      value={index < 0 ? '' : String(index)}
      onChange={(e) => onChange(e.target.value === '' ? undefined : options[Number(e.target.value)])}
    >
      <option value="">—</option>
      {options.map((option, i) => (
        <option key={i} value={String(i)}>
          {String(option)}
        </option>
      ))}
    </select>
  );
}

function ArrayField({ schema, path, value, onChange }: FieldProps) {
  const list = Array.isArray(value) ? value : [];
  const item = schema.items ?? {};
  const kind = fieldKind(item);
  return (
    <div className="schema-form-array">
      {list.map((entry, i) => (
        <div key={i} className="schema-form-array-item">
          {kind === 'boolean' ? (
            <BooleanField schema={item} path={`${path}[${i}]`} value={entry} onChange={(v) => set(i, v)} />
          ) : (
            editorOf(kind, { schema: item, path: `${path}[${i}]`, value: entry, onChange: (v) => set(i, v) })
          )}
          <button
            type="button"
            aria-label={`remove ${path}[${i}]`}
            onClick={() => onChange(list.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...list, kind === 'boolean' ? false : undefined])}>
        add
      </button>
    </div>
  );

  function set(i: number, v: unknown) {
    onChange(list.map((e, j) => (j === i ? v : e)));
  }
}

function JsonField({ path, value, onChange }: FieldProps) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const parsed = parseJson(text);
  return (
    <>
      <textarea
        name={path}
        className="json-editor"
        rows={Math.min(12, Math.max(3, text.split('\n').length))}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          const next = parseJson(e.target.value);
          if ('value' in next) onChange(next.value);
        }}
      />
      {'error' in parsed && <span className="field-error">not JSON: {parsed.error}</span>}
    </>
  );
}
