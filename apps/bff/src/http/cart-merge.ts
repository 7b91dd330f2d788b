// The anonymous cart's merge into a user's, as sign-in, sign-up and the next cart read do it (decision 004).
import type { CartClient, MergeResult } from '../clients/cart-client.js';
import { UpstreamUnavailableError } from '../upstream/upstream.js';
import type { AnswerRequest } from './answers.js';
import { CART_COOKIE, type CookieReply, type CookieRequest, clearCookie, readCartId } from './cookies.js';

/**
 * Merges the browser's `sf_cart` into the user's cart. Done, or nothing to merge (a 4xx, final): `sf_cart` is
 * cleared and the answer returned. The cart service unavailable: `sf_cart` is kept so that the next cart read
 * tries again, and null is returned (as when there is no `sf_cart`).
 */
export async function mergeAnonymousCart(
  request: CookieRequest & AnswerRequest,
  reply: CookieReply,
  cart: CartClient,
  userId: number,
): Promise<MergeResult | null> {
  const anonymousCartId = readCartId(request);
  if (!anonymousCartId) return null;
  try {
    const merged = await cart.mergeAnonymousCart(userId, anonymousCartId, request.id);
    clearCookie(request, reply, CART_COOKIE);
    request.log.info({ status: merged.status }, 'cart merged');
    return merged;
  } catch (error) {
    if (!(error instanceof UpstreamUnavailableError)) throw error;
    request.log.warn({ reason: error.reason }, 'cart merge pending');
    return null;
  }
}
