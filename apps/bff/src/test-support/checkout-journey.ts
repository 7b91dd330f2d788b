// What the checkout tests share: a signed-in shopper with a cart, the checkout request, and readers of what the
// fakes and the logs saw (the record's path through its states, the saga's steps).
import type { LightMyRequestResponse } from 'fastify';
import { userScope } from '../identity.js';
import { deriveServiceKey } from '../plugins/idempotency.js';
import type { FakeCheckouts } from './fake-checkouts.js';
import { type Browser, type Harness, type HarnessOptions, startHarness } from './shopper-harness.js';

export const ADDRESS = { line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' };

/** The lines the saga prices for the standard cart (product 1 × 2, product 2 × 1). */
export const PRICED_LINES = [
  { productId: 1, name: 'Product 1', unitPriceCents: 1001, currency: 'EUR', quantity: 2 },
  { productId: 2, name: 'Product 2', unitPriceCents: 1002, currency: 'EUR', quantity: 1 },
];

/** A harness and user 1, signed in, with product 1 × 2 and product 2 × 1 in the cart (stock 5 each). */
export async function signedInWithCart(options?: HarnessOptions): Promise<{ harness: Harness; b: Browser }> {
  const harness = await startHarness(options);
  const b = harness.browser();
  await b.request({ method: 'POST', url: '/api/cart/lines', body: { productId: 1, quantity: 2 } });
  await b.request({ method: 'POST', url: '/api/cart/lines', body: { productId: 2, quantity: 1 } });
  const signup = await b.request({
    method: 'POST',
    url: '/api/account/signup',
    body: { email: 'shopper@example.com', password: 'a-long-password', name: 'Shopper' },
  });
  if (signup.statusCode !== 201) throw new Error(`sign-up answered ${signup.statusCode}`);
  return { harness, b };
}

/** `POST /api/checkout` with an Idempotency-Key (none when undefined). */
export function checkout(
  b: Browser,
  key: string | undefined,
  options: { body?: unknown; via?: Harness['app'] } = {},
): Promise<LightMyRequestResponse> {
  return b.request({
    method: 'POST',
    url: '/api/checkout',
    headers: key === undefined ? {} : { 'idempotency-key': key },
    body: options.body,
    via: options.via,
  });
}

/** The checkout id (record, reservation, order's `checkoutId`) the BFF derives for a user's key. */
export function checkoutIdOf(key: string, userId = 1): string {
  return deriveServiceKey(userScope(userId), key);
}

/** The record's path through its states, e.g. `['open→reserving', 'reserving→ordered']`. */
export function pathOf(checkouts: FakeCheckouts, id: string): string[] {
  return checkouts.history.filter((h) => h.id === id).map((h) => `${h.from}→${h.to}`);
}

interface LogLine {
  msg: string;
  checkoutId?: string;
  step?: string;
  outcome?: string;
}

/** The saga's steps as logged: `[step, outcome]`. */
export function stepsOf(harness: Harness): Array<[string | undefined, string | undefined]> {
  return harness.logs
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.msg === 'checkout step')
    .map((line) => [line.step, line.outcome]);
}

/** Whether some log line has this message. */
export function logged(harness: Harness, msg: string): boolean {
  return harness.logs.some((line) => (JSON.parse(line) as LogLine).msg === msg);
}
