import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  DEFAULT_IPV6_SUBNET_PREFIX,
  normalizeIp,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import type { ApiConfig } from '../config/api-config';
import { actorOf, ANONYMOUS } from './actor';

const MINUTE_MS = 60_000;

/** WEFT_RATE_LIMIT_PER_MINUTE per key (per IP without one), counted in memory by each replica; 0 disables it. */
export function rateLimitOptions(config: ApiConfig): ThrottlerModuleOptions {
  const limit = config.rateLimitPerMinute;
  return {
    // Named `default`: @nestjs/throttler then sends plain Retry-After and X-RateLimit-* headers, without a suffix.
    throttlers: [{ name: 'default', ttl: MINUTE_MS, limit: Math.max(limit, 1) }],
    skipIf: () => limit === 0,
    errorMessage: (_context: ExecutionContext, detail: ThrottlerLimitDetail) =>
      `more than ${detail.limit} requests in a minute from this ${detail.tracker.startsWith('key:') ? 'API key' : 'address'}; ` +
      `retry after ${detail.timeToBlockExpire} s`,
  };
}

/**
 * @nestjs/throttler's guard, counting per API key across every route (the access guard sets the actor first);
 * a request without a valid key counts against its IP. Not global: the access guard calls it in its order.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const actor = actorOf(request);
    if (actor !== ANONYMOUS) return Promise.resolve(`key:${actor.id}`);
    return Promise.resolve(`ip:${normalizeIp(String(request.ip ?? ''), DEFAULT_IPV6_SUBNET_PREFIX)}`);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }
}
