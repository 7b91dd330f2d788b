import { ApiError } from '../lib/api-error.js';
import { nameRoutes } from '../lib/define-plugin.js';
import { normalizeEmail } from '../lib/normalize.js';
import { dummyPasswordHash, verifyPassword } from '../lib/password.js';
import { bearerToken, hashSessionToken, newSessionToken } from '../lib/session-token.js';
import { signInBodySchema } from './schemas.js';

interface SignInBody {
  email: string;
  password: string;
}

function invalidCredentials(): ApiError {
  return new ApiError(401, 'INVALID_CREDENTIALS', 'E-mail or password is incorrect.');
}

function sessionInvalid(): ApiError {
  return new ApiError(401, 'SESSION_INVALID', 'Session is unknown, expired or revoked.');
}

/** `POST /sessions` (sign-in), `GET /sessions/current` and `DELETE /sessions/current` (sign-out). */
export const sessionsRoutes = nameRoutes('account-sessions-routes', async (fastify) => {
  // Computed before the first request so the first unknown-e-mail sign-in is not measurably slower.
  await dummyPasswordHash();

  fastify.post<{ Body: SignInBody }>(
    '/sessions',
    { schema: { body: signInBodySchema } },
    async (request, reply) => {
      const user = fastify.db.findUserForSignIn(normalizeEmail(request.body.email));
      // Unknown e-mail: spend the same scrypt time on a dummy hash, then fail exactly like a wrong password.
      const stored = user?.passwordHash ?? (await dummyPasswordHash());
      const matches = await verifyPassword(request.body.password, stored);
      if (!user || !matches) throw invalidCredentials();

      const token = newSessionToken();
      const now = fastify.now();
      const expiresAt = now + fastify.sessionTtlMs;
      fastify.db.createSession({ tokenHash: hashSessionToken(token), userId: user.id, now, expiresAt });
      return reply.code(201).send({
        session: { token, expiresAt: new Date(expiresAt).toISOString() },
        user: { id: user.id, email: user.email, name: user.name },
      });
    },
  );

  fastify.get('/sessions/current', async (request) => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) throw sessionInvalid();
    const session = fastify.db.findActiveSession(hashSessionToken(token), fastify.now());
    if (!session) throw sessionInvalid();
    return { user: session.user, session: { expiresAt: new Date(session.expiresAt).toISOString() } };
  });

  // Sign-out is idempotent: whatever the token (unknown, revoked, missing), afterwards it is not a live session.
  fastify.delete('/sessions/current', async (request, reply) => {
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined) fastify.db.revokeSession(hashSessionToken(token), fastify.now());
    return reply.code(204).send();
  });
});
