// Routes of the BFF itself: liveness and its OpenAPI document.
import { Meta } from './common.js';
import { defineRoute, type Static, Type } from './schema.js';

export const HealthAnswer = Type.Object(
  { status: Type.Literal('ok'), service: Type.String(), meta: Meta },
  { description: 'The BFF is up' },
);
export type HealthAnswer = Static<typeof HealthAnswer>;

export const getHealth = defineRoute({
  method: 'GET',
  url: '/health',
  schema: {
    description: 'Liveness of the BFF process. Upstream health is reported by /api/resilience.',
    tags: ['meta'],
    response: { 200: HealthAnswer },
  },
});

export const getOpenApi = defineRoute({
  method: 'GET',
  url: '/api/openapi.json',
  schema: {
    description: 'The OpenAPI 3 document of every BFF route, generated from the route schemas.',
    tags: ['meta'],
    response: { 200: Type.Object({}, { additionalProperties: true, description: 'OpenAPI 3 document' }) },
  },
});

/** The BFF's own routes. */
export const metaRoutes = [getHealth, getOpenApi] as const;
