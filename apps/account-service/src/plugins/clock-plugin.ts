import { definePlugin } from '@storefront/service-kit';

declare module 'fastify' {
  interface FastifyInstance {
    /** Current time in epoch milliseconds; injectable so tests can move time forward. */
    now: () => number;
    /** How long a new session lives, in milliseconds. */
    sessionTtlMs: number;
    /** A session unused for longer than this is refused and deleted, in milliseconds. */
    sessionIdleTimeoutMs: number;
  }
}

/** Options of the clock plugin. */
export interface ClockPluginOptions {
  now: () => number;
  sessionTtlMs: number;
  sessionIdleTimeoutMs: number;
}

/** Decorates the instance with the clock and the session lifetimes. */
export const clockPlugin = definePlugin<ClockPluginOptions>('account-clock', async (app, opts) => {
  app.decorate('now', opts.now);
  app.decorate('sessionTtlMs', opts.sessionTtlMs);
  app.decorate('sessionIdleTimeoutMs', opts.sessionIdleTimeoutMs);
});
