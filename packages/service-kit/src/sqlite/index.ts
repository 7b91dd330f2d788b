// SQLite for the services that own a database (a separate entry: processes without one never load better-sqlite3).
export {
  applySchema,
  defaultDbPath,
  type OpenSqliteOptions,
  openSqlite,
  SqliteDatabase,
} from './sqlite-database.js';
export { databaseCheck, type SqlitePluginOptions, sqlitePlugin } from './sqlite-plugin.js';
