import { ApiError, definePlugin, keyReusedError } from '@storefront/service-kit';
import { transitionProblem } from '../db/checkouts-db.js';
import type { ShippingAddress, TransitionInput } from '../db/types.js';
import type { ErrorCode } from '../lib/error-codes.js';
import { requireUser, userOf } from '../plugins/identity-plugin.js';
import {
  checkoutParamsSchema,
  openCheckoutBodySchema,
  transitionBodySchema,
  unfinishedQuerySchema,
} from './schemas.js';

/** Defaults and bound of `GET /checkouts/unfinished`. */
export const UNFINISHED_DEFAULTS = { staleAfterMs: 10_000, limit: 50, maxLimit: 500 } as const;

interface IdParams {
  id: string;
}

function checkoutNotFound(): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(404, 'CHECKOUT_NOT_FOUND', 'Checkout not found.');
}

/**
 * The checkout records the BFF's saga runs on: `PUT /checkouts/:id` (create or find), `GET /checkouts/:id`,
 * `POST /checkouts/:id/transitions` (compare-and-set), all for the signed-in shopper; and the recovery list
 * `GET /checkouts/unfinished` (no identity: the orchestrator's own sweep).
 */
export const checkoutsRoutes = definePlugin(
  'cart-checkouts-routes',
  async (app) => {
    // A static segment wins over `:id` in Fastify's router, whatever the order of registration.
    app.get<{ Querystring: { staleAfterMs?: string; limit?: string } }>(
      '/checkouts/unfinished',
      // Every BFF replica polls this every few seconds: its request lines would drown the log (failures still log).
      { schema: { querystring: unfinishedQuerySchema }, logLevel: 'warn' },
      async (request) => {
        const staleAfterMs = Number(request.query.staleAfterMs ?? UNFINISHED_DEFAULTS.staleAfterMs);
        const limit = Number(request.query.limit ?? UNFINISHED_DEFAULTS.limit);
        if (limit < 1 || limit > UNFINISHED_DEFAULTS.maxLimit) {
          throw new ApiError<ErrorCode>(
            400,
            'INVALID_REQUEST',
            `Invalid value for query parameter "limit": expected an integer from 1 to ${UNFINISHED_DEFAULTS.maxLimit}.`,
            { details: { param: 'limit' } },
          );
        }
        return { checkouts: app.db.checkouts.unfinished(staleAfterMs, limit) };
      },
    );

    app.put<{ Params: IdParams; Body: { shippingAddress: ShippingAddress | null } }>(
      '/checkouts/:id',
      { onRequest: requireUser, schema: { params: checkoutParamsSchema, body: openCheckoutBodySchema } },
      async (request, reply) => {
        const user = userOf(request);
        const result = app.db.checkouts.open(
          request.params.id,
          user.userId,
          request.body.shippingAddress,
          app.db.checkoutMode(),
        );
        switch (result.kind) {
          case 'created':
            request.log.info({ userId: user.userId, checkoutId: result.checkout.id }, 'checkout opened');
            return reply.code(201).send({ checkout: result.checkout });
          case 'existing':
            return reply.code(200).send({ checkout: result.checkout });
          case 'address-differs':
            throw keyReusedError();
          case 'taken':
            throw new ApiError<ErrorCode>(
              409,
              'CHECKOUT_ID_CONFLICT',
              'This checkout id belongs to another shopper.',
            );
        }
      },
    );

    app.get<{ Params: IdParams }>(
      '/checkouts/:id',
      { onRequest: requireUser, schema: { params: checkoutParamsSchema } },
      async (request) => {
        const checkout = app.db.checkouts.get(request.params.id, userOf(request).userId);
        if (!checkout) throw checkoutNotFound();
        return { checkout };
      },
    );

    app.post<{ Params: IdParams; Body: TransitionInput }>(
      '/checkouts/:id/transitions',
      { onRequest: requireUser, schema: { params: checkoutParamsSchema, body: transitionBodySchema } },
      async (request) => {
        const problem = transitionProblem(request.body);
        if (problem !== undefined) throw new ApiError<ErrorCode>(400, 'INVALID_TRANSITION', problem);
        const user = userOf(request);
        const result = app.db.checkouts.transition(request.params.id, user.userId, request.body);
        if (result.kind === 'not-found') throw checkoutNotFound();
        if (result.changed) {
          request.log.info(
            { userId: user.userId, checkoutId: result.checkout.id, state: result.checkout.state },
            'checkout moved',
          );
        }
        return { checkout: result.checkout, changed: result.changed };
      },
    );
  },
  { encapsulate: true },
);
