import { ApiError, definePlugin } from '@storefront/service-kit';
import type { CreateOrderInput } from '../db/types.js';
import type { ErrorCode } from '../lib/error-codes.js';
import { requireUser, userOf } from '../plugins/identity-plugin.js';
import { createOrderBodySchema } from './schemas.js';

const ORDER_ID = /^[1-9][0-9]{0,14}$/;

function orderNotFound(): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(404, 'ORDER_NOT_FOUND', 'Order not found.');
}

/** `POST /orders`, `GET /orders`, `GET /orders/:id`, `GET /orders/by-checkout/:checkoutId` (signed-in only). */
export const ordersRoutes = definePlugin(
  'cart-orders-routes',
  async (app) => {
    // Every route here is the user's own: the hook runs before body validation.
    app.addHook('onRequest', requireUser);

    app.post<{ Body: CreateOrderInput }>(
      '/orders',
      { schema: { body: createOrderBodySchema } },
      async (request, reply) => {
        const user = userOf(request);
        const currencies = new Set(request.body.lines.map((line) => line.currency));
        if (currencies.size > 1) {
          throw new ApiError<ErrorCode>(400, 'INVALID_REQUEST', 'All lines must share one currency.', {
            details: { field: 'lines' },
          });
        }
        const result = app.db.createOrder(user.userId, user.ownerKey, request.body);
        switch (result.kind) {
          case 'created':
            request.log.info(
              { userId: user.userId, orderId: result.order.id, checkoutId: result.order.checkoutId },
              'order placed',
            );
            return reply.code(201).send({ order: result.order });
          case 'replayed':
            return reply.code(200).send({ order: result.order });
          case 'cart-changed':
            throw new ApiError<ErrorCode>(
              409,
              'CART_CHANGED',
              'The cart has changed since checkout started.',
              {
                details: { cartVersion: result.cartVersion },
              },
            );
          case 'checkout-id-taken':
            throw new ApiError<ErrorCode>(
              409,
              'CHECKOUT_ID_CONFLICT',
              'This checkoutId is already used by another order.',
            );
          case 'checkout-not-found':
            throw new ApiError<ErrorCode>(
              404,
              'CHECKOUT_NOT_FOUND',
              'No checkout record of this shopper has this checkoutId.',
            );
          case 'checkout-not-reserving':
            throw new ApiError<ErrorCode>(
              409,
              'CHECKOUT_NOT_RESERVING',
              'This checkout no longer (or not yet) allows an order.',
              { details: { state: result.state } },
            );
        }
      },
    );

    app.get('/orders', async (request) => {
      return { orders: app.db.listOrders(userOf(request).userId) };
    });

    app.get<{ Params: { checkoutId: string } }>('/orders/by-checkout/:checkoutId', async (request) => {
      const order = app.db.getOrderByCheckout(userOf(request).userId, request.params.checkoutId);
      if (!order) throw orderNotFound();
      return { order };
    });

    app.get<{ Params: { id: string } }>('/orders/:id', async (request) => {
      // A malformed id names no order of the caller's, exactly like someone else's id: 404, never 400/403.
      if (!ORDER_ID.test(request.params.id)) throw orderNotFound();
      const order = app.db.getOrder(userOf(request).userId, Number(request.params.id));
      if (!order) throw orderNotFound();
      return { order };
    });
  },
  { encapsulate: true },
);
