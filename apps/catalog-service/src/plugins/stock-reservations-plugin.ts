import { definePlugin } from '@storefront/service-kit';
import { StockReservationsDb } from '../db/stock-reservations.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Stock reservations, on the catalog database's connection. */
    reservations: StockReservationsDb;
  }
}

/** Options of {@link stockReservationsPlugin}. */
export interface StockReservationsPluginOptions {
  /** How long a new reservation holds stock (default 2 minutes). */
  ttlMs?: number;
  /** The time of every reservation change (tests pass a fake clock); the wall clock by default. */
  clock?: () => Date;
}

/** Decorates `fastify.reservations`; needs the catalog database (its schema holds the table). */
export const stockReservationsPlugin = definePlugin<StockReservationsPluginOptions>(
  'catalog-stock-reservations',
  async (app, opts) => {
    app.decorate(
      'reservations',
      new StockReservationsDb(app.db.sqlite, { ttlMs: opts.ttlMs, clock: opts.clock }),
    );
  },
  { dependencies: ['catalog-db'] },
);
