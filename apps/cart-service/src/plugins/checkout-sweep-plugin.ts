import { definePlugin, repeatInBackground } from '@storefront/service-kit';

/** How long a finished (`completed`, `failed`) checkout record is kept after its last change. */
export const FINISHED_CHECKOUT_TTL_MS = 24 * 60 * 60 * 1000;

export interface CheckoutSweepOptions {
  /** How often finished records are deleted (default 60 s). */
  everyMs?: number;
}

/**
 * Deletes finished checkout records older than a day in the background (the timer never keeps the process up and
 * stops when the app closes). Unfinished records are never deleted: they may still hold a stock reservation.
 */
export const checkoutSweepPlugin = definePlugin<CheckoutSweepOptions>(
  'cart-checkout-sweep',
  async (app, options) => {
    repeatInBackground(app, {
      name: 'checkout sweep',
      everyMs: options.everyMs ?? 60_000,
      run: () => {
        const deleted = app.db.checkouts.deleteFinished(FINISHED_CHECKOUT_TTL_MS);
        if (deleted > 0) app.log.info({ deleted }, 'finished checkouts deleted');
      },
    });
  },
  { dependencies: ['cart-db'] },
);
