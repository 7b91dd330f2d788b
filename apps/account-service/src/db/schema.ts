import { applySchema } from '@storefront/service-kit/sqlite';
import type { Database } from 'better-sqlite3';

/** Bumped whenever the DDL changes in a way old files must follow. */
export const SCHEMA_VERSION = 2;

// Times are epoch milliseconds (INTEGER) so that expiry checks are plain comparisons.
const DDL = `
CREATE TABLE IF NOT EXISTS users (
  id                INTEGER PRIMARY KEY,
  email             TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  password_hash     TEXT NOT NULL,
  shipping_address  TEXT NULL CHECK (shipping_address IS NULL OR json_valid(shipping_address)),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS sessions (
  token_hash  TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER NULL,
  -- Last time the session was used, for the idle timeout; written at most once a minute per session.
  last_used_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS sessions_user_idx ON sessions (user_id);
CREATE INDEX IF NOT EXISTS sessions_expires_idx ON sessions (expires_at);
`;

/**
 * Version 1 → 2: sessions gain `last_used_at`. Existing sessions count as used at the upgrade, so an upgrade
 * signs nobody out.
 */
function addLastUsedAt(db: Database): void {
  const columns = new Set(
    (db.pragma('table_info(sessions)') as Array<{ name: string }>).map((column) => column.name),
  );
  // No table yet: the DDL creates it with the column.
  if (columns.size === 0 || columns.has('last_used_at')) return;
  db.exec('ALTER TABLE sessions ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0');
  db.prepare('UPDATE sessions SET last_used_at = ?').run(Date.now());
}

/** Creates the tables when missing and upgrades older files, in one IMMEDIATE transaction; safe on every start. */
export function migrate(db: Database): void {
  if (db.pragma('user_version', { simple: true }) === SCHEMA_VERSION) return;
  db.transaction(() => {
    addLastUsedAt(db);
    // Nested: runs in a savepoint of this transaction, and sets user_version.
    applySchema(db, SCHEMA_VERSION, DDL);
  }).immediate();
}
