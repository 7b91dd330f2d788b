import { tempDbPath } from '@storefront/service-kit/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountDb } from './account-db.js';
import { SCHEMA_VERSION } from './schema.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

// The sessions table as version 1 created it, before the idle timeout.
const VERSION_1 = `
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  password_hash TEXT NOT NULL, shipping_address TEXT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER NULL);
PRAGMA user_version = 1;
`;

describe('account schema', () => {
  it('upgrades a version-1 file: sessions gain last_used_at, counted as used at the upgrade', () => {
    const temp = tempDbPath('account-schema', 'account.db');
    cleanups.push(temp.cleanup);
    const old = new Database(temp.dbPath);
    old.exec(VERSION_1);
    old.prepare("INSERT INTO users VALUES (1, 'ada@example.com', 'Ada', 'scrypt$x', NULL, 0, 0)").run();
    // Created long ago, never used since: an upgrade must not sign it out.
    old.prepare("INSERT INTO sessions VALUES ('hash', 1, 0, ?, NULL)").run(Date.now() + 86_400_000);
    old.close();

    const before = Date.now();
    const db = new AccountDb(temp.dbPath);
    try {
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const session = db.useSession('hash', { now: Date.now(), idleTimeoutMs: 60_000, touchAfterMs: 60_000 });
      expect(session?.user.email).toBe('ada@example.com');
      const row = db.sqlite
        .prepare<[], { lastUsedAt: number }>('SELECT last_used_at AS lastUsedAt FROM sessions')
        .get();
      expect(row?.lastUsedAt).toBeGreaterThanOrEqual(before);
    } finally {
      db.close();
    }
  });
});
