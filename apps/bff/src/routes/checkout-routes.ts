import { randomUUID } from 'node:crypto';
import { checkout } from '@storefront/contract';
import type { CheckoutSaga } from '../checkout/checkout-saga.js';
import { metaOf } from '../http/answers.js';
import { defineRoutes } from '../http/define-routes.js';
import { signedInUser } from '../identity.js';

export interface CheckoutRoutesOptions {
  saga: CheckoutSaga;
}

/** `POST /api/checkout`: places the order (see CheckoutSaga); needs a user and an Idempotency-Key. */
export const checkoutRoutes = defineRoutes<CheckoutRoutesOptions>(
  'checkout-routes',
  async (api, { saga }) => {
    api.route({
      ...checkout,
      config: { identity: 'user', idempotency: 'required' },
      handler: async (request, reply) => {
        const user = signedInUser(request.identity);
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
        return reply.code(201).send({ order: result.order, meta: metaOf(request) });
      },
    });
  },
);
