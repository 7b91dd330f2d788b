import { getCheckoutMode, setCheckoutMode } from '@storefront/contract';
import { loopbackOnlyPlugin } from '@storefront/service-kit';
import type { CartClient } from '../clients/cart-client.js';
import { metaOf } from '../http/answers.js';
import { defineRoutes } from '../http/define-routes.js';

export interface CheckoutModeRoutesOptions {
  cart: CartClient;
}

/** `GET /api/ops/checkout-mode`: the cart service's checkout mode, for the console (any mode, demo or not). */
export const checkoutModeRoutes = defineRoutes<CheckoutModeRoutesOptions>(
  'checkout-mode-routes',
  async (api, { cart }) => {
    api.route({
      ...getCheckoutMode,
      handler: async (request) => ({ mode: await cart.checkoutMode(request.id), meta: metaOf(request) }),
    });
  },
);

/**
 * `PUT /api/faults/checkout-mode`: a demo switch, so it lives under the fault API and is guarded like it (registered
 * in demo mode only, loopback callers only; the cross-site guard covers every write of the BFF).
 */
export const checkoutModeSwitchRoutes = defineRoutes<CheckoutModeRoutesOptions>(
  'checkout-mode-switch-routes',
  async (api, { cart }) => {
    await api.register(loopbackOnlyPlugin, { what: 'The fault API' });
    api.route({
      ...setCheckoutMode,
      handler: async (request) => ({
        mode: await cart.setCheckoutMode(request.body.mode, request.id),
        meta: metaOf(request),
      }),
    });
  },
);
