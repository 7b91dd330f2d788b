// Reads the BFF's answers field by field into the contract's types: an answer comes from another deployable, so
// a bad one is dropped (null) rather than trusted, and a field renamed in the contract fails to compile here.
import type { Order, OrderLine, Profile, ShippingAddress } from '@storefront/contract/browser';
import { isObject } from '@storefront/remote-kit';

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const int = (value: unknown): number | null => (Number.isInteger(value) ? Number(value) : null);

/** Reads a shipping address; null when absent or incomplete. */
export function parseAddress(value: unknown): ShippingAddress | null {
  if (!isObject(value)) return null;
  const line1 = str(value.line1);
  const city = str(value.city);
  const postalCode = str(value.postalCode);
  const country = str(value.country);
  if (!line1 || !city || !postalCode || !country) return null;
  const line2 = str(value.line2);
  return { line1, ...(line2 ? { line2 } : {}), city, postalCode, country };
}

/** Reads a profile; null without an integer user id. */
export function parseProfile(value: unknown): Profile | null {
  if (!isObject(value)) return null;
  const userId = int(value.userId);
  if (userId === null) return null;
  return {
    userId,
    email: str(value.email),
    name: str(value.name),
    shippingAddress: parseAddress(value.shippingAddress),
  };
}

/** Reads one line of an order; null without an integer product id. */
function parseLine(value: unknown, currency: string): OrderLine | null {
  if (!isObject(value)) return null;
  const productId = int(value.productId);
  if (productId === null) return null;
  const quantity = int(value.quantity) ?? 0;
  const unitPriceCents = int(value.unitPriceCents) ?? 0;
  return {
    productId,
    name: str(value.name, 'Product'),
    unitPriceCents,
    currency: str(value.currency, currency),
    quantity,
    lineTotalCents: int(value.lineTotalCents) ?? unitPriceCents * quantity,
  };
}

/** Reads an order; null without an integer id. Missing totals are computed from the lines. */
export function parseOrder(value: unknown): Order | null {
  if (!isObject(value)) return null;
  const id = int(value.id);
  if (id === null) return null;
  const currency = str(value.currency, 'USD');
  const lines = Array.isArray(value.lines)
    ? value.lines.map((line) => parseLine(line, currency)).filter((line): line is OrderLine => line !== null)
    : [];
  return {
    id,
    checkoutId: str(value.checkoutId),
    status: str(value.status, 'placed'),
    lines,
    itemCount: int(value.itemCount) ?? lines.reduce((sum, line) => sum + line.quantity, 0),
    totalCents: int(value.totalCents) ?? lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
    currency,
    shippingAddress: parseAddress(value.shippingAddress),
    createdAt: str(value.createdAt),
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
