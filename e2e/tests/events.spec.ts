// Issue 13, publisher side: a checkout on the real stack leaves its chain of domain events in the three
// services' outboxes, and the console's events view (GET /api/ops/events) shows it by the checkout's id.
// Consumer side: a choreographed checkout's chain on /ops, each step with the consumers that handled it, and the
// consumers caught up, on whichever transport the project's stack carries events with.

import { inCheckoutMode } from '../support/checkout-mode.js';
import { expect, test } from '../support/fixtures.js';
import { ApiShopper, checkoutIdOf } from '../support/shopper.js';
import { CHOREOGRAPHY } from '../support/tags.js';

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

test.describe('the console’s consumer view', { tag: CHOREOGRAPHY }, () => {
  inCheckoutMode('choreographed');

  test('a choreographed checkout: OrderPlaced → StockReserved → OrderConfirmed → StockCommitted, consumers caught up', async ({
    page,
    storefront,
  }) => {
    const shopper = new ApiShopper(storefront.shellUrl);
    await shopper.signUp('consumers');
    const deadline = Date.now() + 15_000;
    const line = { productId: 1, quantity: 1 };
    expect((await shopper.keyed('POST', '/api/cart/lines', 'add-1', { body: line, deadline })).status).toBe(
      200,
    );
    const key = 'checkout-consumers';
    const placed = await shopper.keyed('POST', '/api/checkout', key, { body: {}, deadline });
    expect(placed.status).toBe(202);
    const checkoutId = checkoutIdOf(shopper.userId, key);

    await page.goto('/ops');
    const panel = page.getByRole('region', { name: 'Events', exact: true });
    await panel.getByLabel('Correlation id').fill(checkoutId);
    await panel.getByRole('button', { name: 'Show chain' }).click();
    const chain = panel.getByRole('table', { name: `Chain of ${checkoutId}, in order` });
    const steps = ['OrderPlaced', 'StockReserved', 'OrderConfirmed', 'StockCommitted'];
    // Other events of the checkout (CartCheckedOut) may sit between them: the four, in this order.
    await expect
      .poll(
        async () =>
          (await chain.getByRole('row').locator('td:nth-child(4)').allTextContents()).filter((type) =>
            steps.includes(type),
          ),
        { timeout: 15_000, intervals: [500] },
      )
      .toEqual(steps);
    const consumedBy = {
      OrderPlaced: 'catalog.orders',
      StockReserved: 'cart.stock',
      OrderConfirmed: 'catalog.orders',
    };
    for (const [type, consumer] of Object.entries(consumedBy)) {
      await expect(chain.getByRole('list', { name: `Consumers of ${type}` })).toContainText(
        `${consumer} after `,
        { timeout: 10_000 },
      );
    }
    const consumers = panel.getByRole('table', { name: 'Event consumers' });
    for (const name of ['catalog.orders', 'cart.stock']) {
      const row = consumers.getByRole('row', { name, exact: true });
      await expect(row).toContainText(storefront.transport);
      // The chain was consumed to its end: nothing left behind (the panel polls every 2 s).
      await expect(row).toContainText('caught up', { timeout: 20_000 });
    }
  });
});
