import { InvalidInputError } from '../problems/api-errors';
import { idempotencyKeyOf, keyedRunId } from './idempotency';
import { priorityKeyOf, priorityView } from './run-priority';

describe('run start options', () => {
  it('maps priority names onto Temporal priority keys, 1 first', () => {
    expect(['CRITICAL', 'HIGH', 'NORMAL', 'LOW'].map((n) => priorityKeyOf(n as 'LOW'))).toEqual([1, 2, 3, 4]);
    expect(priorityKeyOf(5)).toBe(5);
    expect(priorityView(1)).toEqual({ key: 1, name: 'CRITICAL' });
    expect(priorityView(5)).toEqual({ key: 5 });
    // A run started without a priority has the server's default, 3.
    expect(priorityView(undefined)).toEqual({ key: 3, name: 'NORMAL' });
    expect(priorityView(0)).toEqual({ key: 3, name: 'NORMAL' });
  });

  it('derives one run id per flow and key', () => {
    expect(keyedRunId('orders', 'k-1')).toBe(keyedRunId('orders', 'k-1'));
    expect(keyedRunId('orders', 'k-1')).not.toBe(keyedRunId('orders', 'k-2'));
    expect(keyedRunId('orders', 'k-1')).not.toBe(keyedRunId('invoices', 'k-1'));
    expect(keyedRunId('orders', 'k-1')).toMatch(/^orders--key-[0-9a-f]{32}$/);
  });

  it('takes the key from the body or the header, and refuses a bad header or two different keys', () => {
    expect(idempotencyKeyOf(undefined, undefined)).toBeUndefined();
    expect(idempotencyKeyOf('a', undefined)).toBe('a');
    expect(idempotencyKeyOf(undefined, 'b')).toBe('b');
    expect(idempotencyKeyOf('b', 'b')).toBe('b');
    const issue = (body: string | undefined, header: string) => {
      try {
        idempotencyKeyOf(body, header);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidInputError);
        return (err as InvalidInputError).issues[0].path;
      }
      throw new Error('accepted');
    };
    expect(issue(undefined, 'has space')).toBe("$.headers['Idempotency-Key']");
    expect(issue('a', 'b')).toBe('$.idempotencyKey');
  });
});
