import type { FastifyPluginAsync } from 'fastify';

/** Metadata Fastify reads from a plugin function (the same contract `fastify-plugin` uses). */
export interface PluginMeta {
  /** Name shown in errors and used by `dependencies` checks. */
  name: string;
  /** Names of plugins that must be registered before this one. */
  dependencies?: string[];
  /** Decorators this plugin expects to find on the instance. */
  decorators?: { fastify?: string[]; request?: string[]; reply?: string[] };
}

/**
 * Marks a plugin as named and non-encapsulated, so its decorators and hooks reach the parent instance.
 * `fastify-plugin` is only present transitively here, so we set the same well-known symbols ourselves
 * instead of relying on an undeclared dependency.
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

/** Names a plugin but keeps it encapsulated (used for route plugins, which decorate nothing). */
export function nameRoutes<Options extends Record<string, unknown> = Record<never, never>>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  const marked = plugin as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  marked[Symbol.for('fastify.display-name')] = name;
  marked[Symbol.for('plugin-meta')] = { name };
  return marked;
}
