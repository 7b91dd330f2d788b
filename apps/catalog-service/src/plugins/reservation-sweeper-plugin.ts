import { definePlugin, repeatInBackground } from '@storefront/service-kit';
import { RESERVATION_SWEEP_EVERY } from '../lib/reservation-settings.js';

/** Options of {@link reservationSweeperPlugin}. */
export interface ReservationSweeperOptions {
  /** Time between two sweeps (default 5 s). */
  everyMs?: number;
}

/**
 * Returns the stock of expired reservations (a checkout that died between reserving and committing or
 * releasing): every `everyMs` once the app is ready, until it closes. The timer is unref'd, so it never keeps
 * the process alive; a failed sweep is logged and the next one tries again.
 */
export const reservationSweeperPlugin = definePlugin<ReservationSweeperOptions>(
  'catalog-reservation-sweeper',
  async (app, opts) => {
    const everyMs = opts.everyMs ?? RESERVATION_SWEEP_EVERY.fallback;
    repeatInBackground(app, {
      name: 'reservation sweep',
      everyMs,
      run: () => {
        const { released, units } = app.reservations.sweepExpired();
        if (released > 0) app.log.info({ released, units }, 'reservations expired');
      },
    });
    app.addHook('onReady', async () => {
      app.log.info({ everyMs, ttlMs: app.reservations.ttlMs }, 'reservation sweeper started');
    });
  },
  { dependencies: ['catalog-stock-reservations'] },
);
