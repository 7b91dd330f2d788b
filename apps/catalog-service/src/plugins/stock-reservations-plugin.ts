import { definePlugin } from '@storefront/service-kit';
import { StockReservationsDb } from '../db/stock-reservations.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Stock reservations, on the catalog database's connection. */
    reservations: StockReservationsDb;
  }
}

/** Decorates `fastify.reservations`; needs the catalog database (its schema holds the table). */
export const stockReservationsPlugin = definePlugin(
  'catalog-stock-reservations',
  async (app) => {
    app.decorate('reservations', new StockReservationsDb(app.db.sqlite));
  },
  { dependencies: ['catalog-db'] },
);
