import { useState } from 'react';
import { runsApi } from '../runs/runs-api';
import { initialValue, type JsonSchema } from './json-schema';
import { Refusal } from './refusal';
import { SchemaForm } from './schema-form';
import { useOperation } from './use-operation';

/** Starts a run of a flow version from a form generated from the flow's inputs schema. */
export function StartRunForm({
  flowId,
  version,
  schema,
  onStarted,
}: {
  flowId: string;
  version?: number;
  schema?: JsonSchema;
  onStarted: (runId: string) => void;
}) {
  const [inputs, setInputs] = useState<unknown>(() => initialValue(schema) ?? {});
  const operation = useOperation();
  return (
    <form
      className="start-run-form"
      onSubmit={(e) => {
        e.preventDefault();
        void operation.run(async () => {
          const body = { inputs: (inputs ?? {}) as Record<string, unknown>, ...(version && { version }) };
          onStarted((await runsApi.start(flowId, body)).runId);
        });
      }}
    >
      <h3>
        Start a run of {flowId}
        {version ? ` v${version}` : ''}
      </h3>
      <SchemaForm
        schema={schema ?? { type: 'object', properties: {} }}
        name="inputs"
        value={inputs}
        onChange={setInputs}
      />
      <button type="submit" disabled={operation.busy}>
        Start run
      </button>
      <Refusal text={operation.refusal} />
    </form>
  );
}
