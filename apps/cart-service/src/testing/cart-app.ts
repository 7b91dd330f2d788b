import { startTestApp, type TestApp } from '@storefront/service-kit/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { build } from '../app.js';

/** A ready cart service on its own temporary database (the kit's test app). */
export function startCart(): Promise<TestApp> {
  return startTestApp('cart-service', 'cart.db', (dbPath) => build({ dbPath }));
}

/** Identity headers of a signed-in shopper. */
export function asUser(userId: number): Record<string, string> {
  return { 'x-user-id': String(userId) };
}

/** Identity headers of an anonymous shopper. */
export function asAnonymous(cartId: string): Record<string, string> {
  return { 'x-anonymous-cart': cartId };
}

/** `inject` with a JSON body and identity headers. */
export function call(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
}
