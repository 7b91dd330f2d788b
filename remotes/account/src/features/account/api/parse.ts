// Reads the BFF's answers field by field into the contract's types: an answer comes from another deployable, so
// a bad one is dropped (null) rather than trusted, and a field renamed in the contract fails to compile here.
import type { Order, OrderLine, Profile, ShippingAddress } from '@storefront/contract/browser';
import { integerOrNull, isObject, parseOrderStatus, parseRejection, stringOr } from '@storefront/remote-kit';

/** Reads a shipping address; null when absent or incomplete. */
export function parseAddress(value: unknown): ShippingAddress | null {
  if (!isObject(value)) return null;
  const line1 = stringOr(value.line1);
  const city = stringOr(value.city);
  const postalCode = stringOr(value.postalCode);
  const country = stringOr(value.country);
  if (!line1 || !city || !postalCode || !country) return null;
  const line2 = stringOr(value.line2);
  return { line1, ...(line2 ? { line2 } : {}), city, postalCode, country };
}

/** Reads a profile; null without an integer user id. */
export function parseProfile(value: unknown): Profile | null {
  if (!isObject(value)) return null;
  const userId = integerOrNull(value.userId);
  if (userId === null) return null;
  return {
    userId,
    email: stringOr(value.email),
    name: stringOr(value.name),
    shippingAddress: parseAddress(value.shippingAddress),
  };
}

/** Reads one line of an order; null without an integer product id. */
function parseLine(value: unknown, currency: string): OrderLine | null {
  if (!isObject(value)) return null;
  const productId = integerOrNull(value.productId);
  if (productId === null) return null;
  const quantity = integerOrNull(value.quantity) ?? 0;
  const unitPriceCents = integerOrNull(value.unitPriceCents) ?? 0;
  return {
    productId,
    name: stringOr(value.name, 'Product'),
    unitPriceCents,
    currency: stringOr(value.currency, currency),
    quantity,
    lineTotalCents: integerOrNull(value.lineTotalCents) ?? unitPriceCents * quantity,
  };
}

/** Reads an order; null without an integer id. Missing totals are computed from the lines. */
export function parseOrder(value: unknown): Order | null {
  if (!isObject(value)) return null;
  const id = integerOrNull(value.id);
  if (id === null) return null;
  const currency = stringOr(value.currency, 'USD');
  const lines = Array.isArray(value.lines)
    ? value.lines.map((line) => parseLine(line, currency)).filter((line): line is OrderLine => line !== null)
    : [];
  return {
    id,
    checkoutId: stringOr(value.checkoutId),
    status: parseOrderStatus(value.status),
    rejection: parseRejection(value.rejection),
    ...(typeof value.updatedAt === 'string' ? { updatedAt: value.updatedAt } : {}),
    lines,
    itemCount: integerOrNull(value.itemCount) ?? lines.reduce((sum, line) => sum + line.quantity, 0),
    totalCents: integerOrNull(value.totalCents) ?? lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
    currency,
    shippingAddress: parseAddress(value.shippingAddress),
    createdAt: stringOr(value.createdAt),
  };
}

/** Reads the order list, newest first whatever order it came in. */
export function parseOrders(value: unknown): Order[] | null {
  if (!Array.isArray(value)) return null;
  return value
    .map(parseOrder)
    .filter((order): order is Order => order !== null)
    .sort((a, b) => (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0));
}
