/** Polls `probe` until `done` holds or the deadline passes; returns the last value. Never a fixed sleep. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const seen = lastError ? String(lastError) : JSON.stringify(last)?.slice(0, 2000);
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}; last seen: ${seen}`);
}
