/** A JSON call to the API of a stack whose address may change between kills; 15 s at most, never a thrown 4xx/5xx. */
export function apiCaller(apiUrl: () => string) {
  return async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${apiUrl()}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
}
