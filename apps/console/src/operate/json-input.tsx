import { useState } from 'react';
import { parseJson } from './json-schema';

/** A JSON value typed as text; `onChange` gets the value while the text is JSON, and `invalid` says when it is not. */
export function JsonInput({
  name,
  initial,
  onChange,
  placeholder,
}: {
  name: string;
  initial: unknown;
  onChange: (value: unknown, invalid: boolean) => void;
  placeholder?: string;
}) {
  const [text, setText] = useState(initial === undefined ? '' : JSON.stringify(initial, null, 2));
  const parsed = parseJson(text);
  return (
    <>
      <textarea
        name={name}
        className="json-editor"
        spellCheck={false}
        placeholder={placeholder}
        rows={Math.min(12, Math.max(3, text.split('\n').length))}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const next = parseJson(e.target.value);
          onChange('value' in next ? next.value : undefined, 'error' in next);
        }}
      />
      {'error' in parsed && <span className="field-error">not JSON: {parsed.error}</span>}
    </>
  );
}
