// Issue 11: processes die and the storefront goes on — the supervisor brings any of them back within 5 s, a second
// BFF replica takes every GET and keyed write while one dies, a restarted BFF replays a checkout from the cart
// service's record, and a lost answer never adds to the cart twice.
import type { StorefrontStack } from '../support/fixtures.js';
import { expect, test } from '../support/fixtures.js';
import { ApiShopper } from '../support/shopper.js';
import { stockLevels } from '../support/stock.js';

/** What must answer again once a process is back (through the shell, as a shopper sees it). */
const PROBES: Record<string, string> = {
  'catalog-service': '/api/catalog/products?pageSize=1',
  'cart-service': '/api/cart',
  'account-service': '/api/account/status',
  'fault-proxy': '/api/catalog/products?pageSize=2',
  'bff-1': '/api/catalog/categories',
  'bff-2': '/api/catalog/categories',
  'catalog-remote': '/registry.json',
  'cart-remote': '/registry.json',
  'account-remote': '/registry.json',
  shell: '/',
};

async function running(storefront: StorefrontStack, name: string, restartsBefore: number): Promise<boolean> {
  const status = storefront.stack.status().find((p) => p.name === name);
  return status?.state === 'running' && status.restarts > restartsBefore;
}

test.describe('processes that die', () => {
  test('kill -9 of any one process: the storefront answers again within 5 s, without a hand restart', async ({
    storefront,
  }) => {
    test.setTimeout(120_000);
    // One kill each, not a crash loop: start once every process has been up for longer than the supervisor's
    // backoff reset (10 s), whatever earlier tests killed.
    await expect
      .poll(
        () =>
          storefront.stack
            .status()
            .every(
              (p) =>
                p.state === 'running' &&
                p.startedAt !== null &&
                Date.now() - Date.parse(p.startedAt) > 11_000,
            ),
        { timeout: 30_000, intervals: [500] },
      )
      .toBe(true);
    const shopper = new ApiShopper(storefront.shellUrl);
    for (const [name, probe] of Object.entries(PROBES)) {
      const restarts = storefront.stack.status().find((p) => p.name === name)?.restarts ?? 0;
      const killedAt = Date.now();
      await storefront.stack.kill(name);
      await expect
        .poll(
          async () =>
            (await running(storefront, name, restarts)) && (await shopper.call('GET', probe)).status,
          {
            timeout: 5000,
            intervals: [100],
          },
        )
        .toBe(200);
      console.log(`${name}: answering again ${Date.now() - killedAt} ms after SIGKILL`);
    }
  });

  test('with two BFF replicas, killing one loses no GET and no request with an Idempotency-Key', async ({
    storefront,
  }) => {
    const shopper = new ApiShopper(storefront.shellUrl);
    await shopper.signUp('replicas');
    // Two products with the most stock; each takes fewer adds than its stock and the 99-per-line cap, so the cart
    // must hold exactly as many units as adds were answered.
    const levels = await stockLevels(`http://127.0.0.1:${storefront.ports.CATALOG_SERVICE_PORT}`);
    const products = [...levels.stock].sort((a, b) => b[1] - a[1]).slice(0, 2);
    const adds = new Map(products.map(([id]) => [id, 0]));
    const room = new Map(products.map(([id, stock]) => [id, Math.min(90, stock - 5)]));
    let done = false;
    const failures: string[] = [];
    const load = async (worker: number) => {
      for (let i = 0; !done; i++) {
        // One attempt each: the shell host alone must carry them past the dead replica.
        const read = await shopper.call('GET', i % 2 ? '/api/cart' : '/api/catalog/categories');
        if (read.status !== 200) failures.push(`GET ${read.status}`);
        const productId = products[(worker + i) % products.length]?.[0] ?? 0;
        if ((adds.get(productId) ?? 0) >= (room.get(productId) ?? 0)) continue;
        const write = await shopper.call('POST', '/api/cart/lines', {
          body: { productId, quantity: 1 },
          key: `w${worker}-${i}`,
        });
        if (write.status === 200) adds.set(productId, (adds.get(productId) ?? 0) + 1);
        else failures.push(`POST ${write.status} ${JSON.stringify(write.json)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    // One replica at a time: the other is killed only once the first is back.
    const killer = (async () => {
      for (const name of ['bff-1', 'bff-2']) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const restarts = storefront.stack.status().find((p) => p.name === name)?.restarts ?? 0;
        await storefront.stack.kill(name);
        await expect.poll(() => running(storefront, name, restarts), { timeout: 15_000 }).toBe(true);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      done = true;
    })();
    await Promise.all([load(1), load(2), load(3), killer]);

    expect(failures).toEqual([]);
    expect([...adds.values()].reduce((sum, n) => sum + n, 0)).toBeGreaterThan(20);
    // Each keyed add happened once, even when the replica died after the cart service had applied it.
    const cart = await shopper.call('GET', '/api/cart');
    const lines = (cart.json?.cart as { lines: Array<{ productId: number; quantity: number }> } | undefined)
      ?.lines;
    for (const [productId, count] of adds) {
      expect(lines?.find((l) => l.productId === productId)?.quantity, `units of ${productId}`).toBe(count);
    }
  });

  test('restarting the BFF, then retrying a checkout with its key, replays the first answer', async ({
    storefront,
  }) => {
    const shopper = new ApiShopper(storefront.shellUrl);
    await shopper.signUp('replay');
    expect(
      (await shopper.call('POST', '/api/cart/lines', { body: { productId: 4, quantity: 2 }, key: 'a' }))
        .status,
    ).toBe(200);
    const first = await shopper.call('POST', '/api/checkout', { body: {}, key: 'order-1' });
    expect(first.status).toBe(201);

    for (const name of ['bff-1', 'bff-2']) {
      const restarts = storefront.stack.status().find((p) => p.name === name)?.restarts ?? 0;
      await storefront.stack.kill(name);
      await expect.poll(() => running(storefront, name, restarts), { timeout: 10_000 }).toBe(true);
    }
    const again = await shopper.keyed('POST', '/api/checkout', 'order-1', {
      body: {},
      deadline: Date.now() + 10_000,
    });
    expect(again.status).toBe(201);
    expect(again.replayed).toBe(true);
    const orderId = (answer: typeof first) => (answer.json?.order as { id?: number } | undefined)?.id;
    expect(orderId(again)).toBe(orderId(first));
    expect(await shopper.orders()).toHaveLength(1);
  });
});

test('lost-response on the cart service: "Add to cart" clicked again after the error adds one unit, not two', async ({
  page,
  storefront,
}) => {
  const shopper = new ApiShopper(storefront.shellUrl);
  await page.goto('/');
  const grid = page.getByRole('region', { name: 'Products', exact: true });
  const button = grid.getByRole('button', { name: /^add to cart: .+$/i }).first();

  // Every answer of the cart service is lost after it committed (the BFF retries, then gives up with a 503).
  const injected = await shopper.call('PUT', '/api/faults/cart', {
    body: { type: 'lost-response', options: { percent: 100 } },
  });
  expect(injected.status).toBe(200);
  try {
    await button.click();
    await expect(grid.getByRole('alert').filter({ hasText: /cart temporarily unavailable/i })).toBeVisible({
      timeout: 15_000,
    });
  } finally {
    expect((await shopper.call('DELETE', '/api/faults/cart')).status).toBe(200);
  }
  // The lost answers opened the cart's breakers: the shopper clicks again once they let a call through (half-open).
  await expect
    .poll(async () => {
      const answer = await shopper.call('GET', '/api/resilience');
      const replicas = (answer.json?.replicas ?? []) as Array<{
        upstreams: Array<{ name: string; state: string }>;
      }>;
      return replicas.flatMap((r) => r.upstreams.filter((u) => u.name === 'cart').map((u) => u.state));
    })
    .not.toContain('open');
  // The same action, the same key: the cart service replays the add it had applied, and adds nothing.
  await button.click();
  await expect(grid.getByRole('status').filter({ hasText: /added to cart/i })).toBeVisible();
  const cart = await page.evaluate(async () => (await (await fetch('/api/cart')).json()).cart);
  expect(cart.itemCount).toBe(1);
});
