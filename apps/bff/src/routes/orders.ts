import { AppError } from '../errors.js';
import { definePlugin } from '../plugin.js';
import { cartIdentityHeaders, type Identity, identityScope } from '../plugins/session.js';
import { dataMetaSchema, errorResponseSchema, orderSchema, unavailableResponseSchema } from '../schemas.js';
import type { Upstream } from '../upstream/upstream.js';
import { answer, invalidResponse, isRecord } from './answers.js';

const AUTH_NOTE = ' Needs a signed-in shopper (401 AUTH_REQUIRED).';
const DEGRADED_NOTE =
  ' Degraded contract: a saved copy of this user’s answer (never another’s) with `Storefront-Degraded: cart; ' +
  'reason=…`, else 503.';

/** The signed-in user of a route declared with `identity: 'user'`. */
export function userOf(identity: Identity): Extract<NonNullable<Identity>, { userId: number }> {
  if (!identity || !('userId' in identity)) throw new AppError(401, 'AUTH_REQUIRED', 'Sign in to do this');
  return identity;
}

export interface OrderRoutesOptions {
  cart: Upstream;
}

/** `/api/orders*`: the signed-in user's orders from the cart service. */
export const orderRoutes = definePlugin<OrderRoutesOptions>(
  'order-routes',
  async (app, { cart }) => {
    app.get(
      '/api/orders',
      {
        config: { identity: 'user' },
        schema: {
          description: `The user's orders, newest first.${AUTH_NOTE}${DEGRADED_NOTE}`,
          tags: ['orders'],
          response: {
            200: {
              description: 'Orders',
              type: 'object',
              required: ['orders', 'meta'],
              properties: { orders: { type: 'array', items: orderSchema }, meta: dataMetaSchema },
            },
            401: errorResponseSchema('Signed out (AUTH_REQUIRED)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const user = userOf(request.identity);
        const outcome = await cart.request({
          path: '/orders',
          headers: cartIdentityHeaders(user),
          savedCopy: { scope: identityScope(user) },
          requestId: request.id,
        });
        return answer('cart', request, reply, outcome, (json) => {
          if (!Array.isArray(json.orders)) throw invalidResponse('cart', 'order list');
          return { orders: json.orders };
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/orders/:id',
      {
        config: { identity: 'user' },
        schema: {
          description: `One of the user's orders; another user's order is 404 ORDER_NOT_FOUND.${AUTH_NOTE}${DEGRADED_NOTE}`,
          tags: ['orders'],
          params: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
          },
          response: {
            200: {
              description: 'The order',
              type: 'object',
              required: ['order', 'meta'],
              properties: { order: orderSchema, meta: dataMetaSchema },
            },
            400: errorResponseSchema('Invalid order id (INVALID_PARAMETER)'),
            401: errorResponseSchema('Signed out (AUTH_REQUIRED)'),
            404: errorResponseSchema('No such order of this user (ORDER_NOT_FOUND)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const user = userOf(request.identity);
        const outcome = await cart.request({
          path: `/orders/${encodeURIComponent(request.params.id)}`,
          headers: cartIdentityHeaders(user),
          savedCopy: { scope: identityScope(user) },
          requestId: request.id,
        });
        return answer('cart', request, reply, outcome, (json) => {
          if (!isRecord(json.order)) throw invalidResponse('cart', 'order');
          return { order: json.order };
        });
      },
    );
  },
  { encapsulate: true },
);
