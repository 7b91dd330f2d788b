import type { FastifyPluginAsync } from 'fastify';

type Marked<Options extends Record<string, unknown>> = FastifyPluginAsync<Options> & Record<symbol, unknown>;

/**
 * Names a plugin and lets its decorators and hooks reach the parent instance. These are the well-known symbols
 * `fastify-plugin` sets; we set them ourselves because that package is not a declared dependency here.
 */
export function sharedPlugin<Options extends Record<string, unknown>>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  const marked = plugin as Marked<Options>;
  marked[Symbol.for('skip-override')] = true;
  marked[Symbol.for('fastify.display-name')] = name;
  marked[Symbol.for('plugin-meta')] = { name };
  return marked;
}

/** Names a plugin that stays encapsulated (route plugins). */
export function routesPlugin<Options extends Record<string, unknown>>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  const marked = plugin as Marked<Options>;
  marked[Symbol.for('fastify.display-name')] = name;
  marked[Symbol.for('plugin-meta')] = { name };
  return marked;
}
