import { applySchema } from '@storefront/service-kit/sqlite';
import type { Database } from 'better-sqlite3';

/** Bumped whenever the DDL changes in a way old files must follow. */
export const SCHEMA_VERSION = 1;

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
  revoked_at  INTEGER NULL
);

CREATE INDEX IF NOT EXISTS sessions_user_idx ON sessions (user_id);
CREATE INDEX IF NOT EXISTS sessions_expires_idx ON sessions (expires_at);
`;

/** Creates the tables when missing; safe to run on every start. */
export function migrate(db: Database): void {
  applySchema(db, SCHEMA_VERSION, DDL);
}
