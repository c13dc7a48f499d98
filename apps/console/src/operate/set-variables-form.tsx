import { useState } from 'react';
import { runsApi } from '../runs/runs-api';
import type { RunView } from '../runs/run-types';
import { parseJson } from './json-schema';
import { Refusal } from './refusal';
import { useOperation } from './use-operation';

/** The run's variables, each editable as JSON; only the changed ones are sent. */
export function SetVariablesForm({ run, onState }: { run: RunView; onState: (run: RunView) => void }) {
  const [edits, setEdits] = useState<Record<string, string>>({});
  const operation = useOperation();
  const names = Object.keys(run.vars ?? {});
  if (!names.length) return <p className="muted">No variables.</p>;
  const parsed = Object.entries(edits).map(([name, text]) => [name, parseJson(text)] as const);
  const bad = parsed.filter(([, p]) => 'error' in p).map(([name]) => name);
  const submit = () =>
    operation.run(async () => {
      const vars = Object.fromEntries(parsed.map(([name, p]) => [name, 'value' in p ? p.value : undefined]));
      onState(await runsApi.operate(run.runId, 'POST', 'variables', { vars }));
      setEdits({});
    });
  return (
    <form
      className="variables"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <table>
        <tbody>
          {names.map((name) => (
            <tr key={name}>
              <th>{name}</th>
              <td>
                <input
                  name={`vars.${name}`}
                  className="json-inline"
                  value={edits[name] ?? JSON.stringify(run.vars[name])}
                  onChange={(e) => setEdits({ ...edits, [name]: e.target.value })}
                />
                {bad.includes(name) && <span className="field-error">not JSON</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" disabled={operation.busy || !parsed.length || bad.length > 0}>
        Set variables
      </button>
      <Refusal text={operation.refusal} />
    </form>
  );
}
