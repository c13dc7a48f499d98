import type { NodeError } from './run-types';

/** A failure and its causes, outermost first. */
export function ErrorChain({ error }: { error?: NodeError }) {
  if (!error) return null;
  const chain: NodeError[] = [];
  for (let e: NodeError | undefined = error; e; e = e.cause) chain.push(e);
  return (
    <div className="error-chain">
      <h4>Error</h4>
      <ol>
        {chain.map((e, i) => (
          <li key={i}>
            <code>{e.type}</code> {e.message}
            {e.nonRetryable && <span className="muted"> (not retryable)</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
