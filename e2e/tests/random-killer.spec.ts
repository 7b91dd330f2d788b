// Issue 11's randomised run: 10 shoppers add to their carts and check out, retrying with the same keys, while a
// killer SIGKILLs a random BFF replica, the cart or the catalog every 1–3 s. At the end: every order is one key's
// (no duplicates), every order holds exactly the units its shopper added, and the stock is conserved.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, RESERVATION_TTL_MS, test } from '../support/fixtures.js';
import { ApiShopper, checkoutIdOf, errorCode } from '../support/shopper.js';
import { stockLevels, waitForNoHeldStock } from '../support/stock.js';

const SHOPPERS = 10;
const RUN_MS = 25_000;
/** After the run: how long a shopper may still retry the checkout it was in. */
const GRACE_MS = 30_000;
/** A shopper's pause between rounds: about 150 checkouts in a run, well below the stock of the products used. */
const PAUSE_MS = 1500;
const VICTIMS = ['bff-1', 'bff-2', 'cart-service', 'catalog-service'];

interface Round {
  key: string;
  units: number;
  status: number;
  code: string | undefined;
  orderId: number | null;
}

/** One shopper's loop; returns its rounds (one per checkout key). */
async function shop(shopper: ApiShopper, index: number, until: number, products: number[]): Promise<Round[]> {
  const rounds: Round[] = [];
  let units = 0;
  for (let round = 0; Date.now() < until; round++) {
    const productId = products[(index + round) % products.length] ?? 1;
    const deadline = until + GRACE_MS;
    const added = await shopper.keyed('POST', '/api/cart/lines', `s${index}-r${round}-add`, {
      body: { productId, quantity: 1 },
      deadline,
    });
    if (added.status === 200) units += 1;
    const key = `s${index}-r${round}-checkout`;
    const answer = await shopper.keyed('POST', '/api/checkout', key, { body: {}, deadline });
    const order = answer.json?.order as { id?: number } | undefined;
    rounds.push({
      key,
      units,
      status: answer.status,
      code: errorCode(answer),
      orderId: typeof order?.id === 'number' ? order.id : null,
    });
    if (answer.status === 201) units = 0;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS * (0.5 + Math.random())));
  }
  return rounds;
}

test('10 shoppers check out while a killer SIGKILLs a BFF, the cart or the catalog every 1–3 s', async ({
  storefront,
}) => {
  test.setTimeout(180_000);
  const catalogUrl = `http://127.0.0.1:${storefront.ports.CATALOG_SERVICE_PORT}`;
  const shoppers = await Promise.all(
    Array.from({ length: SHOPPERS }, async (_, i) => {
      const shopper = new ApiShopper(storefront.shellUrl);
      await shopper.signUp(`killer-${i}`);
      return shopper;
    }),
  );
  await waitForNoHeldStock(catalogUrl, RESERVATION_TTL_MS * 3);
  const before = await stockLevels(catalogUrl);
  // The five products with the most stock: the run must not be about running out.
  const PRODUCTS = [...before.stock]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([id]) => id);

  const until = Date.now() + RUN_MS;
  const kills: Array<{ at: number; victim: string }> = [];
  const killer = (async () => {
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
      if (Date.now() >= until) break;
      const victim = VICTIMS[Math.floor(Math.random() * VICTIMS.length)] ?? 'bff-1';
      kills.push({ at: Date.now(), victim });
      await storefront.stack.kill(victim);
    }
  })();
  const results = await Promise.all(shoppers.map((shopper, i) => shop(shopper, i, until, PRODUCTS)));
  await killer;

  // Everything is back, the recovery settled what nobody retried, the sweeper returned what expired.
  await expect
    .poll(() => storefront.stack.status().every((p) => p.state === 'running'), { timeout: 20_000 })
    .toBe(true);
  const after = await waitForNoHeldStock(catalogUrl, RESERVATION_TTL_MS * 3);

  let orders = 0;
  let duplicates = 0;
  const ordered = new Map<number, number>();
  for (const [i, shopper] of shoppers.entries()) {
    const rounds = results[i] ?? [];
    const placed = await shopper.orders();
    const byCheckout = new Map(rounds.map((r) => [checkoutIdOf(shopper.userId, r.key), r]));
    for (const order of placed) {
      const round = byCheckout.get(order.checkoutId);
      // An order no key of this shopper asked for, or another order than the one its key was answered with.
      if (!round || (round.orderId !== null && round.orderId !== order.id)) duplicates++;
      // Exactly the units added before that checkout: no add ran twice.
      else expect(order.itemCount, `units of ${round.key}`).toBe(round.units);
      for (const line of order.lines)
        ordered.set(line.productId, (ordered.get(line.productId) ?? 0) + line.quantity);
    }
    orders += placed.length;
    for (const round of rounds.filter((r) => r.status === 201)) {
      expect(
        placed.some((o) => o.id === round.orderId),
        `order of ${round.key}`,
      ).toBe(true);
    }
  }
  const sum = (levels: Map<number, number>) =>
    PRODUCTS.reduce((total, id) => total + (levels.get(id) ?? 0), 0);
  const summary = {
    kills: kills.length,
    killsByProcess: Object.fromEntries(VICTIMS.map((v) => [v, kills.filter((k) => k.victim === v).length])),
    checkouts: results.flat().length,
    answered201: results.flat().filter((r) => r.status === 201).length,
    refused: results
      .flat()
      .filter((r) => r.status >= 400 && r.status < 500)
      .map((r) => r.code),
    gaveUp: results.flat().filter((r) => r.status === 0 || r.status >= 500).length,
    orders,
    duplicates,
    unitsOrdered: sum(ordered),
    stockBefore: sum(before.stock),
    stockAfter: sum(after.stock),
  };
  console.log(`random killer: ${JSON.stringify(summary)}`);
  mkdirSync(test.info().outputDir, { recursive: true });
  writeFileSync(path.join(test.info().outputDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

  expect(kills.length).toBeGreaterThanOrEqual(8);
  expect(duplicates).toBe(0);
  expect(summary.gaveUp).toBe(0);
  // Every round added a unit first, and the stock never runs out: a refusal here would be a lost effect.
  expect(summary.refused).toEqual([]);
  expect(orders).toBeGreaterThan(SHOPPERS);
  // After expiry: initial stock = stock + units ordered, product by product, and nothing held.
  for (const id of PRODUCTS) {
    expect((after.stock.get(id) ?? 0) + (ordered.get(id) ?? 0), `stock of product ${id}`).toBe(
      before.stock.get(id),
    );
    expect(after.reserved.get(id) ?? 0).toBe(0);
  }
});
