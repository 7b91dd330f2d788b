// Issue 13, publisher side: a checkout on the real stack leaves its chain of domain events in the three
// services' outboxes, and the console's events view (GET /api/ops/events) shows it by the checkout's id.

import { expect, test } from '../support/fixtures.js';
import { ApiShopper, checkoutIdOf } from '../support/shopper.js';

test('a checkout publishes StockReserved, OrderPlaced, CartCheckedOut and StockCommitted under its checkout id', async ({
  storefront,
}) => {
  const shopper = new ApiShopper(storefront.shellUrl);
  await shopper.signUp('events');
  const added = await shopper.keyed('POST', '/api/cart/lines', 'add-1', {
    body: { productId: 1, quantity: 1 },
    deadline: Date.now() + 15_000,
  });
  expect(added.status).toBe(200);
  const key = 'checkout-events';
  const placed = await shopper.keyed('POST', '/api/checkout', key, {
    body: {},
    deadline: Date.now() + 15_000,
  });
  expect(placed.status).toBe(201);

  const checkoutId = checkoutIdOf(shopper.userId, key);
  const chain = async () => {
    const answer = await shopper.call(
      'GET',
      `/api/ops/events?correlationId=${encodeURIComponent(checkoutId)}`,
    );
    const events = (answer.json?.events ?? []) as { service: string; type: string }[];
    return events.map((event) => `${event.service}:${event.type}`).sort();
  };
  // Each replica reads the feeds on its own schedule: the chain appears within a few polls.
  await expect
    .poll(chain, { timeout: 15_000, intervals: [500] })
    .toEqual(['cart:CartCheckedOut', 'cart:OrderPlaced', 'catalog:StockCommitted', 'catalog:StockReserved']);
});
