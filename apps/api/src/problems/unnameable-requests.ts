import type { IncomingMessage, ServerResponse } from 'node:http';
import { unstorableTextIssues } from '../database/storable-text';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem';

/**
 * No flow, run, schedule, webhook or key is named with a NUL character or a lone surrogate, and PostgreSQL refuses
 * to compare with them: such a path names nothing (404), and such a query value is bad input (400 at its name).
 * Found by the fuzz suite (`POST /flows/%00/runs` reached the database).
 */
export function refuseUnnameableRequests(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const url = new URL(req.url ?? '/', 'http://weft');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return next(); // malformed escapes: the router answers them
  }
  const requestId = (req as { id?: string }).id;
  const send = (problem: Problem) => {
    res.statusCode = problem.status;
    res.setHeader('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    res.end(JSON.stringify({ ...problem, instance: req.url, ...(requestId && { requestId }) }));
  };
  if (unstorableTextIssues(path).length) {
    const detail = 'nothing is named with a NUL character or a lone UTF-16 surrogate';
    return send({ type: problemType('not-found'), title: 'Not found', status: 404, detail });
  }
  const query: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
  const issues = unstorableTextIssues(
    Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.length === 1 ? v[0] : v])),
  );
  if (issues.length)
    return send({
      type: problemType('invalid-input'),
      title: 'Invalid query',
      status: 400,
      detail: `${issues.length} problem${issues.length === 1 ? '' : 's'} found`,
      errors: issues,
    });
  next();
}
