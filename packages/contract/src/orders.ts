// `/api/orders*`: the signed-in user's orders (cart service), and the shapes checkout answers with.
import { DataMeta, errorResponse, Unavailable } from './common.js';
import { ORDER_STATUSES } from './constants.js';
import { defineRoute, Nullable, type Static, StringEnum, Type } from './schema.js';

/** A shipping address as sent by the browser (country: ISO 3166-1 alpha-2). */
export const ShippingAddressInput = Type.Object(
  {
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  },
  { additionalProperties: false },
);
export type ShippingAddressInput = Static<typeof ShippingAddressInput>;

/** A shipping address as answered (line2 may be absent or null). */
export const ShippingAddress = Type.Object({
  line1: Type.String(),
  line2: Type.Optional(Nullable(Type.String())),
  city: Type.String(),
  postalCode: Type.String(),
  country: Type.String(),
});
export type ShippingAddress = Static<typeof ShippingAddress>;

/** One line of a placed order: the price it was sold at. */
export const OrderLine = Type.Object({
  productId: Type.Integer(),
  name: Type.String(),
  unitPriceCents: Type.Integer(),
  currency: Type.String(),
  quantity: Type.Integer(),
  lineTotalCents: Type.Integer(),
});
export type OrderLine = Static<typeof OrderLine>;

/** Why a pending order was rejected. */
export const OrderRejection = Type.Object({
  code: Type.String({ description: 'e.g. INSUFFICIENT_STOCK' }),
  message: Type.String(),
});
export type OrderRejection = Static<typeof OrderRejection>;

/** An order. */
export const Order = Type.Object({
  id: Type.Integer(),
  checkoutId: Type.String(),
  status: StringEnum(ORDER_STATUSES),
  rejection: Type.Optional(Nullable(OrderRejection, { description: 'set when `status` is rejected' })),
  updatedAt: Type.Optional(Type.String({ format: 'date-time', description: 'the last status change' })),
  lines: Type.Array(OrderLine),
  itemCount: Type.Integer(),
  totalCents: Type.Integer(),
  currency: Type.String(),
  shippingAddress: Nullable(ShippingAddress),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Order = Static<typeof Order>;

export const OrdersAnswer = Type.Object(
  { orders: Type.Array(Order), meta: DataMeta },
  { description: 'Orders' },
);
export type OrdersAnswer = Static<typeof OrdersAnswer>;

export const OrderAnswer = Type.Object({ order: Order, meta: DataMeta }, { description: 'The order' });
export type OrderAnswer = Static<typeof OrderAnswer>;

const AUTH_NOTE = ' Needs a signed-in shopper (401 AUTH_REQUIRED).';
const DEGRADED_NOTE =
  ' Degraded contract: a saved copy of this user’s answer (never another’s) with `Storefront-Degraded: cart; ' +
  'reason=…`, else 503.';

export const listOrders = defineRoute({
  method: 'GET',
  url: '/api/orders',
  schema: {
    description: `The user's orders, newest first.${AUTH_NOTE}${DEGRADED_NOTE}`,
    tags: ['orders'],
    response: { 200: OrdersAnswer, 401: errorResponse('Signed out (AUTH_REQUIRED)'), 503: Unavailable },
  },
});

export const getOrder = defineRoute({
  method: 'GET',
  url: '/api/orders/:id',
  schema: {
    description: `One of the user's orders; another user's order is 404 ORDER_NOT_FOUND.${AUTH_NOTE}${DEGRADED_NOTE}`,
    tags: ['orders'],
    params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }),
    response: {
      200: OrderAnswer,
      400: errorResponse('Invalid order id (INVALID_REQUEST, param id)'),
      401: errorResponse('Signed out (AUTH_REQUIRED)'),
      404: errorResponse('No such order of this user (ORDER_NOT_FOUND)'),
      503: Unavailable,
    },
  },
});

/** Every order route. */
export const orderRoutes = [listOrders, getOrder] as const;
