// Reads the BFF's answers field by field into the contract's types: an answer comes from another deployable, so
// a bad one is dropped (null) rather than trusted, and a field renamed in the contract fails to compile here.
import type { Cart, CartLine, Order, User } from '@storefront/contract/browser';
import { isObject } from '@storefront/remote-kit';

/** What checkout shows of the order it placed: the contract's `Order`, only the fields the cart reads. */
export type PlacedOrder = Pick<Order, 'id' | 'itemCount' | 'totalCents' | 'currency'>;

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const int = (value: unknown): number | null => (Number.isInteger(value) ? Number(value) : null);

/** Reads one cart line; null when the essentials (product id, name, price, quantity) are missing. */
export function parseCartLine(value: unknown): CartLine | null {
  if (!isObject(value)) return null;
  const productId = int(value.productId);
  const unitPriceCents = int(value.unitPriceCents);
  const quantity = int(value.quantity);
  const name = str(value.name);
  if (productId === null || unitPriceCents === null || quantity === null || !name) return null;
  return {
    productId,
    name,
    slug: str(value.slug, String(productId)),
    imageUrl: typeof value.imageUrl === 'string' && value.imageUrl !== '' ? value.imageUrl : null,
    unitPriceCents,
    currency: str(value.currency, 'USD'),
    quantity,
    lineTotalCents: int(value.lineTotalCents) ?? unitPriceCents * quantity,
  };
}

/** Reads `cart`; null when it is not a cart. */
export function parseCart(value: unknown): Cart | null {
  if (!isObject(value) || !Array.isArray(value.lines)) return null;
  const lines = value.lines.map(parseCartLine).filter((line): line is CartLine => line !== null);
  return {
    lines,
    itemCount: int(value.itemCount) ?? lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents: int(value.subtotalCents) ?? lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
    currency: str(value.currency, lines[0]?.currency ?? 'USD'),
  };
}

/** Reads the order checkout placed; null without an integer id. */
export function parseOrder(value: unknown): PlacedOrder | null {
  if (!isObject(value)) return null;
  const id = int(value.id);
  if (id === null) return null;
  return {
    id,
    itemCount: int(value.itemCount) ?? 0,
    totalCents: int(value.totalCents) ?? 0,
    currency: str(value.currency, 'USD'),
  };
}

/** Reads `user` of `GET /api/account/me`: a user, null (signed out), or undefined for a bad shape. */
export function parseUser(value: unknown): User | null | undefined {
  if (value === null) return null;
  if (!isObject(value)) return undefined;
  const id = int(value.id);
  if (id === null) return undefined;
  return { id, email: str(value.email), name: str(value.name) };
}
