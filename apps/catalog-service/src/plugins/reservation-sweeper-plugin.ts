import { definePlugin } from '@storefront/service-kit';
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
    let timer: NodeJS.Timeout | undefined;

    const sweep = (): void => {
      try {
        const { released, units } = app.reservations.sweepExpired();
        if (released > 0) app.log.info({ released, units }, 'reservations expired');
      } catch (error) {
        // E.g. SQLITE_BUSY past the busy timeout: the rows stay expired and the next sweep takes them.
        app.log.error({ err: error }, 'reservation sweep failed');
      }
    };

    app.addHook('onReady', async () => {
      timer = setInterval(sweep, everyMs);
      timer.unref();
      app.log.info({ everyMs, ttlMs: app.reservations.ttlMs }, 'reservation sweeper started');
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      timer = undefined;
    });
  },
  { dependencies: ['catalog-stock-reservations'] },
);
