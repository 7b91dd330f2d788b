import { addCartLine, getCart, removeCartLine, setCartLine } from '@storefront/contract';
import { ApiError } from '@storefront/service-kit';
import { EMPTY_CART } from '../clients/cart-answers.js';
import type { CartClient } from '../clients/cart-client.js';
import type { CatalogClient } from '../clients/catalog-client.js';
import { dataAnswer, liveMetaOf } from '../http/answers.js';
import { mergeAnonymousCart } from '../http/cart-merge.js';
import { readCartId } from '../http/cookies.js';
import { defineRoutes } from '../http/define-routes.js';
import { cartOwner } from '../identity.js';
import { serviceKeyOf } from '../plugins/idempotency.js';

export interface CartRoutesOptions {
  cart: CartClient;
  catalog: CatalogClient;
}

/** `/api/cart*`: the caller's cart, reads with saved copies per caller, writes with Idempotency-Key. */
export const cartRoutes = defineRoutes<CartRoutesOptions>('cart-routes', async (api, { cart, catalog }) => {
  api.route({
    ...getCart,
    config: { identity: 'cart-read' },
    handler: async (request, reply) => {
      const identity = request.identity;
      if (!identity) return { cart: EMPTY_CART, meta: liveMetaOf(request) };
      // A merge that could not be done at sign-in is retried before the read.
      if ('userId' in identity && readCartId(request)) {
        const merged = await mergeAnonymousCart(request, reply, cart, identity.userId);
        if (merged?.cart) return dataAnswer(request, reply, merged.cart());
      }
      return dataAnswer(request, reply, await cart.getCart(identity, request.id));
    },
  });

  api.route({
    ...addCartLine,
    config: { identity: 'cart-write', idempotency: 'optional' },
    handler: async (request, reply) => {
      const identity = cartOwner(request.identity);
      const { productId, quantity } = request.body;
      // Live only: a line must never be priced from a saved copy.
      const read = await catalog.pricedProduct(productId, request.id);
      if (!read.found) throw read.error;
      const { product } = read;
      if (product.stock <= 0) {
        throw new ApiError(409, 'INSUFFICIENT_STOCK', `${product.name} is out of stock`, {
          details: { lines: [{ productId, requested: quantity, available: 0 }] },
        });
      }
      return dataAnswer(
        request,
        reply,
        await cart.addLine(identity, product, quantity, request.id, serviceKeyOf(request)),
      );
    },
  });

  api.route({
    ...setCartLine,
    config: { identity: 'cart-write', idempotency: 'optional' },
    handler: async (request, reply) => {
      const identity = cartOwner(request.identity);
      const answer = await cart.setLine(
        identity,
        request.params.productId,
        request.body.quantity,
        request.id,
        serviceKeyOf(request),
      );
      return dataAnswer(request, reply, answer);
    },
  });

  api.route({
    ...removeCartLine,
    config: { identity: 'cart-write', idempotency: 'optional' },
    handler: async (request, reply) => {
      const identity = cartOwner(request.identity);
      return dataAnswer(
        request,
        reply,
        await cart.removeLine(identity, request.params.productId, request.id, serviceKeyOf(request)),
      );
    },
  });
});
