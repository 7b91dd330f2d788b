// Each service owns its own SQLite file; this is how every one of them opens it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** Options of {@link openSqlite}. */
export interface OpenSqliteOptions {
  /** Runs before migrating (e.g. to register SQL functions the schema uses). */
  setup?: (sqlite: Database.Database) => void;
  /** Creates or upgrades the schema; see {@link applySchema}. */
  migrate: (sqlite: Database.Database) => void;
}

/**
 * Opens the database at `path` (creating its folder and file when missing) in WAL mode with foreign keys on,
 * and migrates it. A failure closes the connection before it is thrown.
 */
export function openSqlite(path: string, opts: OpenSqliteOptions): Database.Database {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable enough with WAL: only the last transactions can be lost on power failure.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    opts.setup?.(sqlite);
    opts.migrate(sqlite);
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** Creates the tables of `ddl` when the file is older than `version` (PRAGMA user_version); safe on every start. */
export function applySchema(sqlite: Database.Database, version: number, ddl: string): void {
  const current = sqlite.pragma('user_version', { simple: true });
  if (current === version) return;
  sqlite
    .transaction(() => {
      sqlite.exec(ddl);
      sqlite.pragma(`user_version = ${version}`);
    })
    .immediate();
}

/** What every service database offers beside its own queries: the raw connection, a ping, and close. */
export class SqliteDatabase {
  /** The underlying connection, for the few callers that need raw access (health checks, tests). */
  readonly sqlite: Database.Database;
  private readonly pingStatement: Database.Statement<[], number>;

  constructor(path: string, opts: OpenSqliteOptions) {
    this.sqlite = openSqlite(path, opts);
    this.pingStatement = this.sqlite.prepare<[], number>('SELECT 1').pluck();
  }

  /** Throws when the database does not answer (`GET /health`). */
  ping(): void {
    this.pingStatement.get();
  }

  /** `wal` once opened; logged at start. */
  journalMode(): string {
    return String(this.sqlite.pragma('journal_mode', { simple: true }));
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}

/**
 * The default database file of a service: `.data/<service>/<file>` at the repository root, found from the module
 * that asks (`dist/server.js`, or `src/server.ts` under tsx: three levels below the root either way).
 */
export function defaultDbPath(moduleUrl: string, service: string, file: string): string {
  return fileURLToPath(new URL(`../../../.data/${service}/${file}`, moduleUrl));
}
