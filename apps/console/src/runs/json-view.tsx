/** A JSON value, readable and selectable. */
export function JsonView({ value, label }: { value: unknown; label?: string }) {
  if (value === undefined) return null;
  return (
    <div className="json-view">
      {label && <h4>{label}</h4>}
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}
