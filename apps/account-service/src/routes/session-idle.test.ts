import { json } from '@storefront/service-kit/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_IDLE_TIMEOUT_MS } from '../app.js';
import { hashSessionToken } from '../lib/session-token.js';
import { currentSession, signIn, signUp, startAccountApp } from '../testing/helpers.js';
import { SESSION_TOUCH_AFTER_MS } from './sessions-routes.js';

const PASSWORD = 'analytical-engine';
const MINUTE = 60_000;
const apps: Array<Awaited<ReturnType<typeof startAccountApp>>> = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function signedIn(overrides: Parameters<typeof startAccountApp>[0] = {}) {
  const started = await startAccountApp(overrides);
  apps.push(started);
  await signUp(started.app, { email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
  const response = await signIn(started.app, 'ada@example.com', PASSWORD);
  expect(response.statusCode).toBe(201);
  const { token } = json<{ session: { token: string } }>(response).session;
  return { started, token };
}

/** The session's row as stored, or undefined once deleted. */
function sessionRow(dbPath: string, token: string): { last_used_at: number } | undefined {
  const sqlite = new Database(dbPath, { readonly: true });
  try {
    return sqlite
      .prepare<[string], { last_used_at: number }>('SELECT last_used_at FROM sessions WHERE token_hash = ?')
      .get(hashSessionToken(token));
  } finally {
    sqlite.close();
  }
}

describe('session idle timeout (SESSION_IDLE_TIMEOUT_MS)', () => {
  it('defaults to 30 minutes', () => {
    expect(DEFAULT_SESSION_IDLE_TIMEOUT_MS).toBe(30 * MINUTE);
  });

  it('refuses and deletes a session unused for longer than the idle timeout', async () => {
    const { started, token } = await signedIn();
    started.clock.advance(30 * MINUTE);
    expect((await currentSession(started.app, token)).statusCode).toBe(200);
    started.clock.advance(30 * MINUTE + 1);
    const idle = await currentSession(started.app, token);
    expect(idle.statusCode).toBe(401);
    expect(json<{ error: { code: string } }>(idle).error.code).toBe('SESSION_INVALID');
    expect(sessionRow(started.dbPath, token)).toBeUndefined();
    // Deleted, not merely refused: moving the clock back does not revive it.
    expect((await currentSession(started.app, token)).statusCode).toBe(401);
  });

  it('slides with each use, writing last_used_at at most once a minute', async () => {
    const { started, token } = await signedIn();
    const signedInAt = started.clock.now();
    expect(sessionRow(started.dbPath, token)?.last_used_at).toBe(signedInAt);
    started.clock.advance(SESSION_TOUCH_AFTER_MS);
    await currentSession(started.app, token);
    // Exactly a minute: not yet written.
    expect(sessionRow(started.dbPath, token)?.last_used_at).toBe(signedInAt);
    started.clock.advance(1);
    await currentSession(started.app, token);
    expect(sessionRow(started.dbPath, token)?.last_used_at).toBe(signedInAt + SESSION_TOUCH_AFTER_MS + 1);
    // Used every 20 minutes for two hours: never idle for 30.
    for (let i = 0; i < 6; i++) {
      started.clock.advance(20 * MINUTE);
      expect((await currentSession(started.app, token)).statusCode, `after ${(i + 1) * 20} min`).toBe(200);
    }
  });

  it('keeps the absolute lifetime: a session used all along still ends at its expiry', async () => {
    const { started, token } = await signedIn({ sessionTtlMs: 90 * MINUTE });
    for (const step of [25, 25, 25]) {
      started.clock.advance(step * MINUTE);
      expect((await currentSession(started.app, token)).statusCode).toBe(200);
    }
    started.clock.advance(15 * MINUTE - 1);
    expect((await currentSession(started.app, token)).statusCode).toBe(200);
    started.clock.advance(1);
    expect((await currentSession(started.app, token)).statusCode).toBe(401);
  });

  it('takes the idle timeout from the build options', async () => {
    const { started, token } = await signedIn({ sessionIdleTimeoutMs: 5 * MINUTE });
    started.clock.advance(5 * MINUTE + 1);
    expect((await currentSession(started.app, token)).statusCode).toBe(401);
  });
});
