// Checks a body against the contract: the mocks' answers in their tests, anything a test wants to hold to it.
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { findRoute } from './routes.js';
import type { NonJsonResponse, RouteDefinition } from './schema.js';

function isJsonSchema(schema: TSchema | NonJsonResponse | undefined): schema is TSchema {
  return schema !== undefined && !('content' in schema);
}

/** Problems of `value` against `schema`, as `<path> <message>` lines; empty when it fits. */
export function problemsOf(schema: TSchema, value: unknown): string[] {
  return [...Value.Errors(schema, value)].map((error) => `${error.instancePath || '/'} ${error.message}`);
}

/**
 * Problems of an answer to `method path` with `status` against the contract; a route or status the contract does
 * not list is a problem too. Non-JSON answers (images, event streams) have no body schema and always fit.
 */
export function answerProblems(method: string, path: string, status: number, body: unknown): string[] {
  const route: RouteDefinition | undefined = findRoute(method, path);
  if (!route) return [`${method} ${path} is not a route of the contract`];
  const schema = route.schema.response[status];
  if (schema === undefined) return [`${method} ${route.url} has no ${status} answer in the contract`];
  return isJsonSchema(schema) ? problemsOf(schema, body) : [];
}
