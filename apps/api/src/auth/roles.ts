import { SetMetadata } from '@nestjs/common';

/** viewer reads; operator also starts and operates runs; admin also manages flows, schedules, webhooks and keys. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const REQUIRED_ROLE = 'weft:requiredRole';
export const PUBLIC_ROUTE = 'weft:publicRoute';

/** The least role a handler (or every handler of a controller) needs. A handler without one needs admin. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** Open without a key: health, metrics, the flow language's JSON Schema. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export function roleAtLeast(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
