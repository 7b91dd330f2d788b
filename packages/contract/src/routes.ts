// Every route of the BFF's browser API, in one list: the BFF registers each from here (a test checks that its
// routes and the list are the same), and the msw handlers' answers are checked against them.
import { accountRoutes } from './account.js';
import { cartRoutes } from './cart.js';
import { catalogRoutes } from './catalog.js';
import { checkoutModeRoutes } from './checkout-mode.js';
import { metaRoutes } from './meta.js';
import { opsRoutes } from './ops.js';
import { opsEventRoutes } from './ops-events.js';
import { opsHistoryRoutes } from './ops-history.js';
import { orderRoutes } from './orders.js';
import { processRoutes } from './processes.js';
import type { RouteDefinition } from './schema.js';
import { traceRoutes } from './traces.js';

export const API_ROUTES: readonly RouteDefinition[] = [
  ...catalogRoutes,
  ...cartRoutes,
  ...orderRoutes,
  ...accountRoutes,
  ...opsRoutes,
  ...opsEventRoutes,
  ...opsHistoryRoutes,
  ...checkoutModeRoutes,
  ...processRoutes,
  ...traceRoutes,
  ...metaRoutes,
];

/** Turns a Fastify route URL (`/api/orders/:id`) into a matcher of concrete paths. */
export function routePattern(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}$`);
}

/** The contract's route for a request, or undefined; a literal segment wins over a parameter (`/scenarios/current`). */
export function findRoute(method: string, path: string): RouteDefinition | undefined {
  const candidates = API_ROUTES.filter(
    (route) => route.method === method.toUpperCase() && routePattern(route.url).test(path),
  );
  const literalSegments = (route: RouteDefinition) =>
    route.url.split('/').filter((s) => !s.startsWith(':')).length;
  return candidates.sort((a, b) => literalSegments(b) - literalSegments(a))[0];
}
