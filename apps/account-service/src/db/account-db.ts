import { domainEvent } from '@storefront/contract/domain-events';
import { appendEvents, createOutbox, SqliteDatabase } from '@storefront/service-kit/sqlite';
import Database from 'better-sqlite3';
import { migrate } from './schema.js';
import type { ActiveSession, Profile, ShippingAddress, User, UserWithHash } from './types.js';

interface UserRow {
  id: number;
  email: string;
  name: string;
  passwordHash: string;
  shippingAddress: string | null;
}

interface SessionRow {
  id: number;
  email: string;
  name: string;
  expiresAt: number;
  lastUsedAt: number;
}

interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  now: number;
}

interface ProfileUpdateRow {
  userId: number;
  name: string;
  address: string | null;
  now: number;
}

interface NewSession {
  tokenHash: string;
  userId: number;
  now: number;
  expiresAt: number;
}

/** How {@link AccountDb.useSession} judges a session: at `now`, idle for at most `idleTimeoutMs`. */
export interface SessionUse {
  now: number;
  idleTimeoutMs: number;
  /** `last_used_at` is written only when it is older than this, so a busy session is not a write per request. */
  touchAfterMs: number;
}

/** Thrown by {@link AccountDb.createUser} when the e-mail is already registered. */
export class EmailTakenError extends Error {
  constructor() {
    super('e-mail already registered');
    this.name = 'EmailTakenError';
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toUser(row: { id: number; email: string; name: string }): User {
  return { id: row.id, email: row.email, name: row.name };
}

function toProfile(row: UserRow): Profile {
  return {
    userId: row.id,
    email: row.email,
    name: row.name,
    shippingAddress:
      row.shippingAddress === null ? null : (JSON.parse(row.shippingAddress) as ShippingAddress),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const USER_COLUMNS = 'id, email, name, password_hash AS passwordHash, shipping_address AS shippingAddress';

/** The account database: users, hashed session tokens and profiles, in WAL mode with prepared statements. */
export class AccountDb extends SqliteDatabase {
  private readonly insertUser: Database.Statement<[NewUser]>;
  private readonly userByEmail: Database.Statement<[string], UserRow>;
  private readonly userById: Database.Statement<[number], UserRow>;
  private readonly insertSession: Database.Statement<[NewSession]>;
  private readonly pruneSessions: Database.Statement<[number]>;
  private readonly activeSession: Database.Statement<[string], SessionRow>;
  private readonly deleteSession: Database.Statement<[string]>;
  private readonly touchSession: Database.Statement<[number, string]>;
  private readonly updatePasswordHash: Database.Statement<[string, number, number]>;
  private readonly revoke: Database.Statement<[number, string]>;
  private readonly updateProfileStatement: Database.Statement<[ProfileUpdateRow]>;

  /** Opens (creating folder and file when needed) and migrates the database at `path`. */
  constructor(path: string) {
    super(path, { migrate });
    const { sqlite } = this;
    // The account's domain events (UserRegistered), written with each change (docs/domain.md).
    createOutbox(sqlite);
    this.insertUser = sqlite.prepare(
      `INSERT INTO users (email, name, password_hash, shipping_address, created_at, updated_at)
       VALUES (@email, @name, @passwordHash, NULL, @now, @now)`,
    );
    this.userByEmail = sqlite.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`);
    this.userById = sqlite.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
    this.insertSession = sqlite.prepare(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked_at, last_used_at)
       VALUES (@tokenHash, @userId, @now, @expiresAt, NULL, @now)`,
    );
    this.pruneSessions = sqlite.prepare('DELETE FROM sessions WHERE expires_at <= ?');
    this.activeSession = sqlite.prepare(
      `SELECT u.id, u.email, u.name, s.expires_at AS expiresAt, s.last_used_at AS lastUsedAt
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ? AND s.revoked_at IS NULL`,
    );
    this.deleteSession = sqlite.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.touchSession = sqlite.prepare('UPDATE sessions SET last_used_at = ? WHERE token_hash = ?');
    this.updatePasswordHash = sqlite.prepare(
      'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?',
    );
    this.revoke = sqlite.prepare(
      'UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL',
    );
    this.updateProfileStatement = sqlite.prepare(
      'UPDATE users SET name = @name, shipping_address = @address, updated_at = @now WHERE id = @userId',
    );
  }

  /**
   * Inserts a user and publishes `UserRegistered` (its id only: no e-mail or name leaves this database in an
   * event) in one transaction; throws {@link EmailTakenError} when the (normalised) e-mail exists.
   */
  createUser(input: NewUser): User {
    try {
      return this.sqlite
        .transaction((): User => {
          const id = Number(this.insertUser.run(input).lastInsertRowid);
          appendEvents(this.sqlite, [
            { ...domainEvent('UserRegistered', { userId: id }, String(id)), occurredAt: iso(input.now) },
          ]);
          return { id, email: input.email, name: input.name };
        })
        .immediate();
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError();
      throw error;
    }
  }

  /** The user with this normalised e-mail, with its password hash. */
  findUserForSignIn(email: string): UserWithHash | undefined {
    const row = this.userByEmail.get(email);
    return row ? { ...toUser(row), passwordHash: row.passwordHash } : undefined;
  }

  /** The stored password hash of a user (tests read it to check the format). */
  passwordHashOf(userId: number): string | undefined {
    return this.userById.get(userId)?.passwordHash;
  }

  /** Stores a new session by its token hash; expired sessions are pruned in the same transaction. */
  createSession(input: NewSession): void {
    this.sqlite.transaction(() => {
      this.pruneSessions.run(input.now);
      this.insertSession.run(input);
    })();
  }

  /**
   * The session with this token hash if it exists, is not revoked, has not expired and was used within the idle
   * timeout at `use.now`; using it slides the idle timeout (the absolute expiry stays). An expired or idle
   * session is deleted.
   */
  useSession(tokenHash: string, use: SessionUse): ActiveSession | undefined {
    const row = this.activeSession.get(tokenHash);
    if (!row) return undefined;
    if (row.expiresAt <= use.now || use.now - row.lastUsedAt > use.idleTimeoutMs) {
      this.deleteSession.run(tokenHash);
      return undefined;
    }
    if (use.now - row.lastUsedAt > use.touchAfterMs) this.touchSession.run(use.now, tokenHash);
    return { user: toUser(row), expiresAt: row.expiresAt };
  }

  /** Replaces a user's password hash (a re-hash at today's cost after a successful sign-in). */
  setPasswordHash(userId: number, passwordHash: string, now: number): void {
    this.updatePasswordHash.run(passwordHash, now, userId);
  }

  /** Marks the session revoked; revoking an unknown or already revoked session does nothing. */
  revokeSession(tokenHash: string, now: number): void {
    this.revoke.run(now, tokenHash);
  }

  /** The profile of a user, if the user exists. */
  findProfile(userId: number): Profile | undefined {
    const row = this.userById.get(userId);
    return row ? toProfile(row) : undefined;
  }

  /** Replaces name and shipping address; undefined when the user does not exist. */
  updateProfile(
    userId: number,
    update: { name: string; shippingAddress: ShippingAddress | null },
    now: number,
  ): Profile | undefined {
    const address = update.shippingAddress === null ? null : JSON.stringify(update.shippingAddress);
    const result = this.updateProfileStatement.run({ userId, name: update.name, address, now });
    return result.changes === 0 ? undefined : this.findProfile(userId);
  }
}
