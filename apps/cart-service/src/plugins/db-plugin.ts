import { CartDb } from '../db/cart-db.js';
import { definePlugin } from '../lib/define-plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The cart database (opened and migrated). */
    db: CartDb;
  }
}

/** Options of the db plugin. */
export interface DbPluginOptions extends Record<string, unknown> {
  /** SQLite file; its folder is created when missing. */
  dbPath: string;
}

/** Opens the cart database, decorates `fastify.db` and closes it when the server closes. */
export const dbPlugin = definePlugin<DbPluginOptions>({ name: 'cart-db' }, async (fastify, opts) => {
  const db = new CartDb(opts.dbPath);
  fastify.decorate('db', db);
  fastify.addHook('onClose', async () => {
    db.close();
  });
  fastify.log.info({ dbPath: opts.dbPath, journalMode: db.journalMode() }, 'cart database opened');
});
