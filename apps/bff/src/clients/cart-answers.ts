// The cart service's answers mapped to the contract's carts and orders (the cart client's answer checks).
import {
  type Cart,
  type CartLine,
  ORDER_STATUSES,
  type Order,
  type OrderLine,
  type OrderRejection,
} from '@storefront/contract';
import {
  fieldsOf,
  imageUrlOf,
  invalidResponse,
  isInteger,
  isRecord,
  shippingAddressOf,
} from './service-answer.js';

const SERVICE = 'cart';
const DEFAULT_CURRENCY = 'EUR';

/** The empty cart of a shopper the BFF does not know yet. */
export const EMPTY_CART: Cart = { lines: [], itemCount: 0, subtotalCents: 0, currency: DEFAULT_CURRENCY };

/** A cart as the checkout needs it: what to order, and the version the order must match. */
export interface CartForCheckout {
  lines: Array<{ productId: number; quantity: number }>;
  version: number;
}

/** Maps a cart-service line to the browser's shape (`image` → `imageUrl`). */
export function toBrowserLine(raw: unknown): CartLine {
  if (!isRecord(raw)) throw invalidResponse(SERVICE, 'cart line');
  const { productId, unitPriceCents, quantity } = raw;
  if (!isInteger(productId) || !isInteger(unitPriceCents) || !isInteger(quantity)) {
    throw invalidResponse(SERVICE, 'cart line');
  }
  return {
    productId,
    name: String(raw.name ?? ''),
    slug: String(raw.slug ?? ''),
    imageUrl: imageUrlOf(raw.image),
    unitPriceCents,
    currency: typeof raw.currency === 'string' ? raw.currency : DEFAULT_CURRENCY,
    quantity,
    lineTotalCents: isInteger(raw.lineTotalCents) ? raw.lineTotalCents : unitPriceCents * quantity,
  };
}

/** Maps a cart-service cart to the browser's shape (the service's `version` stays inside the BFF). */
export function toBrowserCart(raw: unknown): Cart {
  if (!isRecord(raw) || !Array.isArray(raw.lines)) throw invalidResponse(SERVICE, 'cart');
  const lines = raw.lines.map(toBrowserLine);
  const sum = (pick: (line: CartLine) => number) => lines.reduce((total, line) => total + pick(line), 0);
  return {
    lines,
    itemCount: isInteger(raw.itemCount) ? raw.itemCount : sum((line) => line.quantity),
    subtotalCents: isInteger(raw.subtotalCents) ? raw.subtotalCents : sum((line) => line.lineTotalCents),
    currency: typeof raw.currency === 'string' ? raw.currency : DEFAULT_CURRENCY,
  };
}

/** Reads the lines and version of a cart for checkout. */
export function toCartForCheckout(raw: unknown): CartForCheckout {
  if (!isRecord(raw) || !Array.isArray(raw.lines) || !isInteger(raw.version)) {
    throw invalidResponse(SERVICE, 'cart');
  }
  const lines = raw.lines.map((line: unknown) => {
    if (!isRecord(line) || !isInteger(line.productId) || !isInteger(line.quantity)) {
      throw invalidResponse(SERVICE, 'cart line');
    }
    return { productId: line.productId, quantity: line.quantity };
  });
  return { lines, version: raw.version };
}

const orderLineFields = fieldsOf(SERVICE, 'order line', {
  productId: 'integer',
  name: 'string',
  unitPriceCents: 'integer',
  currency: 'string',
  quantity: 'integer',
  lineTotalCents: 'integer',
});

const orderFields = fieldsOf(SERVICE, 'order', {
  id: 'integer',
  checkoutId: 'string',
  itemCount: 'integer',
  totalCents: 'integer',
  currency: 'string',
  createdAt: 'string',
});

const shippingAddressOfOrder = shippingAddressOf(SERVICE);

function toOrderLine(raw: unknown): OrderLine {
  if (!isRecord(raw)) throw invalidResponse(SERVICE, 'order line');
  return orderLineFields(raw);
}

/** Maps a cart-service order to the browser's: the documented fields (the service's `userId` stays inside). */
export function toBrowserOrder(raw: unknown): Order {
  if (!isRecord(raw) || !Array.isArray(raw.lines)) throw invalidResponse(SERVICE, 'order');
  const fields = orderFields(raw);
  const lines = raw.lines.map(toOrderLine);
  const status = ORDER_STATUSES.find((known) => known === raw.status);
  if (status === undefined) throw invalidResponse(SERVICE, 'order status');
  return {
    ...fields,
    status,
    rejection: rejectionOf(raw.rejection),
    updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : fields.createdAt,
    lines,
    shippingAddress: shippingAddressOfOrder(raw.shippingAddress),
  };
}

function rejectionOf(raw: unknown): OrderRejection | null {
  if (!isRecord(raw)) return null;
  const { code, message } = raw;
  if (typeof code !== 'string' || typeof message !== 'string')
    throw invalidResponse(SERVICE, 'order rejection');
  return { code, message };
}
