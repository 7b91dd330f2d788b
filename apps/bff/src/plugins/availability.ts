import {
  DEGRADED_HEADER,
  getCart,
  getMe,
  getOrder,
  getProduct,
  getProfile,
  listCategories,
  listOrders,
  listProducts,
} from '@storefront/contract';
import { definePlugin } from '@storefront/service-kit';
import { AvailabilityMeter, pageReadOutcome } from '../ops/availability-meter.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This replica's availability counts over the last minutes (docs/observability.md, "Availability"). */
    availability: AvailabilityMeter;
  }
}

export interface AvailabilityPluginOptions {
  /** `BFF_REPLICA_ID` (default `bff`, as elsewhere). */
  replicaId?: string;
  /** Window length (default 300 s) and clock (tests). */
  seconds?: number;
  now?: () => number;
}

/**
 * The data a shopper's pages read. Not counted: images (a page's thumbnails would outweigh its data), the sign-in
 * page's account status probe, writes, and everything ops, health or metrics.
 */
export const PAGE_READ_ROUTES: ReadonlySet<string> = new Set(
  [listProducts, getProduct, listCategories, getCart, getMe, getProfile, listOrders, getOrder].map(
    (route) => route.url,
  ),
);

/**
 * `app.availability`: every upstream's calls (heard from its events) and every answered page read (an onResponse
 * hook: by status and the Storefront-Degraded header). Needs the resilience plugin first; counts the routes
 * registered after it.
 */
export const availabilityPlugin = definePlugin<AvailabilityPluginOptions>(
  'availability',
  async (app, options) => {
    const meter = new AvailabilityMeter({
      replica: options.replicaId ?? 'bff',
      upstreams: app.resilience.list(),
      seconds: options.seconds,
      now: options.now,
    });
    app.decorate('availability', meter);
    app.addHook('onResponse', async (request, reply) => {
      if (request.method !== 'GET' || !PAGE_READ_ROUTES.has(request.routeOptions.url ?? '')) return;
      const outcome = pageReadOutcome(reply.statusCode, reply.getHeader(DEGRADED_HEADER) !== undefined);
      if (outcome) meter.recordPageRead(outcome);
    });
    app.addHook('onClose', async () => meter.close());
  },
  { dependencies: ['resilience'] },
);
