import type { FastifyInstance, FastifyPluginAsync, FastifyPluginOptions } from 'fastify';
import fp from 'fastify-plugin';

/** Options of {@link definePlugin}. */
export interface PluginMeta {
  /** Names of plugins that must be registered before this one (checked by Fastify at start). */
  dependencies?: string[];
  /**
   * Keep the plugin's hooks and decorators to itself. Route plugins are encapsulated; plugins that decorate
   * the instance or add hooks for the whole app are not (the default).
   */
  encapsulate?: boolean;
}

/**
 * Defines a named Fastify plugin with `fastify-plugin`: the name shows in errors and in `dependencies` checks,
 * and (unless `encapsulate`) its decorators and hooks reach the instance it is registered on.
 */
export function definePlugin<Options extends FastifyPluginOptions = Record<never, never>>(
  name: string,
  fn: (app: FastifyInstance, options: Options) => Promise<void>,
  meta: PluginMeta = {},
): FastifyPluginAsync<Options> {
  const plugin: FastifyPluginAsync<Options> = async (app, options) => fn(app, options);
  return fp(plugin, {
    name,
    fastify: '5.x',
    encapsulate: meta.encapsulate ?? false,
    ...(meta.dependencies ? { dependencies: meta.dependencies } : {}),
  });
}
