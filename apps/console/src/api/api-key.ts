const STORAGE_KEY = 'weft.apiKey';

/** The API key the console sends as `Authorization: Bearer`, kept in this browser only. */
export function readApiKey(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: the console works without a key
  }
}

export function saveApiKey(key: string | undefined): void {
  if (key) localStorage.setItem(STORAGE_KEY, key);
  else localStorage.removeItem(STORAGE_KEY);
  window.dispatchEvent(new Event(API_KEY_CHANGED));
}

/** Fired on window when the key changes, so views reload with it. */
export const API_KEY_CHANGED = 'weft:api-key-changed';
/** Fired on window when the API answers 401: the shell asks for a key. */
export const API_KEY_NEEDED = 'weft:api-key-needed';
