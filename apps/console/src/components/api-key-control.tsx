import { useEffect, useState, type FormEvent } from 'react';
import { API_KEY_NEEDED, readApiKey, saveApiKey } from '../api/api-key';

/**
 * The API key the console sends, kept in localStorage. Opens by itself when the API answers 401. Without auth
 * (WEFT_AUTH=off, the dev default) no key is needed.
 */
export function ApiKeyControl() {
  const [open, setOpen] = useState(false);
  const [needed, setNeeded] = useState(false);
  const [value, setValue] = useState(readApiKey() ?? '');

  useEffect(() => {
    const ask = () => {
      setNeeded(true);
      setOpen(true);
    };
    window.addEventListener(API_KEY_NEEDED, ask);
    return () => window.removeEventListener(API_KEY_NEEDED, ask);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    saveApiKey(value.trim() || undefined);
    setNeeded(false);
    setOpen(false);
  };

  const hasKey = Boolean(readApiKey());
  if (!open) {
    return (
      <button type="button" className="api-key-button" onClick={() => setOpen(true)}>
        {hasKey ? 'API key ✓' : 'API key'}
      </button>
    );
  }
  return (
    <form className="api-key-form" onSubmit={submit}>
      {needed && <span className="api-key-needed">The API asks for a key.</span>}
      <input
        type="password"
        name="apiKey"
        placeholder="weft_…"
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-label="API key"
        autoFocus
      />
      <button type="submit">Save</button>
      {hasKey && (
        <button
          type="button"
          onClick={() => {
            setValue('');
            saveApiKey(undefined);
            setOpen(false);
          }}
        >
          Forget
        </button>
      )}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
