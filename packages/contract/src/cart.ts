// `/api/cart*` and `/api/checkout`: the caller's cart (cart service, prices from the catalog) and placing an order.
import { DataMeta, errorResponse, IdempotencyHeaders, Meta, Unavailable } from './common.js';
import { MAX_LINE_QUANTITY } from './constants.js';
import { Order, ShippingAddressInput } from './orders.js';
import { defineRoute, Nullable, type Static, Type } from './schema.js';

/** One line of the caller's cart. */
export const CartLine = Type.Object({
  productId: Type.Integer(),
  name: Type.String(),
  slug: Type.String(),
  imageUrl: Nullable(Type.String(), { description: 'Image path under /api/catalog/images' }),
  unitPriceCents: Type.Integer(),
  currency: Type.String(),
  quantity: Type.Integer(),
  lineTotalCents: Type.Integer(),
});
export type CartLine = Static<typeof CartLine>;

/** The caller's cart. */
export const Cart = Type.Object({
  lines: Type.Array(CartLine),
  itemCount: Type.Integer(),
  subtotalCents: Type.Integer(),
  currency: Type.String(),
});
export type Cart = Static<typeof Cart>;

/** `{ cart, meta }`, answered by every cart route. */
export const CartAnswer = Type.Object({ cart: Cart, meta: DataMeta }, { description: 'The caller’s cart' });
export type CartAnswer = Static<typeof CartAnswer>;

const ProductId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const LineParams = Type.Object({ productId: ProductId });

export const AddCartLineBody = Type.Object(
  { productId: ProductId, quantity: Type.Integer({ minimum: 1, maximum: MAX_LINE_QUANTITY }) },
  { additionalProperties: false },
);
export type AddCartLineBody = Static<typeof AddCartLineBody>;

export const SetCartLineBody = Type.Object(
  { quantity: Type.Integer({ minimum: 0, maximum: MAX_LINE_QUANTITY }) },
  { additionalProperties: false },
);
export type SetCartLineBody = Static<typeof SetCartLineBody>;

const IDENTITY_NOTE =
  ' The cart is the signed-in user’s, else the anonymous cart of the sf_cart cookie (set on the first write).';
const KEY_REUSED = errorResponse('Idempotency-Key reused with another body (IDEMPOTENCY_KEY_REUSED)');

export const getCart = defineRoute({
  method: 'GET',
  url: '/api/cart',
  schema: {
    description:
      `The caller’s cart (empty when none).${IDENTITY_NOTE} A signed-in user whose anonymous cart could ` +
      'not be merged at sign-in gets it merged here. Degraded contract: a saved copy of this caller’s cart ' +
      '(never another’s) with `Storefront-Degraded: cart; reason=…`, else 503.',
    tags: ['cart'],
    response: { 200: CartAnswer, 503: Unavailable },
  },
});

export const addCartLine = defineRoute({
  method: 'POST',
  url: '/api/cart/lines',
  schema: {
    description: `Adds a product (quantities add, capped by stock); the price is read live from the catalog.${IDENTITY_NOTE}`,
    tags: ['cart'],
    headers: IdempotencyHeaders(false),
    body: AddCartLineBody,
    response: {
      200: CartAnswer,
      400: errorResponse('Invalid body (INVALID_REQUEST) or Idempotency-Key (INVALID_IDEMPOTENCY_KEY)'),
      404: errorResponse('No such product (PRODUCT_NOT_FOUND)'),
      409: errorResponse('Out of stock (INSUFFICIENT_STOCK) or key in use (IDEMPOTENCY_KEY_IN_USE)'),
      422: KEY_REUSED,
      503: Unavailable,
    },
  },
});

export const setCartLine = defineRoute({
  method: 'PATCH',
  url: '/api/cart/lines/:productId',
  schema: {
    description: `Sets a line's quantity (0 removes it), capped by the stock snapshot.${IDENTITY_NOTE}`,
    tags: ['cart'],
    headers: IdempotencyHeaders(false),
    params: LineParams,
    body: SetCartLineBody,
    response: {
      200: CartAnswer,
      400: errorResponse(
        'Invalid body, parameter or Idempotency-Key, or the product is not in the cart (SNAPSHOT_REQUIRED)',
      ),
      409: errorResponse('Key in use (IDEMPOTENCY_KEY_IN_USE)'),
      422: KEY_REUSED,
      503: Unavailable,
    },
  },
});

export const removeCartLine = defineRoute({
  method: 'DELETE',
  url: '/api/cart/lines/:productId',
  schema: {
    description: `Removes a line.${IDENTITY_NOTE}`,
    tags: ['cart'],
    headers: IdempotencyHeaders(false),
    params: LineParams,
    response: {
      200: CartAnswer,
      400: errorResponse('Invalid parameter or Idempotency-Key'),
      409: errorResponse('Key in use (IDEMPOTENCY_KEY_IN_USE)'),
      503: Unavailable,
    },
  },
});

export const CheckoutBody = Nullable(
  Type.Object({ shippingAddress: Type.Optional(ShippingAddressInput) }, { additionalProperties: false }),
);
export type CheckoutBody = Static<typeof CheckoutBody>;

export const CheckoutAnswer = Type.Object({ order: Order, meta: Meta }, { description: 'The order' });
export type CheckoutAnswer = Static<typeof CheckoutAnswer>;

export const checkout = defineRoute({
  method: 'POST',
  url: '/api/checkout',
  schema: {
    description:
      'Places the order. Orchestrated (201, `status: placed`): reads the cart, re-checks prices and stock, ' +
      'reserves the stock, creates the order and empties the cart; on failure the reservation is released. ' +
      'Choreographed (202, `status: pending`): the cart service records the order and publishes `OrderPlaced`; ' +
      'the catalog reserves on that event and the order becomes `confirmed` or `rejected` later (poll ' +
      '`GET /api/orders/:id`). The checkout mode is the cart service’s setting when the key is first used. ' +
      'Needs a signed-in shopper and an Idempotency-Key (one order per key).',
    tags: ['cart'],
    headers: IdempotencyHeaders(true),
    body: CheckoutBody,
    response: {
      201: CheckoutAnswer,
      202: CheckoutAnswer,
      400: errorResponse('IDEMPOTENCY_KEY_REQUIRED, INVALID_IDEMPOTENCY_KEY or INVALID_REQUEST'),
      401: errorResponse('Signed out (AUTH_REQUIRED)'),
      409: errorResponse(
        'CART_EMPTY, INSUFFICIENT_STOCK (with lines), CART_CHANGED or IDEMPOTENCY_KEY_IN_USE',
      ),
      422: KEY_REUSED,
      503: Unavailable,
    },
  },
});

/** Every cart and checkout route. */
export const cartRoutes = [getCart, addCartLine, setCartLine, removeCartLine, checkout] as const;
