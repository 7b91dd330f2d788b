// The checkout traffic of `chaos run`: each shopper loops while the scenario runs — add 1–2 units of a product to
// its cart, pause, check out — with an Idempotency-Key per request, retried under the same key after a 5xx or a lost
// answer until the scenario's end plus a grace period. What the answers show is counted: orders per key (two
// order ids for one key is a duplicate), cart lines that grew by more than was added (added twice), refusals,
// retries, and what was given up without an answer. A choreographed order (answered `pending`) is followed until it
// settles (chaos-order-follow.mjs).
import { performance } from 'node:perf_hooks';
import { orderOf } from './chaos-checkout-setup.mjs';
import { sleepUntil } from './chaos-duration.mjs';
import { isRecord } from './chaos-faults.mjs';
import { createOrderFollower } from './chaos-order-follow.mjs';

/** @typedef {import('./chaos-shop.mjs').Shopper} Shopper */
/** @typedef {import('./chaos-checkout-setup.mjs').ProductRef} ProductRef */
/** @typedef {import('./chaos-checkout-setup.mjs').OrderSeen} OrderSeen */
/** @typedef {import('./chaos-report.mjs').TrafficStats} TrafficStats */

/**
 * @typedef {object} CheckoutStats
 * @property {number} checkouts checkout keys used (one per checkout, whatever its retries)
 * @property {number[]} retries per checkout: attempts beyond the first
 * @property {number} abandoned checkouts given up without a final answer
 * @property {number} refusedAfterRetry checkouts refused (4xx) on a retry: an earlier attempt, whose answer was
 *   lost, may have placed the order (the retry then finds the cart empty)
 * @property {Map<string, Set<number>>} ordersByKey checkout key → order ids answered for it
 * @property {Map<number, OrderSeen>} orders answered orders by id
 * @property {number} adds cart adds (keys)
 * @property {number} addRetries
 * @property {number} addsAbandoned
 * @property {number} addDuplicates adds whose answer shows the line grown by more than was added
 * @property {Map<string, number>} refusals `checkout CODE` / `cart CODE` → count (4xx, moved on with a new key)
 * @property {Map<number, import('./chaos-order-follow.mjs').FollowedOrder>} followed choreographed orders by id
 */

/** Refusals that mean a product cannot be bought any more: the shoppers stop choosing it. */
const GONE = new Set(['INSUFFICIENT_STOCK', 'PRODUCT_NOT_FOUND']);

/**
 * The cart of an answer (`{ cart: { lines } }`) as product → quantity; null when it is not one.
 * @param {unknown} body
 * @returns {Map<number, number> | null}
 */
export function cartOf(body) {
  const cart = isRecord(body) && isRecord(body.cart) ? body.cart : null;
  if (cart === null || !Array.isArray(cart.lines)) return null;
  /** @type {Map<number, number>} */
  const lines = new Map();
  for (const l of cart.lines) {
    if (isRecord(l) && typeof l.productId === 'number' && typeof l.quantity === 'number')
      lines.set(l.productId, l.quantity);
  }
  return lines;
}

/**
 * Who an answer of the checkout traffic belongs to, for the upstream table.
 * @param {string} path
 * @returns {string}
 */
function upstreamOf(path) {
  return /^\/api\/([^/?#]+)/.exec(path)?.[1] === 'catalog'
    ? 'catalog'
    : path.startsWith('/api/account')
      ? 'account'
      : 'cart';
}

/**
 * @typedef {object} ShopperOptions
 * @property {Shopper[]} shoppers signed up
 * @property {ProductRef[]} products to buy
 * @property {number} pauseMs between one shopper's checkouts (already divided by the speed)
 * @property {number} retryUntil performance.now() time after which a request is given up (end + grace)
 * @property {AbortSignal} stop no new checkout once it aborts (the scenario's end)
 */

/**
 * Counters of a checkout run, all at zero.
 * @returns {CheckoutStats}
 */
export function emptyCheckoutStats() {
  return {
    checkouts: 0,
    retries: [],
    abandoned: 0,
    refusedAfterRetry: 0,
    ordersByKey: new Map(),
    orders: new Map(),
    adds: 0,
    addRetries: 0,
    addsAbandoned: 0,
    addDuplicates: 0,
    refusals: new Map(),
    followed: new Map(),
  };
}

/**
 * Starts every shopper's loop; `finish({ cut })` waits for them (cut: give up what is in flight at once).
 * @param {ShopperOptions} opts
 */
export function driveShoppers(opts) {
  const stats = emptyCheckoutStats();
  /** @type {Map<string, TrafficStats>} */
  const traffic = new Map();
  const counters = { sent: 0, skipped: 0, cancelled: 0 };
  const cut = new AbortController();
  const available = [...opts.products];
  const keyedOpts = { deadline: () => opts.retryUntil, cutOff: cut.signal };
  const refuse = (/** @type {string} */ what, /** @type {string | null} */ code) => {
    const key = `${what} ${code ?? 'HTTP 4xx'}`;
    stats.refusals.set(key, (stats.refusals.get(key) ?? 0) + 1);
  };
  const pause = (/** @type {number} */ ms) => sleepUntil(performance.now() + ms, cut.signal);
  const follower = createOrderFollower({ deadline: () => opts.retryUntil, cutOff: cut.signal });
  stats.followed = follower.orders;

  for (const shopper of opts.shoppers) {
    shopper.listen((path, answer, ms) => {
      const name = upstreamOf(path);
      const s = traffic.get(name) ?? { requests: 0, ok: 0, degraded: 0, errors: 0, latencies: [] };
      traffic.set(name, s);
      counters.sent += 1;
      if (answer.status === 0 && cut.signal.aborted) {
        counters.cancelled += 1;
        return;
      }
      s.requests += 1;
      s.latencies.push(ms);
      if (answer.degraded || answer.status === 503) s.degraded += 1;
      else if (answer.status >= 200 && answer.status < 400) s.ok += 1;
      else s.errors += 1;
    });
  }

  /**
   * Empties what a refused checkout left in the cart, so the next checkout orders only what is added next.
   * @param {Shopper} shopper
   * @param {Map<number, number> | null} cart as last known
   * @returns {Promise<Map<number, number> | null>}
   */
  async function emptyCart(shopper, cart) {
    let known = cart ?? cartOf((await shopper.send('GET', '/api/cart')).body);
    for (const productId of [...(known?.keys() ?? [])]) {
      const removed = await shopper.keyed('DELETE', `/api/cart/lines/${productId}`, undefined, keyedOpts);
      known = removed.outcome === 'ok' ? cartOf(removed.answer.body) : null;
    }
    return known;
  }

  /**
   * One shopper's loop.
   * @param {Shopper} shopper
   */
  async function shop(shopper) {
    /** @type {Map<number, number> | null} the cart as last answered; a fresh account's is empty */
    let cart = new Map();
    while (!opts.stop.aborted && !cut.signal.aborted && available.length > 0) {
      const product = available[Math.floor(Math.random() * available.length)];
      if (product === undefined) break;
      const quantity = Math.random() < 0.5 ? 1 : 2;
      const add = await shopper.keyed(
        'POST',
        '/api/cart/lines',
        { productId: product.id, quantity },
        keyedOpts,
      );
      stats.adds += 1;
      stats.addRetries += add.attempts - 1;
      if (add.outcome === 'abandoned') {
        stats.addsAbandoned += 1;
        cart = null;
        continue;
      }
      if (add.outcome === 'refused') {
        refuse('cart', add.answer.code);
        const at = available.indexOf(product);
        if (add.answer.code !== null && GONE.has(add.answer.code) && at >= 0) available.splice(at, 1);
        await pause(Math.max(200, opts.pauseMs));
        continue;
      }
      const next = cartOf(add.answer.body);
      // A replayed answer shows the cart as the first attempt left it; only a second application shows more.
      if (
        cart !== null &&
        next !== null &&
        (next.get(product.id) ?? 0) > (cart.get(product.id) ?? 0) + quantity
      )
        stats.addDuplicates += 1;
      cart = next;
      // The pause comes between filling the cart and checking out, so that at any moment most shoppers hold a
      // filled cart: an outage of what adding needs (the catalog prices every line live) still meets checkouts.
      await pause(opts.pauseMs);
      if (opts.stop.aborted || cut.signal.aborted) break;
      const checkout = await shopper.keyed('POST', '/api/checkout', {}, keyedOpts);
      stats.checkouts += 1;
      stats.retries.push(checkout.attempts - 1);
      if (checkout.outcome === 'ok') {
        const order = orderOf(isRecord(checkout.answer.body) ? checkout.answer.body.order : null);
        if (order !== null) {
          const ids = stats.ordersByKey.get(checkout.key) ?? new Set();
          ids.add(order.id);
          stats.ordersByKey.set(checkout.key, ids);
          stats.orders.set(order.id, order);
          // The final status replaces the answered one: a rejected order took no stock.
          follower.track(shopper, order, checkout.answer, (status) => {
            order.status = status;
          });
        }
        cart = new Map();
      } else if (checkout.outcome === 'refused') {
        refuse('checkout', checkout.answer.code);
        if (checkout.attempts > 1) stats.refusedAfterRetry += 1;
        cart = checkout.answer.code === 'CART_EMPTY' ? new Map() : await emptyCart(shopper, cart);
      } else {
        stats.abandoned += 1;
        cart = null;
      }
    }
  }

  const loops = opts.shoppers.map((shopper) => shop(shopper));
  return {
    stats,
    /** Per upstream, like the path traffic's, for the report's table. */
    traffic,
    counters,
    /**
     * Waits for every shopper to finish its current checkout (retrying until the grace period ends).
     * @param {{ cut: boolean }} how cut: give up at once (stopped early)
     */
    async finish({ cut: now }) {
      if (now) cut.abort();
      await Promise.allSettled(loops);
      await follower.finish();
    },
  };
}
