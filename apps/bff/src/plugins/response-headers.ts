import { definePlugin } from '@storefront/service-kit';

/** Options of {@link responseHeadersPlugin}. */
export interface ResponseHeadersOptions {
  /** The answers of this scope are a shopper's own (cart, orders, session, profile): never stored by a cache. */
  personal?: boolean;
}

/**
 * Headers every answer of the BFF gets unless a route set its own: `X-Content-Type-Options: nosniff` (a JSON
 * answer is never sniffed into a script or a page) and, on personal answers, `Cache-Control: no-store` (no
 * shared or browser cache keeps another shopper's cart or e-mail). Registered once for the app, and once with
 * `personal` in the shopper scope.
 */
export const responseHeadersPlugin = definePlugin<ResponseHeadersOptions>(
  'response-headers',
  async (app, opts) => {
    app.addHook('onSend', async (_request, reply, payload) => {
      if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
      if (opts.personal && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });
  },
);
