import { isObject } from '@storefront/remote-kit';
import type { Order, OrderLine, Profile, ShippingAddress } from '../types';

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const num = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const id = (value: unknown): string => (typeof value === 'number' ? String(value) : str(value));

/** Reads a shipping address; null when absent or incomplete. */
export function parseAddress(value: unknown): ShippingAddress | null {
  if (!isObject(value)) return null;
  const line1 = str(value.line1);
  const city = str(value.city);
  const postalCode = str(value.postalCode);
  const country = str(value.country);
  if (!line1 || !city || !postalCode || !country) return null;
  const address: ShippingAddress = { line1, city, postalCode, country };
  if (typeof value.line2 === 'string' && value.line2 !== '') address.line2 = value.line2;
  return address;
}

/** Reads a profile; null when it has no user id. */
export function parseProfile(value: unknown): Profile | null {
  if (!isObject(value)) return null;
  const userId = id(value.userId);
  if (!userId) return null;
  return {
    userId,
    email: str(value.email),
    name: str(value.name),
    shippingAddress: parseAddress(value.shippingAddress),
  };
}

function parseLine(value: unknown, currency: string): OrderLine | null {
  if (!isObject(value)) return null;
  const quantity = num(value.quantity);
  const unitPriceCents = num(value.unitPriceCents);
  return {
    productId: id(value.productId),
    name: str(value.name, 'Product'),
    unitPriceCents,
    currency: str(value.currency, currency),
    quantity,
    lineTotalCents: num(value.lineTotalCents, unitPriceCents * quantity),
  };
}

/** Reads an order; null without an id. Missing totals are computed from the lines. */
export function parseOrder(value: unknown): Order | null {
  if (!isObject(value)) return null;
  const orderId = id(value.id);
  if (!orderId) return null;
  const currency = str(value.currency, 'USD');
  const lines = Array.isArray(value.lines)
    ? value.lines.map((line) => parseLine(line, currency)).filter((line): line is OrderLine => line !== null)
    : [];
  return {
    id: orderId,
    status: str(value.status, 'placed'),
    lines,
    itemCount: num(
      value.itemCount,
      lines.reduce((sum, line) => sum + line.quantity, 0),
    ),
    totalCents: num(
      value.totalCents,
      lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
    ),
    currency,
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
