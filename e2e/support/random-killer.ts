// Issue 11's randomised crash run, in either checkout mode (issue 13): shoppers add to their carts and check out,
// retrying with the same keys, while a killer SIGKILLs a random BFF replica, the cart or the catalog every 1–3 s.
// At the end: every order is one key's (no duplicates), every accepted checkout has its order (none lost), every
// order holds exactly the units its shopper added and ended as its mode ends it, and the stock is conserved.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACCEPTED_STATUS, type CheckoutMode } from './checkout-mode.js';
import { expect, RESERVATION_TTL_MS, type StorefrontStack, test } from './fixtures.js';
import { ApiShopper, checkoutIdOf, errorCode, type PlacedOrder } from './shopper.js';
import { stockLevels, waitForNoHeldStock } from './stock.js';

export interface RandomKillerRun {
  mode: CheckoutMode;
  shoppers: number;
  runMs: number;
  /** At least this many kills must land during the run (one every 2 s on average). */
  minKills: number;
}

/** After the run: how long a shopper may still retry the checkout it was in. */
const GRACE_MS = 30_000;
/** A shopper's pause between rounds: well below the stock of the products used, even over 25 s. */
const PAUSE_MS = 1500;
const VICTIMS = ['bff-1', 'bff-2', 'cart-service', 'catalog-service'];
/** How an accepted order ends when the stock is plentiful: placed at once, or confirmed by the consumers. */
const FINAL_STATUS: Record<CheckoutMode, string> = { orchestrated: 'placed', choreographed: 'confirmed' };
/** How long the consumers may take to decide the last pending orders once everything is back. */
const SETTLE_MS = 30_000;

interface Round {
  key: string;
  units: number;
  status: number;
  code: string | undefined;
  orderId: number | null;
}

/** One shopper's loop; returns its rounds (one per checkout key). */
async function shop(
  shopper: ApiShopper,
  index: number,
  until: number,
  products: number[],
  accepted: number,
): Promise<Round[]> {
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
    if (answer.status === accepted) units = 0;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS * (0.5 + Math.random())));
  }
  return rounds;
}

/** Every shopper's orders once none is pending any more (at once in orchestrated mode: none ever is). */
async function settledOrders(shoppers: ApiShopper[]): Promise<PlacedOrder[][]> {
  let orders: PlacedOrder[][] = [];
  await expect
    .poll(
      async () => {
        orders = await Promise.all(shoppers.map((shopper) => shopper.orders()));
        return orders.flat().filter((order) => order.status === 'pending').length;
      },
      { timeout: SETTLE_MS, intervals: [500, 1000] },
    )
    .toBe(0);
  return orders;
}

/** The whole run and its checks, in the stack's current checkout mode (`run.mode`, set by the caller). */
export async function shopWhileKilling(storefront: StorefrontStack, run: RandomKillerRun): Promise<void> {
  const accepted = ACCEPTED_STATUS[run.mode];
  const catalogUrl = `http://127.0.0.1:${storefront.ports.CATALOG_SERVICE_PORT}`;
  const shoppers = await Promise.all(
    Array.from({ length: run.shoppers }, async (_, i) => {
      const shopper = new ApiShopper(storefront.shellUrl);
      await shopper.signUp(`killer-${run.mode}-${i}`);
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

  const until = Date.now() + run.runMs;
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
  const results = await Promise.all(
    shoppers.map((shopper, i) => shop(shopper, i, until, PRODUCTS, accepted)),
  );
  await killer;

  // Everything is back, the recovery settled what nobody retried, the consumers decided every pending order, the
  // sweeper returned what expired.
  await expect
    .poll(() => storefront.stack.status().every((p) => p.state === 'running'), { timeout: 20_000 })
    .toBe(true);
  const placedByShopper = await settledOrders(shoppers);
  const after = await waitForNoHeldStock(catalogUrl, RESERVATION_TTL_MS * 3);

  let orders = 0;
  let duplicates = 0;
  const statuses: Record<string, number> = {};
  const ordered = new Map<number, number>();
  for (const [i, shopper] of shoppers.entries()) {
    const rounds = results[i] ?? [];
    const placed = placedByShopper[i] ?? [];
    const byCheckout = new Map(rounds.map((r) => [checkoutIdOf(shopper.userId, r.key), r]));
    for (const order of placed) {
      const round = byCheckout.get(order.checkoutId);
      // An order no key of this shopper asked for, or another order than the one its key was answered with.
      if (!round || (round.orderId !== null && round.orderId !== order.id)) duplicates++;
      // Exactly the units added before that checkout: no add ran twice.
      else expect(order.itemCount, `units of ${round.key}`).toBe(round.units);
      statuses[order.status] = (statuses[order.status] ?? 0) + 1;
      for (const line of order.lines)
        ordered.set(line.productId, (ordered.get(line.productId) ?? 0) + line.quantity);
    }
    orders += placed.length;
    // None lost: every checkout the shopper saw accepted has its order.
    for (const round of rounds.filter((r) => r.status === accepted)) {
      expect(
        placed.some((o) => o.id === round.orderId),
        `order of ${round.key}`,
      ).toBe(true);
    }
  }
  const sum = (levels: Map<number, number>) =>
    PRODUCTS.reduce((total, id) => total + (levels.get(id) ?? 0), 0);
  const all = results.flat();
  const summary = {
    mode: run.mode,
    transport: storefront.transport,
    kills: kills.length,
    killsByProcess: Object.fromEntries(VICTIMS.map((v) => [v, kills.filter((k) => k.victim === v).length])),
    checkouts: all.length,
    accepted: all.filter((r) => r.status === accepted).length,
    refused: all.filter((r) => r.status >= 400 && r.status < 500).map((r) => r.code),
    gaveUp: all.filter((r) => r.status === 0 || r.status >= 500).length,
    orders,
    statuses,
    duplicates,
    unitsOrdered: sum(ordered),
    stockBefore: sum(before.stock),
    stockAfter: sum(after.stock),
  };
  console.log(`random killer: ${JSON.stringify(summary)}`);
  mkdirSync(test.info().outputDir, { recursive: true });
  writeFileSync(path.join(test.info().outputDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

  expect(kills.length).toBeGreaterThanOrEqual(run.minKills);
  expect(duplicates).toBe(0);
  expect(summary.gaveUp).toBe(0);
  // Every round added a unit first, and the stock never runs out: a refusal here would be a lost effect.
  expect(summary.refused).toEqual([]);
  expect(orders).toBeGreaterThan(run.shoppers);
  // Stock was plentiful: every order ended the way its mode ends an order that can be served.
  expect(statuses).toEqual({ [FINAL_STATUS[run.mode]]: orders });
  // After expiry: initial stock = stock + units ordered, product by product, and nothing held.
  for (const id of PRODUCTS) {
    expect((after.stock.get(id) ?? 0) + (ordered.get(id) ?? 0), `stock of product ${id}`).toBe(
      before.stock.get(id),
    );
    expect(after.reserved.get(id) ?? 0).toBe(0);
  }
}
