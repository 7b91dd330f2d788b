import { ApiError, definePlugin } from '@storefront/service-kit';
import type { ErrorCode } from '../lib/error-codes.js';
import { normalizeEmail } from '../lib/normalize.js';
import { bearerToken, hashSessionToken, newSessionToken } from '../lib/session-token.js';
import { signInBodySchema } from './schemas.js';

interface SignInBody {
  email: string;
  password: string;
}

function invalidCredentials(): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(401, 'INVALID_CREDENTIALS', 'E-mail or password is incorrect.');
}

/** A session's `last_used_at` is written when older than this: the idle timeout slides without a write per request. */
export const SESSION_TOUCH_AFTER_MS = 60_000;

function sessionInvalid(): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(401, 'SESSION_INVALID', 'Session is unknown, expired, idle or revoked.');
}

/**
 * `POST /sessions` (sign-in), `GET /sessions/current` and `DELETE /sessions/current` (sign-out).
 *
 * Neither write takes an `Idempotency-Key` (the header is ignored), because a ledger would add nothing:
 * - sign-in is repeatable by nature: each call makes a new session, and a retry after a lost answer simply gets
 *   another one (the lost one is never seen by anyone, only its hash is stored, and it expires). Replaying the
 *   answer would mean storing its token, a secret, or answering without it, which signs nobody in;
 * - sign-out is idempotent by nature: revoking a revoked or unknown session changes nothing and answers 204.
 */
export const sessionsRoutes = definePlugin(
  'account-sessions-routes',
  async (app) => {
    app.post<{ Body: SignInBody }>(
      '/sessions',
      { schema: { body: signInBodySchema } },
      async (request, reply) => {
        const user = app.db.findUserForSignIn(normalizeEmail(request.body.email));
        // Unknown e-mail: spend the same scrypt time on a dummy hash, then fail exactly like a wrong password.
        const stored = user?.passwordHash ?? (await app.passwords.dummyHash());
        const matches = await app.passwords.verify(request.body.password, stored);
        if (!user || !matches) throw invalidCredentials();
        // A hash of older (or other) parameters is replaced while the password is at hand: the only moment it is.
        if (app.passwords.needsRehash(stored)) {
          app.db.setPasswordHash(user.id, await app.passwords.hash(request.body.password), app.now());
        }

        const token = newSessionToken();
        const now = app.now();
        const expiresAt = now + app.sessionTtlMs;
        app.db.createSession({ tokenHash: hashSessionToken(token), userId: user.id, now, expiresAt });
        return reply.code(201).send({
          session: { token, expiresAt: new Date(expiresAt).toISOString() },
          user: { id: user.id, email: user.email, name: user.name },
        });
      },
    );

    app.get('/sessions/current', async (request) => {
      const token = bearerToken(request.headers.authorization);
      if (token === undefined) throw sessionInvalid();
      const session = app.db.useSession(hashSessionToken(token), {
        now: app.now(),
        idleTimeoutMs: app.sessionIdleTimeoutMs,
        touchAfterMs: SESSION_TOUCH_AFTER_MS,
      });
      if (!session) throw sessionInvalid();
      return { user: session.user, session: { expiresAt: new Date(session.expiresAt).toISOString() } };
    });

    // Sign-out is idempotent: whatever the token (unknown, revoked, missing), afterwards it is not a live session.
    app.delete('/sessions/current', async (request, reply) => {
      const token = bearerToken(request.headers.authorization);
      if (token !== undefined) app.db.revokeSession(hashSessionToken(token), app.now());
      return reply.code(204).send();
    });
  },
  { encapsulate: true },
);
