import type { FastifyInstance, FastifyPluginAsync, FastifyPluginOptions } from 'fastify';

/**
 * Names a plugin and, unless `encapsulate` is set, lets its hooks and decorators reach the parent
 * instance (what `fastify-plugin` does; this package does not depend on it).
 */
export function definePlugin<Options extends FastifyPluginOptions>(
  name: string,
  fn: (app: FastifyInstance, options: Options) => Promise<void>,
  { encapsulate = false }: { encapsulate?: boolean } = {},
): FastifyPluginAsync<Options> {
  const plugin: FastifyPluginAsync<Options> = async (app, options) => fn(app, options);
  Object.defineProperty(plugin, 'name', { value: name });
  const marked = plugin as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  marked[Symbol.for('fastify.display-name')] = name;
  if (!encapsulate) marked[Symbol.for('skip-override')] = true;
  return plugin;
}
