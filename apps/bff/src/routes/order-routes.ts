import { getOrder, listOrders } from '@storefront/contract';
import type { CartClient } from '../clients/cart-client.js';
import { dataAnswer } from '../http/answers.js';
import { defineRoutes } from '../http/define-routes.js';
import { signedInUser } from '../identity.js';

export interface OrderRoutesOptions {
  cart: CartClient;
}

/** `/api/orders*`: the signed-in user's orders from the cart service. */
export const orderRoutes = defineRoutes<OrderRoutesOptions>('order-routes', async (api, { cart }) => {
  api.route({
    ...listOrders,
    config: { identity: 'user' },
    handler: async (request, reply) =>
      dataAnswer(request, reply, await cart.listOrders(signedInUser(request.identity), request.id)),
  });

  api.route({
    ...getOrder,
    config: { identity: 'user' },
    handler: async (request, reply) => {
      const user = signedInUser(request.identity);
      return dataAnswer(request, reply, await cart.getOrder(user, request.params.id, request.id));
    },
  });
});
