// Reads the BFF's answers field by field into the contract's types: an answer comes from another deployable, so
// a bad one is dropped (null) rather than trusted, and a field renamed in the contract fails to compile here.
import type { Cart, CartLine, Order, User } from '@storefront/contract/browser';
import {
  integerOrNull,
  isObject,
  parseOrderStatus,
  parseRejection,
  stringOr,
  stringOrNull,
} from '@storefront/remote-kit';

/** What checkout shows of the order it placed: the contract's `Order`, only the fields the cart reads. */
export type PlacedOrder = Pick<Order, 'id' | 'itemCount' | 'totalCents' | 'currency' | 'status'> & {
  rejection: NonNullable<Order['rejection']> | null;
};

/** Reads one cart line; null when the essentials (product id, name, price, quantity) are missing. */
export function parseCartLine(value: unknown): CartLine | null {
  if (!isObject(value)) return null;
  const productId = integerOrNull(value.productId);
  const unitPriceCents = integerOrNull(value.unitPriceCents);
  const quantity = integerOrNull(value.quantity);
  const name = stringOr(value.name);
  if (productId === null || unitPriceCents === null || quantity === null || !name) return null;
  return {
    productId,
    name,
    slug: stringOr(value.slug, String(productId)),
    imageUrl: stringOrNull(value.imageUrl),
    unitPriceCents,
    currency: stringOr(value.currency, 'USD'),
    quantity,
    lineTotalCents: integerOrNull(value.lineTotalCents) ?? unitPriceCents * quantity,
  };
}

/** Reads `cart`; null when it is not a cart. */
export function parseCart(value: unknown): Cart | null {
  if (!isObject(value) || !Array.isArray(value.lines)) return null;
  const lines = value.lines.map(parseCartLine).filter((line): line is CartLine => line !== null);
  return {
    lines,
    itemCount: integerOrNull(value.itemCount) ?? lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents:
      integerOrNull(value.subtotalCents) ?? lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
    currency: stringOr(value.currency, lines[0]?.currency ?? 'USD'),
  };
}

/** Reads the order checkout placed (or its later state); null without an integer id. */
export function parseOrder(value: unknown): PlacedOrder | null {
  if (!isObject(value)) return null;
  const id = integerOrNull(value.id);
  if (id === null) return null;
  return {
    id,
    itemCount: integerOrNull(value.itemCount) ?? 0,
    totalCents: integerOrNull(value.totalCents) ?? 0,
    currency: stringOr(value.currency, 'USD'),
    status: parseOrderStatus(value.status),
    rejection: parseRejection(value.rejection),
  };
}

/** Reads `user` of `GET /api/account/me`: a user, null (signed out), or undefined for a bad shape. */
export function parseUser(value: unknown): User | null | undefined {
  if (value === null) return null;
  if (!isObject(value)) return undefined;
  const id = integerOrNull(value.id);
  if (id === null) return undefined;
  return { id, email: stringOr(value.email), name: stringOr(value.name) };
}
