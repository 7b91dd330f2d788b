import { definePlugin } from '../plugin.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Options of a plugin made by {@link sqlitePlugin}. */
export interface SqlitePluginOptions {
  /** SQLite file; its folder is created when missing. */
  dbPath: string;
}

/**
 * A plugin named `name` that opens the service's database with `open`, decorates `app.db` with it (each service
 * declares the type of `db` in its own `declare module 'fastify'`) and closes it when the app closes.
 */
export function sqlitePlugin<Db extends SqliteDatabase>(
  name: string,
  open: (dbPath: string) => Db,
  describe: (db: Db) => Record<string, unknown> = () => ({}),
) {
  return definePlugin<SqlitePluginOptions>(name, async (app, opts) => {
    const db = open(opts.dbPath);
    // Fastify checks a literal key against the service's `db` type, a subclass the kit cannot name; with both
    // key and value widened it checks nothing, and the service's augmentation still types every `app.db` read.
    const key: string = 'db';
    const value: SqliteDatabase = db;
    app.decorate(key, value);
    app.addHook('onClose', async () => db.close());
    app.log.info({ dbPath: opts.dbPath, journalMode: db.journalMode(), ...describe(db) }, 'database opened');
  });
}

/** The health check of a service database (see `healthRoutes`). */
export function databaseCheck(db: () => SqliteDatabase) {
  return { name: 'database', code: 'DB_UNAVAILABLE', run: () => db().ping() };
}
