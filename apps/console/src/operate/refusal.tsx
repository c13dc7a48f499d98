import { ProblemView } from '../components/problem-view';

/** Why the API refused an operation (its problem detail and JSON paths), shown where it was asked for. */
export function Refusal({ text }: { text?: unknown }) {
  if (!text) return null;
  return (
    <div className="refusal">
      <ProblemView error={text} title="Refused" />
    </div>
  );
}
