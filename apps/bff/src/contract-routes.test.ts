import { API_ROUTES, type RouteDefinition } from '@storefront/contract';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildOfflineBff, DEAD_URL } from './test-support/offline-bff.js';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Builds the BFF in demo mode (every route exists) and records each route as Fastify registers it. */
async function registeredRoutes(): Promise<{ app: FastifyInstance; routes: RouteOptions[] }> {
  const built = buildOfflineBff({ demoMode: true, faultProxyControlUrl: DEAD_URL });
  app = built;
  const routes: RouteOptions[] = [];
  // Added before ready(): every plugin (and so every route) loads after this hook.
  built.addHook('onRoute', (route) => {
    routes.push(route);
  });
  await built.ready();
  return { app: built, routes };
}

const methodsOf = (route: RouteOptions): string[] => [route.method].flat().map((m) => m.toUpperCase());
const isContractPath = (url: string): boolean => url === '/health' || url.startsWith('/api/');
const keyOf = (definition: RouteDefinition): string => `${definition.method} ${definition.url}`;

describe('the BFF and the contract', () => {
  it('registers every /api and /health route with the very schema object of its contract definition', async () => {
    const { routes } = await registeredRoutes();
    const contract = new Map(API_ROUTES.map((definition) => [keyOf(definition), definition]));
    const checked = routes.filter((route) => isContractPath(route.url) && !methodsOf(route).includes('HEAD'));
    expect(checked.length).toBeGreaterThan(0);
    for (const route of checked) {
      for (const method of methodsOf(route)) {
        const definition = contract.get(`${method} ${route.url}`);
        expect(definition, `${method} ${route.url} has no contract definition`).toBeDefined();
        // Identity, not deep equality: the route was registered from the definition, not from a copy of it.
        expect(route.schema === definition?.schema, `${method} ${route.url} schema`).toBe(true);
      }
    }
  });

  it('registers every route of API_ROUTES', async () => {
    const { routes } = await registeredRoutes();
    const registered = new Set(routes.flatMap((route) => methodsOf(route).map((m) => `${m} ${route.url}`)));
    const missing = API_ROUTES.map(keyOf).filter((key) => !registered.has(key));
    expect(missing).toEqual([]);
  });

  it('publishes a path and method in /api/openapi.json for every contract route', async () => {
    const { app } = await registeredRoutes();
    const response = await app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const paths = response.json().paths as Record<string, Record<string, unknown>>;
    const missing = API_ROUTES.filter((definition) => {
      // OpenAPI writes `/api/orders/{id}` where Fastify writes `/api/orders/:id`.
      const path = definition.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      return paths[path]?.[definition.method.toLowerCase()] === undefined;
    }).map(keyOf);
    expect(missing).toEqual([]);
  });
});
