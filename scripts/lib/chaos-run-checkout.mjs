// Checkout traffic in `chaos run`, before, during and after the scenario: shoppers signed up and stock read before
// the proxy starts it (a storefront that cannot do that fails the run before any fault), the shoppers' loops while
// it runs, and at the end, once every checkout in flight has settled (retrying until the grace period is over),
// the stock and the order lists read again for the report's checkout section.
import { performance } from 'node:perf_hooks';
import { ChaosError } from './chaos-api.mjs';
import { checkoutReport } from './chaos-checkout-report.mjs';
import { chooseProducts, readOrders, readStock, signUpShoppers } from './chaos-checkout-setup.mjs';
import { formatMs } from './chaos-duration.mjs';
import { driveShoppers } from './chaos-shoppers.mjs';

/** @typedef {import('./chaos-scenario.mjs').CheckoutTraffic} CheckoutTraffic */

/**
 * Signs the shoppers up, chooses the products and reads their stock; fails with a ChaosError when any of it
 * cannot be done on a healthy storefront.
 * @param {{ base: string, traffic: CheckoutTraffic, timeoutMs: number, log: (line: string) => void }} opts
 */
export async function prepareCheckout({ base, traffic, timeoutMs, log }) {
  const shoppers = await signUpShoppers({ base, count: traffic.shoppers, timeoutMs });
  const [first] = shoppers;
  if (first === undefined) throw new ChaosError('NO_SHOPPERS', 'the checkout traffic has no shoppers');
  const products = await chooseProducts(first);
  const before = await readStock(first, products, 1);
  const unread = products.filter((p) => before.get(p.id) === null);
  if (unread.length > 0) {
    throw new ChaosError(
      'STOCK_UNREADABLE',
      `the stock of ${unread.map((p) => `#${p.id}`).join(', ')} could not be read live before the run`,
    );
  }
  const stockText = products.map((p) => `#${p.id} ${p.name} (${before.get(p.id)})`).join(', ');
  log(`${shoppers.length} shoppers signed up; they buy ${stockText}`);
  return { traffic, shoppers, products, before };
}

/** @typedef {Awaited<ReturnType<typeof prepareCheckout>>} PreparedCheckout */

/**
 * Starts the shoppers; they retry a request until the scenario's end plus the grace period.
 * @param {PreparedCheckout} prepared
 * @param {{ speed: number, endAt: number, stop: AbortSignal }} opts endAt: performance.now() of the end
 */
export function startCheckout(prepared, { speed, endAt, stop }) {
  const { traffic, shoppers, products } = prepared;
  const driver = driveShoppers({
    shoppers,
    products,
    pauseMs: traffic.pauseMs / speed,
    retryUntil: endAt + traffic.graceMs,
    stop,
  });
  return { prepared, driver };
}

/** @typedef {ReturnType<typeof startCheckout>} CheckoutRun */

/**
 * After the scenario: waits for the checkouts in flight (all of them given up at once when stopped early), then
 * reads the stock and the order lists and builds the section.
 * @param {CheckoutRun} run
 * @param {{ aborted: boolean, log: (line: string) => void,
 *   mode?: import('./chaos-checkout-mode.mjs').CheckoutModeState | null }} opts mode: the checkout mode the scenario
 *   asked for, once put back
 * @returns {Promise<import('./chaos-checkout-report.mjs').CheckoutReport>}
 */
export async function concludeCheckout({ prepared, driver }, { aborted, log, mode = null }) {
  const { traffic, shoppers, products, before } = prepared;
  const waited = performance.now();
  if (!aborted)
    log(
      `waiting for the checkouts in flight and the pending orders (for up to ${formatMs(traffic.graceMs)})`,
    );
  await driver.finish({ cut: aborted });
  if (!aborted && performance.now() - waited > 1000)
    log(`settled after ${formatMs(performance.now() - waited)}`);
  const [first] = shoppers;
  // A few tries: the storefront may still be closing its breakers.
  const after = first === undefined ? new Map() : await readStock(first, products, 5);
  const listed = await readOrders(shoppers);
  return checkoutReport({
    shoppers: shoppers.length,
    products,
    before,
    after,
    stats: driver.stats,
    listed,
    mode,
  });
}
