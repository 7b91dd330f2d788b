import { definePlugin } from '@storefront/service-kit';
import { TraceStore, type TraceStoreLimits } from '../trace-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The recent traces this process keeps (memory only: a restart forgets them). */
    traceStore: TraceStore;
  }
}

/** Options of {@link storePlugin}. */
export interface StorePluginOptions {
  limits?: Partial<TraceStoreLimits>;
  /** The store's clock (tests). */
  now?: () => number;
}

/** Decorates the app with its {@link TraceStore}. */
export const storePlugin = definePlugin<StorePluginOptions>('trace-store-store', async (app, opts) => {
  app.decorate('traceStore', new TraceStore(opts.limits, opts.now));
});
