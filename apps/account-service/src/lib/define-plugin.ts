import type { FastifyPluginAsync } from 'fastify';

/** Metadata Fastify reads from a plugin function (the contract `fastify-plugin` also uses). */
export interface PluginMeta {
  /** Name shown in errors and checked by `dependencies`. */
  name: string;
  /** Plugins that must be registered before this one. */
  dependencies?: string[];
}

/**
 * Names a plugin and skips encapsulation so its decorators and hooks reach the parent instance.
 * `fastify-plugin` is not a declared dependency, so the well-known symbols are set here directly.
 */
export function definePlugin<Options extends Record<string, unknown> = Record<never, never>>(
  meta: PluginMeta,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  const marked = plugin as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  marked[Symbol.for('skip-override')] = true;
  marked[Symbol.for('fastify.display-name')] = meta.name;
  marked[Symbol.for('plugin-meta')] = meta;
  return marked;
}

/** Names a route plugin and keeps it encapsulated (routes decorate nothing). */
export function nameRoutes<Options extends Record<string, unknown> = Record<never, never>>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  const marked = plugin as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  marked[Symbol.for('fastify.display-name')] = name;
  marked[Symbol.for('plugin-meta')] = { name };
  return marked;
}
