import type { IncomingMessage } from 'node:http';

/** What Express (and routers that copy it) add to a request once a route matched. */
export type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; originalUrl?: string };

/** The schema's cap on API_CALL's `route`. */
const MAX_ROUTE_LENGTH = 500;

/** Path segments that are ids: numbers, uuids and 24-hex MongoDB ObjectIds. */
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24})$/i;

/**
 * `/users/42/orders/0b5c...` → `/users/:id/orders/:id`, so calls to one endpoint share one
 * route (and ids, which may identify people, stay out of the analytics).
 */
export function templatePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  const template = path
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? ':id' : segment))
    .join('/');
  return template.startsWith('/') ? template : `/${template}`;
}

/**
 * The route template of a finished request: the caller's own `routeOf`, else the route
 * Express matched (`baseUrl` + `route.path`), else the path with ids replaced.
 */
export function routeTemplateOf(req: RoutedRequest, routeOf?: (req: RoutedRequest) => string | null | undefined): string {
  const own = routeOf?.(req);
  const express = typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : undefined;
  const route = own || express || templatePath(req.originalUrl ?? req.url ?? '/');
  return route.slice(0, MAX_ROUTE_LENGTH);
}
