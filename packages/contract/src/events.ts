// The browser events between remotes (docs/cart-and-account.md, "Browser events between remotes"). Remotes never
// import each other: they talk through `CustomEvent`s on `window`, whose names and details are written here once.
// A detail comes from another deployable, maybe of another version, so listeners read it through a parser and
// ignore what does not fit. No TypeBox here: this module is bundled into the remotes.
import type { User } from './account.js';

/** Event names. */
export const ADD_TO_CART_EVENT = 'storefront:add-to-cart';
export const ADD_TO_CART_RESULT_EVENT = 'storefront:add-to-cart-result';
export const CART_CHANGED_EVENT = 'storefront:cart-changed';
export const SESSION_CHANGED_EVENT = 'storefront:session-changed';

/** What the catalog asks the cart for (quantity defaults to 1). */
export interface AddToCartDetail {
  productId: number;
  quantity: number;
  name?: string;
}

/** The cart's answer to one add. */
export interface AddToCartResultDetail {
  productId: number;
  ok: boolean;
  message: string;
}

const CART_STATUSES = ['live', 'degraded', 'unavailable'] as const;

/** The cart's state as other remotes see it. */
export type CartStatus = (typeof CART_STATUSES)[number];

/** Sent by the cart after every change or load. */
export interface CartChangedDetail {
  itemCount: number;
  status: CartStatus;
}

/** The signed-in shopper, as `/api/account/me` names them. */
export type SessionUser = User;

/** Sent by the account remote after sign-in, sign-up and sign-out. */
export interface SessionChangedDetail {
  signedIn: boolean;
  user: SessionUser | null;
}

/** Every event with its detail. */
export interface StorefrontEvents {
  [ADD_TO_CART_EVENT]: AddToCartDetail;
  [ADD_TO_CART_RESULT_EVENT]: AddToCartResultDetail;
  [CART_CHANGED_EVENT]: CartChangedDetail;
  [SESSION_CHANGED_EVENT]: SessionChangedDetail;
}
export type StorefrontEventName = keyof StorefrontEvents;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isPositiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;

function parseAddToCart(detail: unknown): AddToCartDetail | null {
  if (!isObject(detail) || !isPositiveInteger(detail.productId)) return null;
  const quantity = detail.quantity === undefined ? 1 : detail.quantity;
  if (!isPositiveInteger(quantity)) return null;
  const name = typeof detail.name === 'string' ? detail.name : undefined;
  return { productId: detail.productId, quantity, ...(name === undefined ? {} : { name }) };
}

function parseAddToCartResult(detail: unknown): AddToCartResultDetail | null {
  if (!isObject(detail) || !isPositiveInteger(detail.productId)) return null;
  const ok = detail.ok === true;
  return {
    productId: detail.productId,
    ok,
    message: typeof detail.message === 'string' ? detail.message : '',
  };
}

const isCartStatus = (value: unknown): value is CartStatus =>
  CART_STATUSES.some((status) => status === value);

function parseCartChanged(detail: unknown): CartChangedDetail | null {
  if (!isObject(detail) || typeof detail.itemCount !== 'number' || !Number.isInteger(detail.itemCount))
    return null;
  if (!isCartStatus(detail.status)) return null;
  return { itemCount: detail.itemCount, status: detail.status };
}

function parseSessionUser(value: unknown): SessionUser | null {
  if (!isObject(value) || !isPositiveInteger(value.id)) return null;
  if (typeof value.email !== 'string' || typeof value.name !== 'string') return null;
  return { id: value.id, email: value.email, name: value.name };
}

function parseSessionChanged(detail: unknown): SessionChangedDetail | null {
  if (!isObject(detail) || typeof detail.signedIn !== 'boolean') return null;
  const user = detail.user === null || detail.user === undefined ? null : parseSessionUser(detail.user);
  if (detail.signedIn && user === null) return null;
  return { signedIn: detail.signedIn, user: detail.signedIn ? user : null };
}

const PARSERS: { [Name in StorefrontEventName]: (detail: unknown) => StorefrontEvents[Name] | null } = {
  [ADD_TO_CART_EVENT]: parseAddToCart,
  [ADD_TO_CART_RESULT_EVENT]: parseAddToCartResult,
  [CART_CHANGED_EVENT]: parseCartChanged,
  [SESSION_CHANGED_EVENT]: parseSessionChanged,
};

/** Reads an event's detail; null when it does not fit the contract. */
export function parseEventDetail<Name extends StorefrontEventName>(
  name: Name,
  detail: unknown,
): StorefrontEvents[Name] | null {
  return PARSERS[name](detail);
}

/** `window` in a browser; tests may pass their own target. */
function defaultTarget(): EventTarget {
  return globalThis as unknown as EventTarget;
}

/** Sends an event with its detail. */
export function dispatchStorefrontEvent<Name extends StorefrontEventName>(
  name: Name,
  detail: StorefrontEvents[Name],
  target: EventTarget = defaultTarget(),
): void {
  target.dispatchEvent(new CustomEvent(name, { detail }));
}

/** Listens to an event; `handler` only sees details that fit the contract. Returns the function that stops it. */
export function onStorefrontEvent<Name extends StorefrontEventName>(
  name: Name,
  handler: (detail: StorefrontEvents[Name]) => void,
  target: EventTarget = defaultTarget(),
): () => void {
  const listener = (event: Event) => {
    const detail = parseEventDetail(name, event instanceof CustomEvent ? event.detail : undefined);
    if (detail !== null) handler(detail);
  };
  target.addEventListener(name, listener);
  return () => target.removeEventListener(name, listener);
}
