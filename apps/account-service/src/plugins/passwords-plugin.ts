import { definePlugin } from '@storefront/service-kit';
import { PasswordHasher, type PasswordHasherOptions } from '../lib/password.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** scrypt hashing with this process's cost and concurrency bound. */
    passwords: PasswordHasher;
  }
}

/**
 * Decorates the instance with the password hasher, and computes the dummy hash of unknown e-mails before the
 * first request, so the first unknown-e-mail sign-in is not measurably slower.
 */
export const passwordsPlugin = definePlugin<PasswordHasherOptions>('account-passwords', async (app, opts) => {
  const hasher = new PasswordHasher(opts);
  app.decorate('passwords', hasher);
  await hasher.dummyHash();
});
