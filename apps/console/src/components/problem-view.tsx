import { ApiError, ApiUnreachableError } from '../api/errors';

/** An error as plainly as the API said it: title, detail, and each problem with its JSON path. */
export function ProblemView({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  if (error instanceof ApiUnreachableError) {
    return (
      <div className="problem problem-down" role="alert">
        <strong>The API does not answer.</strong> {error.message}
      </div>
    );
  }
  if (error instanceof ApiError) {
    const { problem } = error;
    return (
      <div className="problem" role="alert" data-status={problem.status}>
        <strong>
          {title ? `${title}: ` : ''}
          {problem.title} ({problem.status})
        </strong>
        {problem.detail && <div className="problem-detail">{problem.detail}</div>}
        {problem.status === 401 && <div className="problem-detail">This API asks for an API key: set one above.</div>}
        {problem.errors && problem.errors.length > 0 && (
          <ul className="problem-errors">
            {problem.errors.map((issue) => (
              <li key={issue.path + issue.message}>
                <code>{issue.path}</code> {issue.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div className="problem" role="alert">
      <strong>{title ?? 'Error'}:</strong> {error instanceof Error ? error.message : String(error)}
    </div>
  );
}
