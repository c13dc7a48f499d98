import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { ACTOR_PROPERTY, ANONYMOUS } from './actor';
import { KeyVerifier, type Verified } from './key-verifier';
import { QUERY_TOKEN_ROUTE } from './query-token';
import { RateLimitGuard } from './rate-limit';
import { PUBLIC_ROUTE, REQUIRED_ROLE, roleAtLeast, type Role } from './roles';

/**
 * The one global guard: finds who asks (the API key), counts the request against its rate limit, then lets it
 * through if the handler is @Public or the key's role is at least the handler's @RequireRole — admin when the
 * handler says nothing, so a forgotten annotation locks an endpoint rather than opening it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly verifier: KeyVerifier,
    private readonly rateLimit: RateLimitGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<Request>();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) ?? false;
    const needed = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets) ?? 'admin';

    let verified: Verified | undefined;
    if (this.config.auth === 'off') {
      setActor(request, ANONYMOUS);
    } else {
      const queryToken = this.reflector.getAllAndOverride<boolean | undefined>(QUERY_TOKEN_ROUTE, targets) ?? false;
      const presented = presentedKey(request, queryToken);
      verified = presented === undefined ? undefined : await this.verifier.verify(presented);
      if (verified && 'actor' in verified) setActor(request, verified.actor);
    }
    await this.rateLimit.canActivate(context);
    if (isPublic || this.config.auth === 'off') return true;

    const response = context.switchToHttp().getResponse<Response>();
    if (!verified) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="weft"');
      throw new UnauthorizedException(
        'this endpoint needs an API key: send "Authorization: Bearer <key>" (or "X-API-Key: <key>")',
      );
    }
    if ('refused' in verified) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="weft", error="invalid_token"');
      throw new UnauthorizedException(verified.refused);
    }
    const { actor } = verified;
    if (!roleAtLeast(actor.role, needed)) {
      throw new ForbiddenException(`this endpoint needs the ${needed} role; ${actor.name} has the ${actor.role} role`);
    }
    return true;
  }
}

function setActor(request: Request, actor: typeof ANONYMOUS): void {
  (request as unknown as Record<string, unknown>)[ACTOR_PROPERTY] = actor;
}

/** The key from `Authorization: Bearer`, else `X-API-Key`, else (event streams only) `?access_token=`. */
function presentedKey(request: Request, queryToken: boolean): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization) {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    // A scheme other than Bearer is a key we cannot read: refused as malformed, not taken as no key.
    return bearer ? bearer[1] : authorization;
  }
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  if (queryToken) {
    const token = (request.query as Record<string, unknown>).access_token;
    if (typeof token === 'string' && token) return token;
  }
  return undefined;
}
