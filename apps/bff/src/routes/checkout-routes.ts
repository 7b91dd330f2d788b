import { checkout } from '@storefront/contract';
import { IDEMPOTENT_REPLAYED_HEADER } from '@storefront/service-kit';
import type { CheckoutSaga } from '../checkout/checkout-saga.js';
import { metaOf } from '../http/answers.js';
import { defineRoutes } from '../http/define-routes.js';
import { signedInUser } from '../identity.js';
import { serviceKeyOf } from '../plugins/idempotency.js';

export interface CheckoutRoutesOptions {
  saga: CheckoutSaga;
}

/**
 * `POST /api/checkout`: places the order (see CheckoutSaga); needs a user and an Idempotency-Key, from which the
 * checkout's id is derived: a retry with the key on any replica resumes or replays the same checkout.
 */
export const checkoutRoutes = defineRoutes<CheckoutRoutesOptions>(
  'checkout-routes',
  async (api, { saga }) => {
    api.route({
      ...checkout,
      config: { identity: 'user', idempotency: 'required' },
      handler: async (request, reply) => {
        const user = signedInUser(request.identity);
        const checkoutId = serviceKeyOf(request);
        // `idempotency: 'required'` answered 400 already when the key is missing.
        if (checkoutId === undefined) throw new Error('checkout without an idempotency key');
        const result = await saga.run(
          {
            checkoutId,
            userId: user.userId,
            shippingAddress: request.body?.shippingAddress ?? null,
            requestId: request.id,
          },
          request.log,
        );
        if (result.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        if (!result.ok) throw result.error;
        // 202 while a choreographed order waits for the catalog's answer (it arrives as events, not here).
        const status = result.order.status === 'pending' ? 202 : 201;
        return reply.code(status).send({ order: result.order, meta: metaOf(request) });
      },
    });
  },
);
