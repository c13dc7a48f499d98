import { ANONYMOUS, type Actor } from './actor';

/**
 * Who the audit trail records for an operation: the key's identity (`key:<name>`). Only with auth off, where
 * every caller is the anonymous admin, does the body's `by` count (a dev convenience), else `anonymous`.
 */
export function auditBy(actor: Actor, claimed: string | undefined): string {
  if (actor.id === ANONYMOUS.id) return claimed || ANONYMOUS.name;
  return actor.name;
}
