import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';

/** viewer reads; operator also starts and operates runs; admin also manages flows, schedules, webhooks and keys. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const REQUIRED_ROLE = 'weft:requiredRole';
export const PUBLIC_ROUTE = 'weft:publicRoute';

/**
 * The least role a handler (or every handler of a controller) needs; a handler without one needs admin. The
 * OpenAPI document shows it as `x-weft-role`.
 */
export const RequireRole = (role: Role) =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, role), ApiExtension('x-weft-role', role));

/** Open without a key: health, metrics, the flow language's JSON Schema. */
export const Public = () =>
  // In the OpenAPI document: no key needed (an empty requirement overrides the document's bearer one).
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiSecurity({}), ApiExtension('x-weft-role', 'public'));

export function roleAtLeast(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
