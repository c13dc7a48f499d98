import { useCallback, useState } from 'react';

export interface Operation {
  busy: boolean;
  /** Why the last attempt failed: the API's ApiError (its problem+json) or why it could not be sent. */
  refusal?: unknown;
  run: (action: () => Promise<void>) => Promise<void>;
}

/** One operation at a time per control, with the API's refusal kept to show beside it. */
export function useOperation(): Operation {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<unknown>();
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      await action();
    } catch (err) {
      setRefusal(err);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, refusal, run };
}
