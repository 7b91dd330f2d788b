import { definePlugin } from '../lib/define-plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Current time in epoch milliseconds; injectable so tests can move time forward. */
    now: () => number;
    /** How long a new session lives, in milliseconds. */
    sessionTtlMs: number;
  }
}

/** Options of the clock plugin. */
export interface ClockPluginOptions extends Record<string, unknown> {
  now: () => number;
  sessionTtlMs: number;
}

/** Decorates the instance with the clock and the session lifetime. */
export const clockPlugin = definePlugin<ClockPluginOptions>(
  { name: 'account-clock' },
  async (fastify, opts) => {
    fastify.decorate('now', opts.now);
    fastify.decorate('sessionTtlMs', opts.sessionTtlMs);
  },
);
