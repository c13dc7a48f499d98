/** gRPC's UNAVAILABLE status code: the channel has no connection to the server. */
const GRPC_UNAVAILABLE = 14;

/** What a 503 tells the caller to wait before trying again while Temporal is out of reach. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/**
 * Whether an error (or one of its causes, as the Temporal client wraps gRPC errors) says the Temporal frontend
 * could not be reached: the API answers 503 with Retry-After for it, not 500.
 */
export function isTemporalUnavailable(err: unknown): boolean {
  let current = err as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (current.code === GRPC_UNAVAILABLE) return true;
    current = current.cause as typeof current;
  }
  return false;
}
