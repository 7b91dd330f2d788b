import { definePlugin } from '@storefront/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountClient } from '../clients/account-client.js';
import {
  CART_COOKIE,
  CART_COOKIE_MAX_AGE_S,
  clearCookie,
  hasCookie,
  newCartId,
  readCartId,
  readSessionToken,
  SESSION_COOKIE,
  setCookie,
} from '../http/cookies.js';
import { authRequired, type Identity } from '../identity.js';

/**
 * What a route needs to know about the caller (route `config.identity`):
 * - `cart-read`: user or anonymous cart; while the account service is down, a shopper with `sf_cart`
 *   is served as that anonymous cart, one without gets 503;
 * - `cart-write`: the same, and an anonymous shopper without `sf_cart` gets a new one;
 * - `user`: a signed-in user, else 401 AUTH_REQUIRED (503 while the account service is down).
 */
export type IdentityMode = 'cart-read' | 'cart-write' | 'user';

declare module 'fastify' {
  interface FastifyRequest {
    /** Resolved by the session plugin for routes with `config.identity`; null otherwise. */
    identity: Identity;
  }
  interface FastifyContextConfig {
    identity?: IdentityMode;
  }
}

/** Identity headers the browser may never set: only the BFF speaks for the shopper. */
const TRUSTED_HEADERS = ['x-user-id', 'x-anonymous-cart'] as const;

export interface SessionPluginOptions {
  account: AccountClient;
}

/**
 * Strips browser-sent identity headers and resolves `request.identity` before the handler of every route
 * that declares `config.identity` (lazily: other routes never call the account service). Needs @fastify/cookie.
 */
export const sessionPlugin = definePlugin<SessionPluginOptions>(
  'session',
  async (app, { account }) => {
    app.decorateRequest('identity', null);

    app.addHook('onRequest', async (request) => {
      for (const name of TRUSTED_HEADERS) delete request.headers[name];
    });

    app.addHook('preHandler', async (request, reply) => {
      const mode = request.routeOptions.config.identity;
      if (!mode) return;
      request.identity = await resolveIdentity(request, reply, account, mode);
    });
  },
  { dependencies: ['@fastify/cookie'] },
);

async function resolveIdentity(
  request: FastifyRequest,
  reply: FastifyReply,
  account: AccountClient,
  mode: IdentityMode,
): Promise<Identity> {
  const token = readSessionToken(request);
  const cartId = readCartId(request);
  if (token) {
    const session = await account.lookupSession(token, request.id);
    if (session.kind === 'valid') return { userId: session.user.id, user: session.user };
    if (session.kind === 'invalid') {
      clearCookie(request, reply, SESSION_COOKIE);
    } else {
      // Account unreachable: the cart keeps working for a shopper who has an anonymous cart; a saved
      // session copy is not trusted for anything but GET /api/account/me.
      if (mode !== 'user' && cartId) return { anonymousCartId: cartId };
      throw session.kind === 'unavailable' ? session.error : account.unavailable(session.degraded.reason);
    }
  } else if (hasCookie(request, SESSION_COOKIE)) {
    clearCookie(request, reply, SESSION_COOKIE);
  }
  if (mode === 'user') throw authRequired();
  if (cartId) return { anonymousCartId: cartId };
  if (mode === 'cart-write') {
    const fresh = newCartId();
    setCookie(request, reply, CART_COOKIE, fresh, CART_COOKIE_MAX_AGE_S);
    return { anonymousCartId: fresh };
  }
  return null;
}
