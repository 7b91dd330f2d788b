// Choreographed orders in the checkout traffic: a checkout answered 202 holds a `pending` order whose fate arrives
// later, as events (the catalog reserves the stock, the cart confirms or rejects). Each one is followed as the cart
// remote's confirmation page follows it (`GET /api/orders/:id`) until it settles or the run's retries are over.
// How long it waited is read off the cart's own clock (`createdAt` → `updatedAt` of the settled order), not off the
// poll, so a slow poll does not lengthen it.
import { performance } from 'node:perf_hooks';
import { orderOf } from './chaos-checkout-setup.mjs';
import { sleepUntil } from './chaos-duration.mjs';
import { isRecord } from './chaos-faults.mjs';

/** How often a pending order is asked for: often enough for the report, far below the checkout traffic itself. */
export const FOLLOW_EVERY_MS = 500;

/**
 * A choreographed order as followed.
 * @typedef {object} FollowedOrder
 * @property {number} id
 * @property {string} status the last one seen: `pending` if it never settled
 * @property {number} answeredStatus the checkout's HTTP status (202 while pending)
 * @property {number | null} waitedMs placed → settled; null while pending
 * @property {string | null} rejection the rejection's code
 * @property {number} order when it was answered, for the report's order
 */

/**
 * Placed → settled from the order's times; null when they are missing or not in order.
 * @param {import('./chaos-checkout-setup.mjs').OrderSeen} order
 * @returns {number | null}
 */
export function waitOf(order) {
  const from = order.createdAt ? Date.parse(order.createdAt) : Number.NaN;
  const to = order.updatedAt ? Date.parse(order.updatedAt) : Number.NaN;
  return Number.isNaN(from) || Number.isNaN(to) || to < from ? null : to - from;
}

/**
 * The code of an answered order's rejection, if any.
 * @param {unknown} raw
 * @returns {string | null}
 */
function rejectionOf(raw) {
  const rejection = isRecord(raw) && isRecord(raw.rejection) ? raw.rejection : null;
  return typeof rejection?.code === 'string' ? rejection.code : null;
}

/**
 * Follows the choreographed orders of a run.
 * @param {{ deadline: () => number, cutOff: AbortSignal, everyMs?: number }} opts deadline: performance.now() after
 *   which an order still pending is left so (the scenario's end plus its grace period)
 */
export function createOrderFollower({ deadline, cutOff, everyMs = FOLLOW_EVERY_MS }) {
  /** @type {Map<number, FollowedOrder>} */
  const orders = new Map();
  /** @type {{ shopper: import('./chaos-shop.mjs').Shopper, followed: FollowedOrder,
   *   settled: (status: string) => void }[]} the orders still pending */
  const waiting = [];
  /** @type {Promise<void> | null} */
  let loop = null;

  /**
   * Asks for one pending order; true once it has settled.
   * @param {(typeof waiting)[number]} entry
   */
  async function ask({ shopper, followed, settled }) {
    const answer = await shopper.send('GET', `/api/orders/${followed.id}`);
    const raw = isRecord(answer.body) ? answer.body.order : null;
    const order = answer.status === 200 && !answer.degraded ? orderOf(raw) : null;
    if (order?.status === undefined || order.status === 'pending') return false;
    followed.status = order.status;
    followed.waitedMs = waitOf(order);
    followed.rejection = rejectionOf(raw);
    settled(order.status);
    return true;
  }

  /** One loop for every pending order (one timer, however many wait), until none is left or time is up. */
  async function pollAll() {
    while (waiting.length > 0 && !cutOff.aborted) {
      const next = performance.now() + everyMs;
      if (next > deadline()) return;
      await sleepUntil(next, cutOff);
      if (cutOff.aborted) return;
      const done = await Promise.all(waiting.map(ask));
      const still = waiting.filter((_, i) => !done[i]);
      waiting.splice(0, waiting.length, ...still);
    }
  }

  const ensureLoop = () => {
    loop ??= pollAll().finally(() => {
      loop = null;
    });
  };

  return {
    orders,
    /**
     * Takes a checkout's answered order: `placed` (orchestrated) is none of its business; `pending` is followed;
     * one already settled (a replayed answer) is recorded as it is.
     * @param {import('./chaos-shop.mjs').Shopper} shopper
     * @param {import('./chaos-checkout-setup.mjs').OrderSeen} order
     * @param {{ status: number, body: unknown }} answer the checkout's
     * @param {(status: string) => void} [settled] told the final status once it is known
     */
    track(shopper, order, answer, settled = () => {}) {
      if (order.status === undefined || order.status === 'placed' || orders.has(order.id)) return;
      const raw = isRecord(answer.body) ? answer.body.order : null;
      /** @type {FollowedOrder} */
      const followed = {
        id: order.id,
        status: order.status,
        answeredStatus: answer.status,
        waitedMs: order.status === 'pending' ? null : waitOf(order),
        rejection: rejectionOf(raw),
        order: orders.size,
      };
      orders.set(order.id, followed);
      if (order.status !== 'pending') return;
      waiting.push({ shopper, followed, settled });
      ensureLoop();
    },
    /** Waits until every followed order settled or was left pending (the deadline, or cut off). */
    async finish() {
      // A loop that ended just as an order came in is started again by ensureLoop; wait for that one too.
      while (loop !== null) {
        await loop;
        if (waiting.length > 0 && !cutOff.aborted && performance.now() + everyMs <= deadline()) ensureLoop();
      }
    },
  };
}
