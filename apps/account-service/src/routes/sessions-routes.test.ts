import { json, signed } from '@storefront/service-kit/testing';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_TTL_MS } from '../app.js';
import { hashSessionToken } from '../lib/session-token.js';
import {
  currentSession,
  type ErrorBody,
  signIn,
  signUp,
  startAccountApp,
  type UserBody,
} from '../testing/helpers.js';

interface SessionBody {
  session: { token: string; expiresAt: string };
  user: UserBody;
}

let started: Awaited<ReturnType<typeof startAccountApp>>;
let ada: UserBody;
const PASSWORD = 'analytical-engine';

beforeAll(async () => {
  started = await startAccountApp();
  const response = await signUp(started.app, { email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
  ada = json<{ user: UserBody }>(response).user;
});

afterAll(async () => {
  await started.close();
});

async function newSession(): Promise<SessionBody> {
  const response = await signIn(started.app, 'ada@example.com', PASSWORD);
  expect(response.statusCode, response.body).toBe(201);
  return json<SessionBody>(response);
}

describe('POST /sessions (sign-in)', () => {
  it('answers 201 with a 256-bit base64url token, its expiry and the user', async () => {
    const before = started.clock.now();
    const body = await newSession();
    expect(body.user).toEqual(ada);
    expect(body.session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.session.expiresAt)).toBe(before + DEFAULT_SESSION_TTL_MS);
  });

  it('takes no Idempotency-Key: a retried sign-in is a new sign-in with its own working session', async () => {
    const headers = { 'idempotency-key': 'sign-in-retry' };
    const first = await signIn(started.app, 'ada@example.com', PASSWORD, headers);
    const again = await signIn(started.app, 'ada@example.com', PASSWORD, headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    const tokens = [first, again].map((response) => json<SessionBody>(response).session.token);
    expect(tokens[0]).not.toBe(tokens[1]);
    for (const token of tokens) expect((await currentSession(started.app, token)).statusCode).toBe(200);
  });

  it('accepts the e-mail with other case and surrounding spaces', async () => {
    const response = await signIn(started.app, '  ADA@Example.com ', PASSWORD);
    expect(response.statusCode).toBe(201);
  });

  it('answers a wrong password and an unknown e-mail with the same 401 body', async () => {
    // One request id and one trace for all three (echoed in meta.requestId and meta.traceId), so the bodies
    // compare byte for byte.
    const sameId = {
      'x-request-id': 'sign-in-probe',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    };
    const wrong = await signIn(started.app, 'ada@example.com', 'not-the-password', sameId);
    const unknown = await signIn(started.app, 'nobody@example.com', PASSWORD, sameId);
    const tooShort = await signIn(started.app, 'ada@example.com', 'x', sameId);
    for (const response of [wrong, unknown, tooShort]) {
      expect(response.statusCode).toBe(401);
      expect(json<ErrorBody>(response).error.code).toBe('INVALID_CREDENTIALS');
    }
    expect(wrong.body).toBe(unknown.body);
    expect(tooShort.body).toBe(unknown.body);
  });

  it.each([
    ['missing e-mail', { password: PASSWORD }, 'email'],
    ['missing password', { email: 'ada@example.com' }, 'password'],
    ['empty password', { email: 'ada@example.com', password: '' }, 'password'],
    ['unknown field', { email: 'ada@example.com', password: PASSWORD, remember: true }, 'remember'],
    ['e-mail not a string', { email: 42, password: PASSWORD }, 'email'],
  ])('answers 400 INVALID_REQUEST for a %s', async (_label, payload, field) => {
    const response = await started.app.inject({ ...signed({ method: 'POST', url: '/sessions' }), payload });
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error).toMatchObject({ code: 'INVALID_REQUEST', field });
  });
});

describe('GET /sessions/current', () => {
  it('answers the user and the expiry for a live session', async () => {
    const { session } = await newSession();
    const response = await currentSession(started.app, session.token);
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ user: ada, session: { expiresAt: session.expiresAt } });
  });

  it('answers 401 SESSION_INVALID once the session has expired (clock moved forward)', async () => {
    // No idle timeout here (as long as the lifetime), to see the absolute expiry alone.
    const app = await startAccountApp({ sessionIdleTimeoutMs: DEFAULT_SESSION_TTL_MS });
    try {
      await signUp(app.app, { email: 'ttl@example.com', password: PASSWORD, name: 'T' });
      const { session } = json<SessionBody>(await signIn(app.app, 'ttl@example.com', PASSWORD));
      app.clock.advance(DEFAULT_SESSION_TTL_MS - 1);
      expect((await currentSession(app.app, session.token)).statusCode).toBe(200);
      app.clock.advance(1);
      const expired = await currentSession(app.app, session.token);
      expect(expired.statusCode).toBe(401);
      expect(json<ErrorBody>(expired).error.code).toBe('SESSION_INVALID');
    } finally {
      await app.close();
    }
  });

  it('answers 401 SESSION_INVALID for an unknown, malformed or missing token', async () => {
    const unknown = await currentSession(started.app, 'A'.repeat(43));
    const malformed = await currentSession(started.app, 'not a token');
    const missing = await started.app.inject(signed({ method: 'GET', url: '/sessions/current' }));
    for (const response of [unknown, malformed, missing]) {
      expect(response.statusCode).toBe(401);
      expect(json<ErrorBody>(response).error.code).toBe('SESSION_INVALID');
    }
  });

  it('stores only the SHA-256 of the token', async () => {
    const { session } = await newSession();
    const sqlite = new Database(started.dbPath, { readonly: true });
    try {
      const rows = sqlite.prepare<[], Record<string, unknown>>('SELECT * FROM sessions').all();
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(session.token);
      expect(rows.map((row) => row.token_hash)).toContain(hashSessionToken(session.token));
    } finally {
      sqlite.close();
    }
  });
});

describe('DELETE /sessions/current (sign-out)', () => {
  it('revokes the session: 204, then the token is invalid, and a second sign-out is still 204', async () => {
    const { session } = await newSession();
    const other = await newSession();
    const headers = { authorization: `Bearer ${session.token}` };
    const first = await started.app.inject(signed({ method: 'DELETE', url: '/sessions/current', headers }));
    expect(first.statusCode).toBe(204);
    expect(first.body).toBe('');
    const after = await currentSession(started.app, session.token);
    expect(after.statusCode).toBe(401);
    expect(json<ErrorBody>(after).error.code).toBe('SESSION_INVALID');
    const second = await started.app.inject(signed({ method: 'DELETE', url: '/sessions/current', headers }));
    expect(second.statusCode).toBe(204);
    // Only that session is revoked.
    expect((await currentSession(started.app, other.session.token)).statusCode).toBe(200);
  });

  it('answers 204 for an unknown or missing token', async () => {
    const unknown = await started.app.inject(
      signed({
        method: 'DELETE',
        url: '/sessions/current',
        headers: { authorization: `Bearer ${'B'.repeat(43)}` },
      }),
    );
    const missing = await started.app.inject(signed({ method: 'DELETE', url: '/sessions/current' }));
    expect([unknown.statusCode, missing.statusCode]).toEqual([204, 204]);
  });
});

it('uses SESSION_TTL_MS from the build options', async () => {
  const short = await startAccountApp({ sessionTtlMs: 60_000 });
  try {
    await signUp(short.app, { email: 'ttl@example.com', password: 'password-ttl', name: 'T' });
    const body = json<SessionBody>(await signIn(short.app, 'ttl@example.com', 'password-ttl'));
    expect(Date.parse(body.session.expiresAt)).toBe(short.clock.now() + 60_000);
    short.clock.advance(60_000);
    expect((await currentSession(short.app, body.session.token)).statusCode).toBe(401);
  } finally {
    await short.close();
  }
});
