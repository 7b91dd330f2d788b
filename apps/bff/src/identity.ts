// Who is asking, as the session plugin resolves it and as clients scope saved copies and idempotency keys by it.
import type { User } from '@storefront/contract';
import { ApiError } from '@storefront/service-kit';

/**
 * A session token as the account service issues it (opaque, base64url): accepted from the service only in this
 * shape, and read back from `sf_session` only in this shape; the bounds reject obvious garbage.
 */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

/** A signed-in shopper. */
export interface SignedIn {
  userId: number;
  user: User;
}

/** Who is asking: a signed-in user, an anonymous cart, or nobody known yet. */
export type Identity = SignedIn | { anonymousCartId: string } | null;

/** Key part naming a signed-in user, for saved copies and idempotency keys. */
export function userScope(userId: number): string {
  return `user:${userId}`;
}

/** Key part naming the caller, for saved copies and idempotency keys (never logged). */
export function identityScope(identity: NonNullable<Identity>): string {
  return 'userId' in identity ? userScope(identity.userId) : `cart:${identity.anonymousCartId}`;
}

/** The 401 of a route that needs a signed-in shopper. */
export function authRequired(): ApiError {
  return new ApiError(401, 'AUTH_REQUIRED', 'Sign in to do this');
}

/** The signed-in user of a route declared with `identity: 'user'`. */
export function signedInUser(identity: Identity): SignedIn {
  if (!identity || !('userId' in identity)) throw authRequired();
  return identity;
}

/** The caller of a route declared with `identity: 'cart-write'` (the session plugin always resolves one). */
export function cartOwner(identity: Identity): NonNullable<Identity> {
  // A gap here is a wiring bug, not the caller's fault.
  if (!identity) throw new ApiError(500, 'INTERNAL_ERROR', 'No identity for a cart write');
  return identity;
}
