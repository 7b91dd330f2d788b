// Test support for `src/contract.test.ts`: requests that reach every handler of a set and each of its answers
// (live, degraded, 503 and the 4xx paths). The statuses each scenario gives are listed in the test.
import { demoUser } from '../account/fixtures';
import { SEED_CART_TRACE } from '../ops/trace-fixtures';
import type { Step } from './exercise';

/** How a plan changes who is signed in, for the handler set under test. */
export interface Session {
  signIn: () => void;
  signOut: () => void;
}

const address = { line1: '1 Road', city: 'Paris', postalCode: '75001', country: 'FR' };

/** Products, one product by slug and id (found, missing, malformed), categories. */
export function catalogPlan(): Step[] {
  return [
    { method: 'GET', path: '/api/catalog/products' },
    { method: 'GET', path: '/api/catalog/products?q=lamp&category=office&sort=price-desc&page=1&pageSize=5' },
    { method: 'GET', path: '/api/catalog/products?featured=true&pageSize=48' },
    { method: 'GET', path: '/api/catalog/products?page=-4&pageSize=500&sort=bogus' },
    { method: 'GET', path: '/api/catalog/products/yoga-mat' },
    { method: 'GET', path: '/api/catalog/products/1' },
    { method: 'GET', path: '/api/catalog/products/no-such-thing' },
    { method: 'GET', path: '/api/catalog/products/Not%20a%20slug' },
    { method: 'GET', path: '/api/catalog/categories' },
  ];
}

/** The cart's reads and writes (with Idempotency-Key replays and refusals), checkout and the orders. */
export function cartPlan(session: Session): Step[] {
  const add = (json: unknown, idempotencyKey?: string): Step => ({
    method: 'POST',
    path: '/api/cart/lines',
    json,
    idempotencyKey,
  });
  const checkout = (json: unknown, idempotencyKey?: string): Step => ({
    method: 'POST',
    path: '/api/checkout',
    json,
    idempotencyKey,
  });
  return [
    session.signOut,
    { method: 'GET', path: '/api/cart' },
    add({ productId: 5, quantity: 1 }, 'add-1'),
    add({ productId: 5, quantity: 1 }, 'add-1'),
    add({ productId: 5, quantity: 2 }, 'add-1'),
    add({ productId: 5, quantity: 1 }, 'not a key'),
    add({ productId: 'x', quantity: 1 }),
    add({ productId: 999, quantity: 1 }),
    add({ productId: 3, quantity: 1 }),
    { method: 'POST', path: '/api/cart/lines', text: '{ not json' },
    { method: 'PATCH', path: '/api/cart/lines/5', json: { quantity: 3 } },
    { method: 'PATCH', path: '/api/cart/lines/6', json: { quantity: 1 } },
    { method: 'PATCH', path: '/api/cart/lines/0', json: { quantity: 1 } },
    { method: 'DELETE', path: '/api/cart/lines/5' },
    { method: 'DELETE', path: '/api/cart/lines/abc' },
    { method: 'GET', path: '/api/orders' },
    { method: 'GET', path: '/api/orders/1001' },
    checkout({}),
    checkout({}, 'checkout-1'),
    session.signIn,
    { method: 'GET', path: '/api/orders' },
    { method: 'GET', path: '/api/orders/1001' },
    { method: 'GET', path: '/api/orders/42' },
    { method: 'GET', path: '/api/orders/not%20an%20id' },
    checkout({ shippingAddress: { line1: '' } }, 'checkout-2'),
    checkout({ shippingAddress: address }, 'checkout-3'),
    checkout({ shippingAddress: address }, 'checkout-3'),
    checkout({}, 'checkout-3'),
    checkout({}, 'checkout-4'),
    { method: 'GET', path: '/api/orders' },
  ];
}

/** Sign-up, sign-in and sign-out (and their refusals), who is signed in, the service's status and the profile. */
export function accountPlan(session: Session): Step[] {
  const post = (path: string, json: unknown): Step => ({ method: 'POST', path, json });
  return [
    session.signOut,
    { method: 'GET', path: '/api/account/me' },
    { method: 'GET', path: '/api/account/status' },
    { method: 'GET', path: '/api/account/profile' },
    { method: 'PUT', path: '/api/account/profile', json: { name: 'X', shippingAddress: null } },
    { method: 'POST', path: '/api/account/signin', text: '{ nope' },
    post('/api/account/signin', { email: demoUser.email, password: 'wrong-password' }),
    post('/api/account/signup', { email: 'not-an-email', password: 'long-enough', name: 'X' }),
    post('/api/account/signup', { email: demoUser.email, password: 'long-enough', name: 'Again' }),
    post('/api/account/signup', { email: 'new@example.com', password: 'long-enough', name: 'New' }),
    { method: 'POST', path: '/api/account/signout' },
    post('/api/account/signin', { email: demoUser.email, password: demoUser.password }),
    // While the service is down nobody can sign in: the session is made through the store.
    session.signIn,
    { method: 'GET', path: '/api/account/me' },
    { method: 'GET', path: '/api/account/profile' },
    { method: 'PUT', path: '/api/account/profile', json: { name: '', shippingAddress: null } },
    { method: 'PUT', path: '/api/account/profile', json: { name: 'Ada', shippingAddress: address } },
    { method: 'POST', path: '/api/account/signout' },
  ];
}

/**
 * The console's reads (both scopes, the stream, the history, the events view and a limit out of bounds), the checkout mode
 * (read, switched, an unknown mode), a kill (known and unknown process) and the reads after it.
 */
export function opsPlan(): Step[] {
  return [
    { method: 'GET', path: '/api/resilience' },
    { method: 'GET', path: '/api/resilience?scope=local' },
    { method: 'GET', path: '/api/ops/stream' },
    { method: 'GET', path: '/api/ops/history' },
    { method: 'GET', path: '/api/ops/events' },
    { method: 'GET', path: '/api/ops/events?correlationId=6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41&limit=2' },
    { method: 'GET', path: '/api/ops/events?limit=0' },
    { method: 'GET', path: '/api/ops/checkout-mode' },
    { method: 'PUT', path: '/api/faults/checkout-mode', json: { mode: 'choreographed' } },
    { method: 'PUT', path: '/api/faults/checkout-mode', json: { mode: 'improvised' } },
    { method: 'GET', path: '/api/ops/traces' },
    { method: 'GET', path: '/api/ops/traces?limit=1&minDurationMs=100' },
    { method: 'GET', path: '/api/ops/traces?limit=500' },
    { method: 'GET', path: `/api/ops/traces/${SEED_CART_TRACE}` },
    { method: 'GET', path: `/api/ops/traces/${'f'.repeat(32)}` },
    { method: 'GET', path: '/api/ops/processes' },
    { method: 'POST', path: '/api/faults/processes/bff-1/kill' },
    { method: 'POST', path: '/api/faults/processes/no-such-process/kill' },
    { method: 'GET', path: '/api/ops/processes' },
  ];
}
