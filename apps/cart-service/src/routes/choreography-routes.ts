import { ApiError, definePlugin } from '@storefront/service-kit';
import { CHECKOUT_MODES, type CheckoutMode, type Order } from '../db/types.js';
import type { ErrorCode } from '../lib/error-codes.js';
import { requireUser, userOf } from '../plugins/identity-plugin.js';
import { checkoutParamsSchema } from './schemas.js';

export interface ChoreographyRoutesOptions {
  /**
   * DEMO ONLY (issue 13, "events outside the transaction"): commit the pending order first and append its events
   * in a second transaction `delayMs` later, as a naive "save, then publish" would. A process that dies in between
   * loses the event and the order stays pending for ever: what the outbox exists to prevent.
   */
  eventsOutsideTransaction?: { delayMs: number };
}

const modeBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: { mode: { type: 'string', enum: CHECKOUT_MODES } },
} as const;

/**
 * The choreographed checkout's command and the checkout-mode setting: `POST /checkouts/:id/place` (the signed-in
 * shopper's open choreographed checkout → a pending order and `OrderPlaced`), `GET`/`PUT /settings/checkout-mode`
 * (the BFF's; the console switches it in demo mode).
 */
export const choreographyRoutes = definePlugin<ChoreographyRoutesOptions>(
  'cart-choreography-routes',
  async (app, options) => {
    app.post<{ Params: { id: string } }>(
      '/checkouts/:id/place',
      { onRequest: requireUser, schema: { params: checkoutParamsSchema } },
      async (request, reply) => {
        const user = userOf(request);
        const outside = options.eventsOutsideTransaction;
        const result = app.db.placePendingOrder(user.userId, user.ownerKey, request.params.id, {
          eventsOutsideTransaction: outside !== undefined,
        });
        switch (result.kind) {
          case 'created':
            request.log.info(
              { userId: user.userId, orderId: result.order.id, checkoutId: result.order.checkoutId },
              'pending order placed',
            );
            if (outside) publishLater(result.order, outside.delayMs);
            return reply.code(201).send({ order: result.order });
          case 'replayed':
            return reply.code(200).send({ order: result.order });
          case 'cart-empty':
            throw new ApiError<ErrorCode>(409, 'CART_EMPTY', 'The cart is empty');
          case 'checkout-not-found':
            throw new ApiError<ErrorCode>(404, 'CHECKOUT_NOT_FOUND', 'Checkout not found.');
          case 'checkout-not-open':
            throw new ApiError<ErrorCode>(
              409,
              'CHECKOUT_NOT_OPEN',
              `This checkout is ${result.mode} and ${result.state}: no pending order can be placed from it.`,
              { details: { state: result.state, mode: result.mode } },
            );
        }
      },
    );

    app.get('/settings/checkout-mode', async () => ({ mode: app.db.checkoutMode() }));

    app.put<{ Body: { mode: CheckoutMode } }>(
      '/settings/checkout-mode',
      { schema: { body: modeBodySchema } },
      async (request) => {
        app.db.setCheckoutMode(request.body.mode);
        request.log.info({ mode: request.body.mode }, 'checkout mode set');
        return { mode: app.db.checkoutMode() };
      },
    );

    function publishLater(order: Order, delayMs: number): void {
      app.log.warn({ orderId: order.id, delayMs }, 'DEMO: OrderPlaced published outside the transaction');
      setTimeout(() => {
        app.db.sqlite.transaction(() => app.db.orders.publishPlaced(order))();
      }, delayMs).unref();
    }
  },
  { encapsulate: true },
);
