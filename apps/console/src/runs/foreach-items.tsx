import { useState } from 'react';
import { ErrorChain } from './error-chain';
import { JsonView } from './json-view';
import type { GraphDefinition } from '../api/types';
import { runHref } from './run-routes';
import { foreachProgress, foreachResult } from './run-kind';
import type { RunView } from './run-types';
import { StatusBadge } from './status-badge';

const CHILD_KINDS = new Set(['subflow', 'loop', 'foreach']);

/**
 * The items of a foreach run: their progress while it runs, then each item's status and output or error, and the
 * child runs its body started (`<foreach run>--item-<i>--<node>`).
 */
export function ForeachItems({ run, body }: { run: RunView; body?: GraphDefinition }) {
  const [open, setOpen] = useState<number>();
  const items = foreachProgress(run);
  if (!items) return null;
  const result = foreachResult(run);
  const failed = new Map(result?.errors.map((e) => [e.index, e]));
  const childNodes = body?.nodes.filter((n) => CHILD_KINDS.has(n.type)) ?? [];
  return (
    <section className="foreach-items">
      <h3>
        Items: {items.done} of {items.total} done{items.failed ? `, ${items.failed} failed` : ''}
        {items.inFlight ? `, ${items.inFlight} in flight` : ''}
      </h3>
      {result ? (
        <ol start={0} className="item-list">
          {result.outputs.map((output, index) => {
            const error = failed.get(index);
            return (
              <li key={index} data-item={index}>
                <button type="button" className="link" onClick={() => setOpen(open === index ? undefined : index)}>
                  item {index}
                </button>{' '}
                <StatusBadge status={error ? 'FAILED' : 'SUCCEEDED'} />
                {open === index && (
                  <div className="item-detail" data-item-detail={index}>
                    <JsonView label="Output" value={output} />
                    {error && <ErrorChain error={{ message: error.message, type: error.type }} />}
                    {childNodes.length > 0 && (
                      <ul className="child-runs">
                        {childNodes.map((n) => (
                          <li key={n.id}>
                            <a href={runHref(`${run.runId}--item-${index}--${n.id}`)}>
                              {n.type} {n.id} of item {index}
                            </a>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      ) : (
        <progress max={items.total} value={items.done} />
      )}
    </section>
  );
}
