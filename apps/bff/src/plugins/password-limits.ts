// Rate limits on the routes that make the account service check or hash a password (sign-in, sign-up): each
// attempt costs a scrypt hash there, and each is a password guess. Two counters, per client address and per
// e-mail, both with @fastify/rate-limit's in-memory store (per replica: N replicas allow N times as many).
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { definePlugin } from '@storefront/service-kit';
import type { FastifyRequest } from 'fastify';
import { clientKey } from '../http/client-address.js';
import { rateLimited } from '../http/rate-limited.js';
import type { PasswordAttemptLimits } from '../limits-config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks or sets a password: counted against the password-attempt limits. */
    passwordAttempt?: boolean;
  }
}

/** The e-mail a sign-in or sign-up names, as the account service stores it, hashed (no addresses kept here). */
function emailKey(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
  return `email:${createHash('sha256').update(email).digest('base64url')}`;
}

/**
 * Counts every sign-in and sign-up (routes with `config.passwordAttempt`), after the body is parsed and
 * validated (a preHandler: the e-mail key needs the body), and refuses over either limit with 429
 * `RATE_LIMITED`. The address is counted first: a client over its address limit does not use up the e-mail's.
 */
export const passwordLimitsPlugin = definePlugin<PasswordAttemptLimits>(
  'password-limits',
  async (app, limits) => {
    await app.register(rateLimit, { global: false });
    const perIp =
      limits.perIp > 0
        ? app.createRateLimit({
            max: limits.perIp,
            timeWindow: limits.windowMs,
            keyGenerator: (request) => `ip:${clientKey(request)}`,
          })
        : null;
    const perEmail =
      limits.perEmail > 0
        ? app.createRateLimit({ max: limits.perEmail, timeWindow: limits.windowMs, keyGenerator: emailKey })
        : null;

    app.addHook('preHandler', async (request) => {
      if (request.routeOptions.config.passwordAttempt !== true) return;
      for (const [limiter, what] of [
        [perIp, 'from this address'],
        [perEmail, 'for this e-mail'],
      ] as const) {
        if (!limiter) continue;
        const result = await limiter(request);
        if (!result.isAllowed && result.isExceeded) {
          request.log.warn({ limit: what, key: result.key.split(':')[0] }, 'password attempts rate-limited');
          throw rateLimited(
            `Too many sign-in attempts ${what}; try again in ${result.ttlInSeconds} s.`,
            result.ttl,
          );
        }
      }
    });
  },
);
