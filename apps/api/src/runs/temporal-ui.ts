/** Where the Temporal Web UI is: WEFT_TEMPORAL_UI_URL, an http(s) address (`http://localhost:8233` by default). */
export function temporalUiUrl(env: Record<string, string | undefined>): string {
  const raw = env.WEFT_TEMPORAL_UI_URL;
  if (raw === undefined || raw === '') return 'http://localhost:8233';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`WEFT_TEMPORAL_UI_URL must be an http(s) address, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`WEFT_TEMPORAL_UI_URL must be an http(s) address, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** The page of one run (its workflow id) in the Temporal Web UI. */
export function temporalUiRunUrl(ui: string, namespace: string, runId: string): string {
  return `${ui}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(runId)}`;
}
