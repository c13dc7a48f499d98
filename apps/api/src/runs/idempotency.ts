import { createHash } from 'node:crypto';
import { InvalidInputError } from '../problems/api-errors';
import { RUN_ID_PATTERN } from './start-run.dto';

/** The request header that carries an idempotency key, as the IETF draft and most HTTP APIs name it. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * The key of a start request, from its body or its header (they must agree when both are given); the body was
 * validated by its DTO, the header is checked here against the same rule.
 */
export function idempotencyKeyOf(body: string | undefined, header: string | undefined): string | undefined {
  if (header === undefined || header === '') return body;
  const path = `$.headers['${IDEMPOTENCY_HEADER}']`;
  if (!RUN_ID_PATTERN.test(header)) {
    throw new InvalidInputError('Invalid request', [
      { path, message: 'may hold only letters, digits, ".", "_", ":" and "-" (at most 200)' },
    ]);
  }
  if (body !== undefined && body !== header) {
    throw new InvalidInputError('Invalid request', [
      { path: '$.idempotencyKey', message: `differs from the ${IDEMPOTENCY_HEADER} header` },
    ]);
  }
  return header;
}

/**
 * The run id a key gives within a flow: the same (flow, key) always gives the same id, so Temporal itself, which
 * never starts two runs under one id, keeps the key from starting a second run, concurrent requests included.
 * The key is hashed so that no key can be mistaken for an id chosen with `runId` or another flow's.
 */
export function keyedRunId(flowId: string, key: string): string {
  return `${flowId}--key-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}
