import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A hash router: console routes live after `#` (`/#/flows/orders`), so the API serves one page at `/` and no
 * console path can ever shadow an API route.
 */
export interface Location {
  /** `/flows/orders` */
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?', 2);
  return { path: path || '/', query: new URLSearchParams(search) };
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return location;
}

/** `href` for a console path: `href('/flows/x')` → `#/flows/x`. */
export const href = (path: string) => `#${path}`;

export function navigate(path: string, { replace = false } = {}): void {
  if (replace) window.location.replace(href(path));
  else window.location.hash = path;
}

/** Path with `query` merged into the current one (undefined removes a key): for filters kept in the URL. */
export function withQuery(location: Location, changes: Record<string, string | undefined>): string {
  const query = new URLSearchParams(location.query);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') query.delete(key);
    else query.set(key, value);
  }
  const search = query.toString();
  return search ? `${location.path}?${search}` : location.path;
}

/**
 * Matches `/flows/:id/versions/:version` against a path; the parameters come back decoded, or undefined when it does
 * not match.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => rest.onClick?.(event);
  return <a {...rest} href={href(to)} onClick={onClick} />;
}
