export function pinnedCliVersion(): string;
export function cacheDir(): string;
/** Path of a Temporal CLI binary at least as new as the pinned one, building it when needed. */
export function ensureTemporal(): Promise<string>;
