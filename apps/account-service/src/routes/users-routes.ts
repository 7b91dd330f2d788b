import { ApiError, definePlugin } from '@storefront/service-kit';
import { EmailTakenError } from '../db/account-db.js';
import type { ErrorCode } from '../lib/error-codes.js';
import { requireEmail, requireText } from '../lib/normalize.js';
import { hashPassword } from '../lib/password.js';
import { NAME_MAX, NAME_MIN, signUpBodySchema } from './schemas.js';

interface SignUpBody {
  email: string;
  password: string;
  name: string;
}

/** `POST /users`: sign-up. */
export const usersRoutes = definePlugin(
  'account-users-routes',
  async (app) => {
    app.post<{ Body: SignUpBody }>(
      '/users',
      { schema: { body: signUpBodySchema } },
      async (request, reply) => {
        const email = requireEmail(request.body.email);
        const name = requireText(request.body.name, 'name', NAME_MIN, NAME_MAX);
        const passwordHash = await hashPassword(request.body.password);
        try {
          // The UNIQUE constraint decides, so two concurrent sign-ups with one e-mail cannot both win.
          const user = app.db.createUser({ email, name, passwordHash, now: app.now() });
          return reply.code(201).send({ user });
        } catch (error) {
          if (error instanceof EmailTakenError) {
            throw new ApiError<ErrorCode>(409, 'EMAIL_TAKEN', 'An account with this e-mail already exists.');
          }
          throw error;
        }
      },
    );
  },
  { encapsulate: true },
);
