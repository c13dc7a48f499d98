import type { FlowDiff, JsonChange } from '../api/types';

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

/** What changed between two versions: nodes added, removed and changed (with each changed value), edges, fields. */
export function VersionDiff({ diff }: { diff: FlowDiff }) {
  if (diff.identical) {
    return (
      <div className="diff">
        v{diff.from.version} and v{diff.to.version} are identical.
      </div>
    );
  }
  return (
    <div className="diff" data-testid="version-diff">
      <h3>
        Changes from v{diff.from.version} to v{diff.to.version}
      </h3>
      <ul>
        {diff.nodes.added.map((n) => (
          <li key={`a${n.id}`} className="diff-added">
            + node <code>{n.id}</code> ({n.type})
          </li>
        ))}
        {diff.nodes.removed.map((n) => (
          <li key={`r${n.id}`} className="diff-removed">
            − node <code>{n.id}</code> ({n.type})
          </li>
        ))}
        {diff.nodes.changed.map((n) => (
          <li key={`c${n.id}`} className="diff-changed">
            ~ node <code>{n.id}</code>
            <Changes changes={n.changes} />
          </li>
        ))}
        {diff.edges.added.map((e) => (
          <li key={`ea${e.path}`} className="diff-added">
            + edge <code>{e.from}</code> → <code>{e.to}</code>
            {e.when && ` when ${e.when}`}
            {e.on && ` on ${e.on}`}
          </li>
        ))}
        {diff.edges.removed.map((e) => (
          <li key={`er${e.path}`} className="diff-removed">
            − edge <code>{e.from}</code> → <code>{e.to}</code>
            {e.when && ` when ${e.when}`}
            {e.on && ` on ${e.on}`}
          </li>
        ))}
      </ul>
      {diff.fields.length > 0 && <Changes changes={diff.fields} />}
    </div>
  );
}

function Changes({ changes }: { changes: JsonChange[] }) {
  return (
    <ul className="diff-values">
      {changes.map((c) => (
        <li key={c.path}>
          <code>{c.path}</code> {c.op}
          {c.op !== 'added' && <span className="diff-from"> {show(c.from)}</span>}
          {c.op !== 'removed' && <span className="diff-to"> → {show(c.to)}</span>}
        </li>
      ))}
    </ul>
  );
}
