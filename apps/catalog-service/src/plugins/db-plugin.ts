import { CatalogDb } from '../db/catalog-db.js';
import { definePlugin } from '../lib/define-plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The catalog database (opened, migrated and seeded). */
    db: CatalogDb;
  }
}

/** Options of the db plugin. */
export interface DbPluginOptions extends Record<string, unknown> {
  /** SQLite file; its folder is created when missing. */
  dbPath: string;
}

/** Opens the catalog database, decorates `fastify.db` and closes it when the server closes. */
export const dbPlugin = definePlugin<DbPluginOptions>({ name: 'catalog-db' }, async (fastify, opts) => {
  const db = new CatalogDb(opts.dbPath);
  fastify.decorate('db', db);
  fastify.addHook('onClose', async () => {
    db.close();
  });
  fastify.log.info(
    { dbPath: opts.dbPath, journalMode: db.journalMode(), seededProducts: db.seededProducts },
    db.seededProducts > 0 ? 'catalog database seeded' : 'catalog database opened',
  );
});
