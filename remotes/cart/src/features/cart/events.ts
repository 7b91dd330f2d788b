// The window events between remotes (docs/cart-and-account.md, "Browser events between remotes").
import { isObject } from '@storefront/remote-kit';

export const ADD_TO_CART_EVENT = 'storefront:add-to-cart';
export const ADD_TO_CART_RESULT_EVENT = 'storefront:add-to-cart-result';
export const CART_CHANGED_EVENT = 'storefront:cart-changed';
export const SESSION_CHANGED_EVENT = 'storefront:session-changed';

/** What the catalog asks for. */
export interface AddToCartRequest {
  productId: number;
  quantity: number;
  name?: string;
}

/** The cart's state as other remotes see it. */
export type CartStatus = 'live' | 'degraded' | 'unavailable';

/** Reads an `add-to-cart` event's detail; null when it is not a valid request. */
export function parseAddToCartRequest(detail: unknown): AddToCartRequest | null {
  if (!isObject(detail)) return null;
  const { productId, quantity, name } = detail;
  if (typeof productId !== 'number' || !Number.isInteger(productId) || productId <= 0) return null;
  const qty = quantity === undefined ? 1 : quantity;
  if (typeof qty !== 'number' || !Number.isInteger(qty) || qty <= 0) return null;
  return { productId, quantity: qty, name: typeof name === 'string' ? name : undefined };
}

/** Answers an add to the catalog. */
export function dispatchAddToCartResult(productId: number, ok: boolean, message: string): void {
  window.dispatchEvent(new CustomEvent(ADD_TO_CART_RESULT_EVENT, { detail: { productId, ok, message } }));
}

/** Tells every remote the cart's item count and state. */
export function dispatchCartChanged(itemCount: number, status: CartStatus): void {
  window.dispatchEvent(new CustomEvent(CART_CHANGED_EVENT, { detail: { itemCount, status } }));
}
