// Issue 11's crash matrix: each step of checkout × each of the BFF, the catalog and the cart SIGKILLed at that step;
// a retry with the same key (through the shell, so on any replica) ends with exactly one order and the stock
// conserved. Latency on the two services keeps each step's request in flight long enough to kill in the middle.
import type { StorefrontStack } from '../support/fixtures.js';
import { expect, test, untilAllBreakersClosed } from '../support/fixtures.js';
import { ApiShopper, checkoutIdOf } from '../support/shopper.js';
import { reservationState, stockLevels } from '../support/stock.js';

/** The step logged just before the request the kill lands on (the BFF's `checkout step` lines). */
const STEPS = ['open', 'check-stock', 'reserve-stock', 'create-order'] as const;
const VICTIMS = ['bff-1', 'catalog-service', 'cart-service'] as const;
/** A product with plenty of stock (seed: 65 units). */
const PRODUCT = 4;
const STEP_LATENCY_MS = 400;

async function setServiceLatency(shopper: ApiShopper, ms: number | null): Promise<void> {
  for (const target of ['cart', 'catalog']) {
    const answer =
      ms === null
        ? await shopper.call('DELETE', `/api/faults/${target}`)
        : await shopper.call('PUT', `/api/faults/${target}`, { body: { type: 'latency', options: { ms } } });
    expect(answer.status, `fault on ${target}`).toBe(200);
  }
}

/** Resolves once a log line of this checkout's step appears (polling the stack's collected lines). */
async function stepLogged(storefront: StorefrontStack, checkoutId: string, step: string): Promise<void> {
  const needle = [`"checkoutId":"${checkoutId}"`, `"step":"${step}"`];
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (storefront.logs.some((line) => needle.every((part) => line.includes(part)))) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no "${step}" step logged for ${checkoutId}`);
}

async function backUp(storefront: StorefrontStack, name: string, restartsBefore: number): Promise<void> {
  await expect
    .poll(
      () => {
        const status = storefront.stack.status().find((p) => p.name === name);
        return status?.state === 'running' && status.restarts > restartsBefore;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

test.describe('crash matrix: SIGKILL at each checkout step', () => {
  test.describe.configure({ timeout: 60_000 });
  // A kill opens breakers; each case starts from a calm storefront, whichever replica answers.
  test.beforeEach(async ({ request, storefront }) => untilAllBreakersClosed(request, storefront.shellUrl));

  for (const step of STEPS) {
    for (const victim of VICTIMS) {
      test(`${victim} killed after "${step}": one order, stock conserved`, async ({ storefront }) => {
        const catalogUrl = `http://127.0.0.1:${storefront.ports.CATALOG_SERVICE_PORT}`;
        const shopper = new ApiShopper(storefront.shellUrl);
        await shopper.signUp(`crash-${step}-${victim}`);
        const added = await shopper.keyed('POST', '/api/cart/lines', 'add-1', {
          body: { productId: PRODUCT, quantity: 1 },
          deadline: Date.now() + 15_000,
        });
        expect(added.status).toBe(200);
        const before = await stockLevels(catalogUrl);

        const key = `checkout-${step}-${victim}`;
        const checkoutId = checkoutIdOf(shopper.userId, key);
        await setServiceLatency(shopper, STEP_LATENCY_MS);
        // Straight to bff-1, so that killing bff-1 kills the replica running this checkout.
        const first = shopper.call('POST', '/api/checkout', { key, base: storefront.bffUrl, body: {} });
        await stepLogged(storefront, checkoutId, step);
        const restarts = storefront.stack.status().find((p) => p.name === victim)?.restarts ?? 0;
        await storefront.stack.kill(victim);
        await setServiceLatency(shopper, null);
        await first;
        await backUp(storefront, victim, restarts);

        const retried = await shopper.keyed('POST', '/api/checkout', key, {
          body: {},
          deadline: Date.now() + 30_000,
        });
        expect(retried.status, JSON.stringify(retried.json)).toBe(201);

        const orders = await shopper.orders();
        expect(orders.map((o) => o.checkoutId)).toEqual([checkoutId]);
        expect(orders[0]?.itemCount).toBe(1);
        expect(await reservationState(catalogUrl, checkoutId)).toBe('committed');
        const after = await stockLevels(catalogUrl);
        // Initial = stock + units ordered + units in unexpired reservations (none left for this checkout).
        expect(after.stock.get(PRODUCT)).toBe((before.stock.get(PRODUCT) ?? 0) - 1);
        expect(after.reserved.get(PRODUCT) ?? 0).toBe(before.reserved.get(PRODUCT) ?? 0);
      });
    }
  }
});
