import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from './roles';

/** Who makes a request: the API key's identity. The audit trail's `by` is this, never a field of the body. */
export interface Actor {
  /** The key's id, or `anonymous` when auth is off. */
  id: string;
  /** What the audit trail records: `key:<name>`, or `anonymous` when auth is off. */
  name: string;
  role: Role;
}

export const ANONYMOUS: Actor = { id: 'anonymous', name: 'anonymous', role: 'admin' };

/** Set on the request by the auth guard. */
export const ACTOR_PROPERTY = 'weftActor';

export function actorOf(request: object): Actor {
  return (request as Record<string, Actor | undefined>)[ACTOR_PROPERTY] ?? ANONYMOUS;
}

/** The request's actor in a handler: `@CurrentActor() actor: Actor`. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<object>()),
);
