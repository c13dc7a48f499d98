import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { PUBLIC_ROUTE, REQUIRED_ROLE, type Role } from '../../apps/api/src/auth/roles';

export interface AppRoute {
  method: string;
  /** As Express matches it: `/runs/:runId`. */
  path: string;
  handler: string;
  /** What the handler (or its controller) declares: a role, `public`, or nothing (the guard then needs admin). */
  access: Role | 'public' | undefined;
}

/** Every route of the Nest app with what it declares about access, read from the controllers' own metadata. */
export function appRoutes(app: INestApplication): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prefixes = paths(Reflect.getMetadata(PATH_METADATA, controller));
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const declared = (key: string): unknown =>
          Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        const access = declared(PUBLIC_ROUTE) ? 'public' : (declared(REQUIRED_ROLE) as Role | undefined);
        for (const prefix of prefixes) {
          for (const path of paths(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({
              method: RequestMethod[method],
              path: `/${[prefix, path]
                .map((p) => p.replace(/^\/|\/$/g, ''))
                .filter(Boolean)
                .join('/')}`,
              handler: `${controller.name}.${name}`,
              access,
            });
          }
        }
      }
    }
  }
  return routes;
}

function paths(metadata: unknown): string[] {
  if (metadata === undefined) return [''];
  return Array.isArray(metadata) ? (metadata as string[]) : [String(metadata)];
}

/** The route's path with each parameter filled in, so a request reaches it. */
export function concretePath(path: string): string {
  return path.replace(/:(\w+)/g, (_, name: string) => (/version/i.test(name) ? '1' : `x-${name}`));
}
