import {
  ApiError,
  definePlugin,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyKeyOf,
  keyReusedError,
  requestFingerprint,
} from '@storefront/service-kit';
import type { LedgerAnswer } from '@storefront/service-kit/sqlite';
import type { FastifyInstance } from 'fastify';
import { EmailTakenError } from '../db/account-db.js';
import type { User } from '../db/types.js';
import type { ErrorCode } from '../lib/error-codes.js';
import { requireEmail, requireText } from '../lib/normalize.js';
import { NAME_MAX, NAME_MIN, signUpBodySchema } from './schemas.js';

interface SignUpBody {
  email: string;
  password: string;
  name: string;
}

interface SignUpAnswer {
  user: User;
}

function emailTaken(): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(409, 'EMAIL_TAKEN', 'An account with this e-mail already exists.');
}

/**
 * A replayed sign-up must come with the password of the first one, else the key was reused for another request
 * (422). The ledger's fingerprint leaves the password out on purpose: any password-derived value there would be
 * a fast hash (SHA-256) of it, kept 24 h beside the e-mail, crackable offline far faster than the scrypt hash in
 * `users`. The user's scrypt hash is the proof instead; it costs one more scrypt, on replays only.
 */
async function requireSamePassword(app: FastifyInstance, userId: number, password: string): Promise<void> {
  const stored = app.db.passwordHashOf(userId);
  if (stored === undefined || !(await app.passwords.verify(password, stored))) throw keyReusedError();
}

/**
 * `POST /users`: sign-up. With an `Idempotency-Key` (scoped to the e-mail: there is no identity yet, and the
 * e-mail is what a retry repeats) the user is created at most once and a retry replays `201 { user }` with
 * `Idempotent-Replayed: true`. A sign-up that fails (409, 400) stores nothing, so a retry asks again.
 *
 * Sign-up answers the user and never a session, so the stored answer holds no secret. The shopper is signed in
 * by the BFF's `POST /sessions` right after, on every attempt: a retry whose first answer was lost gets the
 * replayed user and then a new session. That is right: the retry proves the password like any sign-in, and the
 * first attempt's session (if one was made) cannot be handed out again, since only its token's hash is stored;
 * it is never used and expires.
 */
export const usersRoutes = definePlugin(
  'account-users-routes',
  async (app) => {
    app.post<{ Body: SignUpBody }>(
      '/users',
      { schema: { body: signUpBodySchema } },
      async (request, reply) => {
        // Everything that can refuse the request does so before the slow hash.
        const key = idempotencyKeyOf(request);
        const email = requireEmail(request.body.email);
        const name = requireText(request.body.name, 'name', NAME_MIN, NAME_MAX);
        // scrypt is slow and asynchronous: it runs first, never inside the ledger's synchronous transaction.
        const passwordHash = await app.passwords.hash(request.body.password);
        const createUser = (): LedgerAnswer<SignUpAnswer> => {
          try {
            // The UNIQUE constraint decides, so two concurrent sign-ups with one e-mail cannot both win.
            return {
              status: 201,
              body: { user: app.db.createUser({ email, name, passwordHash, now: app.now() }) },
            };
          } catch (error) {
            if (error instanceof EmailTakenError) throw emailTaken();
            throw error;
          }
        };
        if (key === undefined) {
          const answer = createUser();
          return reply.code(answer.status).send(answer.body);
        }

        const path = request.url.split('?')[0] ?? request.url;
        const fingerprint = requestFingerprint(request.method, path, {
          email: request.body.email,
          name: request.body.name,
        });
        const result = app.ledger.run({ caller: `signup:${email}`, key, fingerprint }, createUser);
        if (result.replayed) {
          await requireSamePassword(app, result.body.user.id, request.body.password);
          reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        }
        return reply.code(result.status).send(result.body);
      },
    );
  },
  { encapsulate: true },
);
