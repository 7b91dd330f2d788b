import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import {
  CART_COOKIE,
  CART_COOKIE_MAX_AGE_S,
  clearCookie,
  newCartId,
  parseCookies,
  readCartId,
  readSessionToken,
  SESSION_COOKIE,
  setCookie,
} from '../lib/cookies.js';
import { definePlugin } from '../plugin.js';
import { type DegradedInfo, type Upstream, UpstreamUnavailableError } from '../upstream/upstream.js';

/** A signed-in shopper as the browser sees it. */
export interface PublicUser {
  id: number;
  email: string;
  name: string;
}

/** Who is asking: a signed-in user, an anonymous cart, or nobody known yet. */
export type Identity = { userId: number; user: PublicUser } | { anonymousCartId: string } | null;

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

/** Outcome of asking the account service who holds a session token. */
export type SessionLookup =
  | { kind: 'valid'; user: PublicUser; expiresAt: string }
  | { kind: 'saved'; user: PublicUser; expiresAt: string; degraded: DegradedInfo }
  | { kind: 'invalid' }
  | { kind: 'unavailable'; error: UpstreamUnavailableError };

/** Identity headers the browser may never set: only the BFF speaks for the shopper. */
const TRUSTED_HEADERS = ['x-user-id', 'x-anonymous-cart'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Picks the public fields of a user from an account-service answer (null when the shape is wrong). */
export function toPublicUser(raw: unknown): PublicUser | null {
  if (!isRecord(raw)) return null;
  const { id, email, name } = raw;
  if (!Number.isSafeInteger(id) || typeof email !== 'string' || typeof name !== 'string') return null;
  return { id: id as number, email, name };
}

/** Saved-copy scope of a session lookup: the token's hash, so the token itself is never a map key. */
function sessionScope(token: string): string {
  return `session:${createHash('sha256').update(token).digest('base64url')}`;
}

function sessionRequest(token: string, requestId: string) {
  return {
    path: '/sessions/current',
    headers: { authorization: `Bearer ${token}` },
    savedCopy: { scope: sessionScope(token) },
    requestId,
  };
}

/** Asks the account service about a token (a saved copy is returned as `saved`, never trusted blindly). */
export async function lookupSession(
  account: Upstream,
  token: string,
  requestId: string,
): Promise<SessionLookup> {
  let outcome: Awaited<ReturnType<Upstream['request']>>;
  try {
    outcome = await account.request(sessionRequest(token, requestId));
  } catch (error) {
    if (error instanceof UpstreamUnavailableError) return { kind: 'unavailable', error };
    throw error;
  }
  const { status, json } = outcome.response;
  if (status >= 400) return { kind: 'invalid' };
  const user = isRecord(json) ? toPublicUser(json.user) : null;
  const session = isRecord(json) && isRecord(json.session) ? json.session : null;
  const expiresAt = typeof session?.expiresAt === 'string' ? session.expiresAt : null;
  if (!user || !expiresAt) {
    throw new AppError(502, 'UPSTREAM_INVALID_RESPONSE', 'account sent an unexpected session');
  }
  if (outcome.source === 'saved') {
    // A saved copy of an expired session proves nothing.
    if (!(Date.parse(expiresAt) > Date.now()))
      return { kind: 'unavailable', error: account.unavailable('circuit-open') };
    return { kind: 'saved', user, expiresAt, degraded: outcome.degraded };
  }
  return { kind: 'valid', user, expiresAt };
}

/** Drops the saved copy of a session lookup (after sign-out). */
export function forgetSession(account: Upstream, token: string, requestId: string): void {
  account.forget(sessionRequest(token, requestId));
}

/** Identity headers for the cart service. */
export function cartIdentityHeaders(identity: NonNullable<Identity>): Record<string, string> {
  return 'userId' in identity
    ? { 'x-user-id': String(identity.userId) }
    : { 'x-anonymous-cart': identity.anonymousCartId };
}

/** Key part naming a signed-in user, for saved copies and idempotency keys. */
export function userScope(userId: number): string {
  return `user:${userId}`;
}

/** Key part naming the caller, for saved copies and idempotency keys (never logged). */
export function identityScope(identity: NonNullable<Identity>): string {
  return 'userId' in identity ? userScope(identity.userId) : `cart:${identity.anonymousCartId}`;
}

/** Sets the anonymous cart cookie. */
export function setCartCookie(request: FastifyRequest, reply: FastifyReply, cartId: string): void {
  setCookie(request, reply, CART_COOKIE, cartId, CART_COOKIE_MAX_AGE_S);
}

export interface SessionPluginOptions {
  account: Upstream;
}

function authRequired(): AppError {
  return new AppError(401, 'AUTH_REQUIRED', 'Sign in to do this');
}

/**
 * Strips browser-sent identity headers and resolves `request.identity` before the handler of every route
 * that declares `config.identity` (lazily: other routes never call the account service).
 */
export const sessionPlugin = definePlugin<SessionPluginOptions>('session', async (app, { account }) => {
  app.decorateRequest('identity', null);

  app.addHook('onRequest', async (request) => {
    for (const name of TRUSTED_HEADERS) delete request.headers[name];
  });

  app.addHook('preHandler', async (request, reply) => {
    const mode = request.routeOptions.config.identity;
    if (!mode) return;
    request.identity = await resolveIdentity(request, reply, account, mode);
  });
});

async function resolveIdentity(
  request: FastifyRequest,
  reply: FastifyReply,
  account: Upstream,
  mode: IdentityMode,
): Promise<Identity> {
  const token = readSessionToken(request);
  const cartId = readCartId(request);
  if (token) {
    const session = await lookupSession(account, token, request.id);
    if (session.kind === 'valid') return { userId: session.user.id, user: session.user };
    if (session.kind === 'invalid') {
      clearCookie(request, reply, SESSION_COOKIE);
    } else {
      // Account unreachable: the cart keeps working for a shopper who has an anonymous cart; a saved
      // session copy is not trusted for anything but GET /api/account/me.
      if (mode !== 'user' && cartId) return { anonymousCartId: cartId };
      throw session.kind === 'unavailable' ? session.error : account.unavailable(session.degraded.reason);
    }
  } else if (parseCookies(request.headers.cookie).has(SESSION_COOKIE)) {
    clearCookie(request, reply, SESSION_COOKIE);
  }
  if (mode === 'user') throw authRequired();
  if (cartId) return { anonymousCartId: cartId };
  if (mode === 'cart-write') {
    const fresh = newCartId();
    setCartCookie(request, reply, fresh);
    return { anonymousCartId: fresh };
  }
  return null;
}
