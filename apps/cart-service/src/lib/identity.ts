import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '@storefront/service-kit';
import type { ErrorCode } from './error-codes.js';

/** Header set by the BFF for a signed-in shopper. */
export const USER_ID_HEADER = 'x-user-id';
/** Header set by the BFF for an anonymous shopper (the `sf_cart` cookie's value: never log it). */
export const ANONYMOUS_CART_HEADER = 'x-anonymous-cart';

// 15 digits keeps the id a safe integer.
const USER_ID = /^[1-9][0-9]{0,14}$/;
/** An anonymous cart id: base64url, 16–64 characters. */
export const ANONYMOUS_CART_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Who is asking, and the key of their cart. */
export type Identity =
  | { kind: 'user'; userId: number; ownerKey: string }
  | { kind: 'anonymous'; cartId: string; ownerKey: string };

/** Owner key of a user's cart. */
export function userOwnerKey(userId: number): string {
  return `user:${userId}`;
}

/** Owner key of an anonymous cart. */
export function anonymousOwnerKey(cartId: string): string {
  return `anon:${cartId}`;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** Reads exactly one identity header; anything else is 400 `IDENTITY_REQUIRED` (values are never echoed). */
export function resolveIdentity(headers: IncomingHttpHeaders): Identity {
  const userId = single(headers[USER_ID_HEADER]);
  const cartId = single(headers[ANONYMOUS_CART_HEADER]);
  if (userId !== undefined && cartId !== undefined) {
    throw new ApiError<ErrorCode>(
      400,
      'IDENTITY_REQUIRED',
      `Send exactly one of ${USER_ID_HEADER} and ${ANONYMOUS_CART_HEADER}.`,
    );
  }
  if (userId !== undefined) {
    if (!USER_ID.test(userId)) {
      throw new ApiError<ErrorCode>(
        400,
        'IDENTITY_REQUIRED',
        `${USER_ID_HEADER} must be a positive integer.`,
      );
    }
    const id = Number(userId);
    return { kind: 'user', userId: id, ownerKey: userOwnerKey(id) };
  }
  if (cartId !== undefined) {
    if (!ANONYMOUS_CART_ID.test(cartId)) {
      throw new ApiError<ErrorCode>(
        400,
        'IDENTITY_REQUIRED',
        `${ANONYMOUS_CART_HEADER} must be 16–64 base64url characters.`,
      );
    }
    return { kind: 'anonymous', cartId, ownerKey: anonymousOwnerKey(cartId) };
  }
  throw new ApiError<ErrorCode>(
    400,
    'IDENTITY_REQUIRED',
    `Send ${USER_ID_HEADER} or ${ANONYMOUS_CART_HEADER}.`,
  );
}

/** Like {@link resolveIdentity} but only a signed-in shopper passes; no `x-user-id` is 401 `USER_REQUIRED`. */
export function resolveUser(headers: IncomingHttpHeaders): Extract<Identity, { kind: 'user' }> {
  if (headers[USER_ID_HEADER] === undefined) {
    throw new ApiError<ErrorCode>(
      401,
      'USER_REQUIRED',
      `This route needs a signed-in shopper (${USER_ID_HEADER}).`,
    );
  }
  const identity = resolveIdentity(headers);
  if (identity.kind !== 'user') {
    throw new ApiError<ErrorCode>(
      401,
      'USER_REQUIRED',
      `This route needs a signed-in shopper (${USER_ID_HEADER}).`,
    );
  }
  return identity;
}
