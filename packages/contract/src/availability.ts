// Availability as the lecture computes it, over the BFF's last minutes: each upstream's share of live answers, the
// naive product a page needing all of them live would get, and what shoppers actually saw. Every ratio travels
// with the counts it came from, so the BFF merges replicas by summing counts, never by averaging ratios.
import { Nullable, type Static, Type } from './schema.js';

const Share = Nullable(Type.Number({ minimum: 0, maximum: 1 }), {
  description: '0..1; null when nothing was counted',
});

/** One upstream's availability: live answers ÷ calls asked of it. */
export const UpstreamAvailability = Type.Object({
  name: Type.String(),
  calls: Type.Integer({
    minimum: 0,
    description:
      'calls asked of it: successful + failed + timeout + not permitted + rejected by the bulkhead',
  }),
  successful: Type.Integer({ minimum: 0, description: 'calls it answered live' }),
  availability: Share,
});
export type UpstreamAvailability = Static<typeof UpstreamAvailability>;

/** The shopper's page reads (GET data routes) answered in the window, by outcome. */
export const PageReads = Type.Object({
  total: Type.Integer({
    minimum: 0,
    description: 'counted reads: 2xx plus failures (5xx, 429); other 4xx are the shopper’s, not counted',
  }),
  live: Type.Integer({ minimum: 0, description: '2xx with live data' }),
  saved: Type.Integer({ minimum: 0, description: '2xx from a saved copy (Storefront-Degraded)' }),
});
export type PageReads = Static<typeof PageReads>;

/** The availability figures of one replica, or of several merged (counts summed, then divided). */
export const Availability = Type.Object({
  windowSeconds: Type.Integer({ minimum: 1 }),
  replicas: Type.Array(Type.String(), { description: 'the replicas whose counts are summed here' }),
  upstreams: Type.Array(UpstreamAvailability),
  pageUpstreams: Type.Array(Type.String(), { description: 'the factors of naivePage' }),
  naivePage: Nullable(Type.Number({ minimum: 0, maximum: 1 }), {
    description: 'product of the page upstreams’ availabilities; null when one of them had no calls',
  }),
  shopperSeen: Nullable(Type.Number({ minimum: 0, maximum: 1 }), {
    description: '(live + saved) ÷ total page reads',
  }),
  liveOnly: Nullable(Type.Number({ minimum: 0, maximum: 1 }), { description: 'live ÷ total page reads' }),
  pageReads: PageReads,
});
export type Availability = Static<typeof Availability>;
