// Values of the contract that browser code needs at run time. No TypeBox here: this module is bundled into the
// remotes and the shell (through `@storefront/contract/browser`), and must stay a few hundred bytes.

/** Slug of a product or category: lower-case words joined by single dashes. */
export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

/** Breaker states, as `/api/resilience`, the ops stream and the 503 body name them. */
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** Why a read was answered from the saved copy (or not at all). */
export const DEGRADED_REASONS = ['circuit-open', 'timeout', 'upstream-error'] as const;
export type DegradedReason = (typeof DEGRADED_REASONS)[number];

/** Sort orders of `GET /api/catalog/products` (the first is the default). */
export const PRODUCT_SORTS = ['name-asc', 'name-desc', 'price-asc', 'price-desc', 'newest'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** Largest page of `GET /api/catalog/products`. */
export const MAX_PAGE_SIZE = 48;

/** Largest quantity of one cart line. */
export const MAX_LINE_QUANTITY = 99;

/** Response header naming a degraded answer: `Storefront-Degraded: <service>; reason=<reason>`. */
export const DEGRADED_HEADER = 'Storefront-Degraded';

/** Request header of idempotent writes. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Response header marking a replayed answer of an idempotent write. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** Request and response header carrying the request id. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** How checkouts run: `orchestrated` by the BFF's saga, or `choreographed` by events between the services. */
export const CHECKOUT_MODES = ['orchestrated', 'choreographed'] as const;
export type CheckoutMode = (typeof CHECKOUT_MODES)[number];

/**
 * Where an order stands: `placed` by the orchestrated checkout (stock taken before the order existed); `pending`
 * in the choreographed one until the catalog's answer arrives as an event, then `confirmed` or `rejected`.
 */
export const ORDER_STATUSES = ['placed', 'pending', 'confirmed', 'rejected'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The ops console's own reads (`/api/ops/...`, `/api/resilience`): polled every few seconds while `/ops` is open,
 * so the shell host and the BFF leave them out of traces and request logs that are about shoppers.
 */
export function isConsoleRead(path: string): boolean {
  return path.startsWith('/api/ops/') || path === '/api/resilience';
}
