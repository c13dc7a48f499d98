import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { FlowValidationError } from '@weft/dsl';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { ConflictError, InvalidInputError, isAlreadyCompleted, NotFoundError } from './api-errors';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem';
import { isTemporalUnavailable, TEMPORAL_RETRY_AFTER_SECONDS } from '../temporal/temporal-unavailable';

/** The one exception filter: every error leaves the API as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const requestId = (request as { id?: unknown }).id;
    const problem = {
      ...this.toProblem(exception),
      instance: request.originalUrl,
      ...(typeof requestId === 'string' && { requestId }),
    };
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE)
      response.setHeader('Retry-After', String(TEMPORAL_RETRY_AFTER_SECONDS));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  /** Public for reports that carry a problem per item (bulk operations). */
  toProblem(exception: unknown): Problem {
    if (exception instanceof FlowValidationError) {
      return invalid('invalid-flow', 'Invalid flow definition', exception.issues);
    }
    if (exception instanceof InvalidInputError) return invalid('invalid-input', exception.title, exception.issues);
    if (exception instanceof NotFoundError)
      return simple(HttpStatus.NOT_FOUND, 'not-found', 'Not found', exception.message);
    if (isAlreadyCompleted(exception)) {
      // The run ended between the API's check and the operation: not a missing run, an operation too late.
      const detail = `run "${exception.workflowId}" has ended; it can no longer be operated`;
      return simple(HttpStatus.CONFLICT, 'conflict', 'Conflict', detail);
    }
    if (exception instanceof WorkflowNotFoundError) {
      return simple(HttpStatus.NOT_FOUND, 'not-found', 'Not found', `run "${exception.workflowId}" not found`);
    }
    if (exception instanceof ConflictError)
      return simple(HttpStatus.CONFLICT, 'conflict', 'Conflict', exception.message);
    if (exception instanceof WorkflowExecutionAlreadyStartedError) {
      return simple(HttpStatus.CONFLICT, 'conflict', 'Conflict', `run "${exception.workflowId}" already exists`);
    }
    const bodyError = bodyParserProblem(exception);
    if (bodyError) return bodyError;
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const detail = messageOf(exception);
      // Nest turns body-parser's syntax errors into a plain BadRequestException; its message is all we have.
      if (status === 400 && /JSON/.test(detail)) {
        // Strict parsing refuses JSON that is not an object or a list at its first character: "42", "true", '"x"'.
        const strict = /^Unexpected token '(.)', "(.)/.exec(detail);
        const notAnObject = strict && strict[1] === strict[2] && !'{['.includes(strict[1]);
        const message = notAnObject ? 'the body must be a JSON object' : detail;
        return simple(status, 'malformed-body', 'Malformed JSON body', message);
      }
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) return tooLarge();
      const title = STATUS_CODES[status] ?? 'Error';
      return simple(status, slugOf(title), title, detail);
    }
    if (isDataException(exception)) {
      // A value the checks let through and PostgreSQL refused (out of range, not storable): the caller's, not ours.
      this.logger.warn(`the database refused a value: ${(exception as Error).message.split('\n')[0]}`);
      const detail = 'a value in the request cannot be stored (out of range, or text the database refuses)';
      return {
        ...simple(HttpStatus.BAD_REQUEST, 'invalid-input', 'Invalid input', detail),
        errors: [{ path: '$', message: detail }],
      };
    }
    if (isTemporalUnavailable(exception)) {
      const detail = 'Temporal cannot be reached; retry later';
      return simple(HttpStatus.SERVICE_UNAVAILABLE, 'temporal-unavailable', 'Service unavailable', detail);
    }
    const errorId = randomUUID();
    this.logger.error(`errorId=${errorId}: ${(exception as Error)?.stack ?? String(exception)}`);
    return { ...simple(500, 'internal', 'Internal server error', `see the API log for errorId ${errorId}`), errorId };
  }
}

/** What body-parser throws (http-errors with a `type`): a body too large, not JSON, in an unknown charset… */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
  body?: unknown;
  /** entity.too.large: the limit, in bytes. */
  limit?: number;
}

function isBodyParserError(exception: unknown): exception is BodyParserError {
  const e = exception as Partial<BodyParserError> | null;
  return typeof e === 'object' && e !== null && typeof e.type === 'string' && typeof e.status === 'number';
}

function bodyParserProblem(exception: unknown): Problem | undefined {
  const cause = exception instanceof HttpException ? (exception.cause ?? exception) : exception;
  if (!isBodyParserError(cause) || exception instanceof FlowValidationError) return undefined;
  if (cause.type === 'entity.too.large') return tooLarge(cause.limit);
  if (cause.status >= 500) return undefined;
  if (cause.type === 'entity.parse.failed' && typeof cause.body === 'string' && isJson(cause.body)) {
    // Strict JSON parsing refuses valid JSON that is not an object or a list (a number, a string, true, null).
    return simple(400, 'malformed-body', 'Malformed JSON body', 'the body must be a JSON object');
  }
  const title = cause.type === 'entity.parse.failed' ? 'Malformed JSON body' : (STATUS_CODES[cause.status] ?? 'Error');
  const slug = cause.type === 'entity.parse.failed' ? 'malformed-body' : slugOf(title);
  return simple(cause.status, slug, title, cause.message);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function tooLarge(limit?: number): Problem {
  const detail = limit === undefined ? 'the body is over the limit' : `the body is over the limit of ${sizeOf(limit)}`;
  return simple(HttpStatus.PAYLOAD_TOO_LARGE, 'payload-too-large', 'Payload too large', detail);
}

/** Bytes as WEFT_MAX_BODY is written: 5242880 is "5mb". */
function sizeOf(bytes: number): string {
  for (const [unit, size] of [
    ['gb', 1024 ** 3],
    ['mb', 1024 ** 2],
    ['kb', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes} bytes`;
}

function invalid(slug: string, title: string, errors: Problem['errors']): Problem {
  const count = errors?.length ?? 0;
  return {
    type: problemType(slug),
    title,
    status: 400,
    detail: `${count} problem${count === 1 ? '' : 's'} found`,
    errors,
  };
}

function simple(status: number, slug: string, title: string, detail: string): Problem {
  return { type: problemType(slug), title, status, detail };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}

function slugOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** PostgreSQL's class 22 errors (data exceptions), as drizzle wraps them. */
function isDataException(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 3; e = e.cause as typeof e, i++)
    if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) return true;
  return false;
}
