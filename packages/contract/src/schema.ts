// Small builders over TypeBox so that every schema of the contract is plain JSON Schema of the shapes the BFF
// already served (same validation, same serialisation, same OpenAPI), with its TypeScript type beside it.
import Type, { type Static, type TSchema } from 'typebox';

export { type Static, type TSchema, Type };

/** A string that is one of `values` (`{ type: "string", enum }`, as OpenAPI readers expect). */
export function StringEnum<const Values extends readonly string[]>(
  values: Values,
  options: { default?: Values[number]; description?: string } = {},
) {
  return Type.Unsafe<Values[number]>({ type: 'string', enum: [...values], ...options });
}

/** `schema` or null, written as a type list (`type: ["object", "null"]`) rather than `anyOf`. */
export function Nullable<T extends TSchema & { type: string }>(
  schema: T,
  options: { description?: string } = {},
) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'], ...options });
}

/** HTTP methods the BFF answers. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An answer that is not JSON (an SVG, an event stream): described for OpenAPI, not validated. */
export interface NonJsonResponse {
  description: string;
  content: Record<string, { schema: TSchema }>;
}

/** The bytes of a non-JSON answer sent as they are (e.g. an SVG read from a service). */
export const Binary = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' });

/** The schema part of a route, as Fastify and @fastify/swagger read it. */
export interface RouteSchema {
  description: string;
  tags: readonly string[];
  querystring?: TSchema;
  params?: TSchema;
  headers?: TSchema;
  body?: TSchema;
  response: Readonly<Record<number, TSchema | NonJsonResponse>>;
}

/** One route of the BFF's browser API: method, URL (Fastify syntax) and schema. */
export interface RouteDefinition {
  method: HttpMethod;
  url: string;
  schema: RouteSchema;
}

/** Declares a route, keeping its literal types so that handlers are checked against its schemas. */
export function defineRoute<const Route extends RouteDefinition>(route: Route): Route {
  return route;
}

/** The TypeScript type of a route's answer for one status (e.g. `AnswerOf<typeof getCart, 200>`). */
export type AnswerOf<
  Route extends RouteDefinition,
  Status extends keyof Route['schema']['response'],
> = Route['schema']['response'][Status] extends TSchema
  ? Static<Route['schema']['response'][Status]>
  : string;

/** The TypeScript type of a route's body. */
export type BodyOf<Route extends RouteDefinition> = Route['schema']['body'] extends TSchema
  ? Static<Route['schema']['body']>
  : never;
