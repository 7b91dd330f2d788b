import { randomUUID } from 'node:crypto';
import type { CheckoutSaga } from '../checkout/checkout.js';
import { definePlugin } from '../plugin.js';
import {
  errorResponseSchema,
  idempotencyHeaderSchema,
  orderSchema,
  shippingAddressSchema,
  simpleMetaSchema,
  unavailableResponseSchema,
} from '../schemas.js';
import type { JsonObject } from './answers.js';
import { userOf } from './orders.js';

export interface CheckoutRoutesOptions {
  saga: CheckoutSaga;
}

/** `POST /api/checkout`: places the order (see CheckoutSaga); needs a user and an Idempotency-Key. */
export const checkoutRoutes = definePlugin<CheckoutRoutesOptions>(
  'checkout-routes',
  async (app, { saga }) => {
    app.post<{ Body: { shippingAddress?: JsonObject } | undefined }>(
      '/api/checkout',
      {
        config: { identity: 'user', idempotency: 'required' },
        schema: {
          description:
            'Places the order: reads the cart, re-checks prices and stock, reserves the stock, creates the order ' +
            'and empties the cart; on failure the reservation is released. Needs a signed-in shopper and an ' +
            'Idempotency-Key (one order per key).',
          tags: ['cart'],
          headers: idempotencyHeaderSchema(true),
          body: {
            type: ['object', 'null'],
            additionalProperties: false,
            properties: { shippingAddress: shippingAddressSchema },
          },
          response: {
            201: {
              description: 'The order',
              type: 'object',
              required: ['order', 'meta'],
              properties: { order: orderSchema, meta: simpleMetaSchema },
            },
            400: errorResponseSchema('IDEMPOTENCY_KEY_REQUIRED, INVALID_IDEMPOTENCY_KEY or INVALID_REQUEST'),
            401: errorResponseSchema('Signed out (AUTH_REQUIRED)'),
            409: errorResponseSchema(
              'CART_EMPTY, INSUFFICIENT_STOCK (with lines), CART_CHANGED or IDEMPOTENCY_KEY_IN_USE',
            ),
            422: errorResponseSchema('Idempotency-Key reused with another body (IDEMPOTENCY_KEY_REUSED)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const user = userOf(request.identity);
        const result = await saga.run(
          {
            checkoutId: randomUUID(),
            userId: user.userId,
            shippingAddress: request.body?.shippingAddress ?? null,
            requestId: request.id,
          },
          request.log,
        );
        if (!result.ok) throw result.error;
        return reply.code(201).send({ order: result.order, meta: { requestId: request.id } });
      },
    );
  },
  { encapsulate: true },
);
