import { StockReservationsDb } from '../db/stock-reservations.js';
import { definePlugin } from '../lib/define-plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Stock reservations, on the catalog database's connection. */
    reservations: StockReservationsDb;
  }
}

/** Decorates `fastify.reservations`; needs the catalog database (its schema holds the table). */
export const stockReservationsPlugin = definePlugin(
  { name: 'catalog-stock-reservations', dependencies: ['catalog-db'] },
  async (fastify) => {
    fastify.decorate('reservations', new StockReservationsDb(fastify.db.sqlite));
  },
);
