import { definePlugin } from '@storefront/service-kit';
import type { FastifyRequest } from 'fastify';
import { type Identity, resolveIdentity, resolveUser } from '../lib/identity.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; set by the {@link requireIdentity} / {@link requireUser} hooks. */
    identity: Identity | null;
  }
}

/** Declares `request.identity` (null until a route's identity hook has run). */
export const identityPlugin = definePlugin('cart-identity', async (app) => {
  app.decorateRequest('identity', null);
});

/** `onRequest` hook: a user or an anonymous cart, exactly one (runs before body validation). */
export async function requireIdentity(request: FastifyRequest): Promise<void> {
  request.identity = resolveIdentity(request.headers);
}

/** `onRequest` hook: a signed-in shopper only. */
export async function requireUser(request: FastifyRequest): Promise<void> {
  request.identity = resolveUser(request.headers);
}

/** The identity set by the route's hook; a route without one is a programming error. */
export function identityOf(request: FastifyRequest): Identity {
  if (request.identity === null) throw new Error('route has no identity hook');
  return request.identity;
}

/** The signed-in shopper set by {@link requireUser}. */
export function userOf(request: FastifyRequest): Extract<Identity, { kind: 'user' }> {
  const identity = identityOf(request);
  if (identity.kind !== 'user') throw new Error('route has no user hook');
  return identity;
}
