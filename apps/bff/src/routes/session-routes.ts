import { accountStatus, getMe, type SignedInAnswer, signIn, signOut, signUp } from '@storefront/contract';
import { IDEMPOTENT_REPLAYED_HEADER } from '@storefront/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountClient } from '../clients/account-client.js';
import type { CartClient } from '../clients/cart-client.js';
import { dataAnswer, liveMetaOf, metaOf } from '../http/answers.js';
import { mergeAnonymousCart } from '../http/cart-merge.js';
import { clearCookie, readSessionToken, SESSION_COOKIE, setCookie } from '../http/cookies.js';
import { defineRoutes } from '../http/define-routes.js';
import { serviceKeyOf } from '../plugins/idempotency.js';
import { UpstreamUnavailableError } from '../upstream/upstream.js';

export interface SessionRoutesOptions {
  account: AccountClient;
  cart: CartClient;
}

/** `/api/account/{signup,signin,signout,status,me}`: who the shopper is, through the account service. */
export const sessionRoutes = defineRoutes<SessionRoutesOptions>(
  'session-routes',
  async (api, { account, cart }) => {
    /** Creates a session, sets the cookie and merges the anonymous cart (a failed merge is retried later). */
    async function startSession(
      request: FastifyRequest,
      reply: FastifyReply,
      email: string,
      password: string,
    ): Promise<SignedInAnswer> {
      const session = await account.createSession(email, password, request.id);
      setCookie(request, reply, SESSION_COOKIE, session.token, session.maxAgeS);
      await mergeAnonymousCart(request, reply, cart, session.user.id);
      return { user: session.user, meta: metaOf(request) };
    }

    api.route({
      ...signUp,
      config: { idempotency: 'optional', passwordAttempt: true },
      handler: async (request, reply) => {
        const created = await account.createUser(request.body, request.id, serviceKeyOf(request));
        const body = await startSession(request, reply, request.body.email, request.body.password);
        if (created.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        return reply.code(201).send(body);
      },
    });

    api.route({
      ...signIn,
      config: { passwordAttempt: true },
      handler: async (request, reply) =>
        startSession(request, reply, request.body.email, request.body.password),
    });

    api.route({
      ...signOut,
      handler: async (request, reply) => {
        const token = readSessionToken(request);
        if (token) {
          account.forgetSession(token, request.id);
          try {
            await account.revokeSession(token, request.id);
          } catch (error) {
            // The cookie is cleared anyway; the server-side session ends with its TTL.
            if (!(error instanceof UpstreamUnavailableError)) throw error;
            request.log.warn({ reason: error.reason }, 'session revoke failed');
          }
        }
        clearCookie(request, reply, SESSION_COOKIE);
        return { user: null, meta: metaOf(request) };
      },
    });

    api.route({
      ...accountStatus,
      handler: async (request) => {
        await account.checkAvailable(request.id);
        return { available: true as const, meta: metaOf(request) };
      },
    });

    api.route({
      ...getMe,
      handler: async (request, reply) => {
        const token = readSessionToken(request);
        if (!token) return { user: null, meta: liveMetaOf(request) };
        const session = await account.lookupSession(token, request.id);
        switch (session.kind) {
          case 'valid':
            return { user: session.user, meta: liveMetaOf(request) };
          case 'saved':
            return dataAnswer(request, reply, { value: { user: session.user }, degraded: session.degraded });
          case 'invalid':
            clearCookie(request, reply, SESSION_COOKIE);
            return { user: null, meta: liveMetaOf(request) };
          default:
            throw session.error;
        }
      },
    });
  },
);
