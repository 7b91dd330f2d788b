import { signed, startTestApp, TEST_SERVICE_SECRET, type TestApp } from '@storefront/service-kit/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { build } from '../app.js';

/** A ready cart service on its own temporary database (the kit's test app), trusting `TEST_SERVICE_SECRET`. */
export function startCart(): Promise<TestApp> {
  return startTestApp('cart-service', 'cart.db', (dbPath) =>
    build({ dbPath, serviceSecret: TEST_SERVICE_SECRET }),
  );
}

/** Identity headers of a signed-in shopper. */
export function asUser(userId: number): Record<string, string> {
  return { 'x-user-id': String(userId) };
}

/** Identity headers of an anonymous shopper. */
export function asAnonymous(cartId: string): Record<string, string> {
  return { 'x-anonymous-cart': cartId };
}

/** `inject` with a JSON body and identity headers, signed as the BFF signs (the service refuses it otherwise). */
export function call(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    ...signed({ method, url, headers }),
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
}

/** A priced order line, as the BFF stores it on `open` → `reserving`. */
export const PRICED_LINE = {
  productId: 7,
  name: 'Skillet',
  unitPriceCents: 4000,
  currency: 'EUR',
  quantity: 2,
} as const;

/**
 * What the BFF does before `POST /orders`: opens checkout `id` (no address) and moves it from `open` to
 * `reserving`. Answers the transition's response; asserts nothing (some tests expect it to be refused).
 */
export async function reserveCheckout(
  app: FastifyInstance,
  userId: number,
  id: string,
  cartVersion = 0,
): Promise<LightMyRequestResponse> {
  await call(app, 'PUT', `/checkouts/${id}`, asUser(userId), { shippingAddress: null });
  return call(app, 'POST', `/checkouts/${id}/transitions`, asUser(userId), {
    from: ['open'],
    to: 'reserving',
    lines: [PRICED_LINE],
    cartVersion,
  });
}
