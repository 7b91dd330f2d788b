// The choreographed checkout as the mocks play it: checkout answers 202 with a `pending` order, which becomes
// `confirmed` or `rejected` a little later. The change is applied when the order is next read, not by a timer, so
// the mocks behave the same under a test's fake timers and leave nothing running between tests.
import type { Order } from '@storefront/contract/browser';

/** What a pending order becomes. */
export type PendingOutcome = 'confirmed' | 'rejected';

/** How the mocked cart service checks out in choreographed mode. */
export interface Choreography {
  /** What a pending order becomes (default `confirmed`). */
  outcome?: PendingOutcome;
  /**
   * How long after checkout (ms) the order settles, seen at the next read (default {@link DEFAULT_SETTLE_AFTER_MS});
   * `Infinity` leaves it pending until `CartState.settle()` is called, for tests that pick the moment.
   */
  settleAfterMs?: number;
}

/** A few seconds, as the catalog's consumer takes in a running stack. */
export const DEFAULT_SETTLE_AFTER_MS = 3000;

/** The checkout modes a standalone page can pick with `?checkout=` (remembered like `?scenario=`). */
export const checkoutModeNames = ['placed', 'pending-confirmed', 'pending-rejected'] as const;
export type CheckoutModeName = (typeof checkoutModeNames)[number];

/** Tells whether a string (e.g. from `?checkout=`) names a checkout mode. */
export function isCheckoutModeName(value: unknown): value is CheckoutModeName {
  return typeof value === 'string' && (checkoutModeNames as readonly string[]).includes(value);
}

/** `placed`: the orchestrated checkout (201, the default); the others: choreographed, settling as named. */
export const checkoutModes: Readonly<Record<CheckoutModeName, Choreography | null>> = {
  placed: null,
  'pending-confirmed': { outcome: 'confirmed' },
  'pending-rejected': { outcome: 'rejected' },
};

/** The order as it stands once settled, with the reason the catalog's answer gives for a rejection. */
export function settledOrder(order: Order, outcome: PendingOutcome, at: Date = new Date()): Order {
  const short = order.lines[0];
  return {
    ...order,
    status: outcome,
    rejection:
      outcome === 'rejected'
        ? {
            code: 'INSUFFICIENT_STOCK',
            message: short
              ? `Not enough stock: ${short.name} (${short.quantity} requested) is no longer available.`
              : 'Not enough stock for this order.',
          }
        : null,
    updatedAt: at.toISOString(),
  };
}
