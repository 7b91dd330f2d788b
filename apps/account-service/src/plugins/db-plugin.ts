import { AccountDb } from '../db/account-db.js';
import { definePlugin } from '../lib/define-plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The account database (opened and migrated). */
    db: AccountDb;
  }
}

/** Options of the db plugin. */
export interface DbPluginOptions extends Record<string, unknown> {
  /** SQLite file; its folder is created when missing. */
  dbPath: string;
}

/** Opens the account database, decorates `fastify.db` and closes it with the server. */
export const dbPlugin = definePlugin<DbPluginOptions>({ name: 'account-db' }, async (fastify, opts) => {
  const db = new AccountDb(opts.dbPath);
  fastify.decorate('db', db);
  fastify.addHook('onClose', async () => {
    db.close();
  });
  fastify.log.info({ dbPath: opts.dbPath, journalMode: db.journalMode() }, 'account database opened');
});
