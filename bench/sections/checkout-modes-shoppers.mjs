// The shoppers of section 8 (checkout modes): the same add + checkout loop as section 7, but an order counts once
// it is *confirmed*: at once for an orchestrated 201, after reading the order until `confirmed` for a
// choreographed 202 (or, for shoppers that do not wait, when read back afterwards).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** @typedef {import('../lib/checkout-shoppers.mjs').Shopper} Shopper */

/**
 * @typedef {object} OrderSample
 * @property {number} status     what POST /api/checkout answered (0: no answer)
 * @property {number} answerMs   until that answer
 * @property {'placed' | 'confirmed' | 'rejected' | 'pending' | 'failed'} outcome  `pending`: still so when given up
 * @property {number | null} seenMs   until the shopper saw it final (the 201 answer, or the read showing confirmed)
 * @property {number | null} recordedMs  until the cart recorded the decision (order's updatedAt − send time)
 * @property {number} polls      reads of GET /api/orders/:id
 * @property {number | null} orderId
 * @property {number} sentAt     Date.now() when the checkout was sent
 */

/**
 * @typedef {object} ModeSamples
 * @property {OrderSample[]} orders  the orders final (or given up) during the measured window
 * @property {Record<string, number>} addStatuses
 * @property {Record<string, number>} checkoutStatuses
 */

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The JSON body of an answer, or null.
 * @param {string} body
 * @returns {{ order?: { id?: number, status?: string, updatedAt?: string }, error?: { code?: string } } | null}
 */
function parse(body) {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

/**
 * Reads the order every `pollMs` until it is no longer pending (or `giveUpMs` has passed).
 * @param {Shopper} shopper
 * @param {number} id
 * @param {{ pollMs: number, giveUpMs: number }} opts
 * @returns {Promise<{ status: string, updatedAt: string | null, polls: number }>}
 */
export async function followOrder(shopper, id, { pollMs, giveUpMs }) {
  const until = performance.now() + giveUpMs;
  let polls = 0;
  for (;;) {
    await sleep(pollMs);
    const answer = await shopper.send('GET', `/api/orders/${id}`, undefined);
    polls += 1;
    const order = answer.status === 200 ? parse(answer.body)?.order : undefined;
    const status = order?.status ?? 'pending';
    if (status !== 'pending' || performance.now() > until)
      return { status, updatedAt: order?.updatedAt ?? null, polls };
  }
}

/**
 * One checkout to its end: the answer, then (202) the order followed until final, unless `follow` is null (the
 * shopper moves on; the order is left `pending` here, settleOrders reads its end later).
 * @param {Shopper} shopper
 * @param {string} key  Idempotency-Key (a retry sends the same)
 * @param {{ pollMs: number, giveUpMs: number } | null} follow
 * @returns {Promise<OrderSample & { code: string | null }>}
 */
export async function checkoutToEnd(shopper, key, follow) {
  const sentAt = Date.now();
  const t = performance.now();
  const answer = await shopper.send('POST', '/api/checkout', {}, key);
  const answerMs = performance.now() - t;
  const body = parse(answer.body);
  const code = body?.error?.code ?? null;
  const orderId = body?.order?.id ?? null;
  if (answer.status === 201)
    return {
      status: 201,
      answerMs,
      outcome: 'placed',
      seenMs: answerMs,
      recordedMs: answerMs,
      polls: 0,
      code,
      orderId,
      sentAt,
    };
  if (answer.status !== 202 || orderId === null)
    return {
      status: answer.status,
      answerMs,
      outcome: 'failed',
      seenMs: null,
      recordedMs: null,
      polls: 0,
      code,
      orderId,
      sentAt,
    };
  if (follow === null) {
    const base = { status: 202, answerMs, seenMs: null, recordedMs: null, polls: 0, code, orderId, sentAt };
    return { ...base, outcome: 'pending' };
  }
  const read = await followOrder(shopper, orderId, follow);
  const final = read.status === 'confirmed' || read.status === 'rejected';
  const outcome = final ? /** @type {'confirmed' | 'rejected'} */ (read.status) : 'pending';
  const recorded = read.updatedAt === null ? Number.NaN : Date.parse(read.updatedAt) - sentAt;
  return {
    status: 202,
    answerMs,
    outcome,
    seenMs: final ? performance.now() - t : null,
    recordedMs: final && Number.isFinite(recorded) ? recorded : null,
    polls: read.polls,
    code,
    orderId,
    sentAt,
  };
}

/**
 * Every shopper buys `productIds[i % n]` in a loop until stopped, waiting for each order's confirmation before
 * the next (unless `follow` is null); only checkouts ended while `clock.measuring` is true are counted.
 * @param {Shopper[]} shoppers
 * @param {number[]} productIds
 * @param {{ measuring: boolean, stopped: boolean }} clock
 * @param {{ pollMs: number, giveUpMs: number } | null} follow
 * @returns {Promise<ModeSamples>}
 */
export async function buyUntilStopped(shoppers, productIds, clock, follow) {
  /** @type {ModeSamples} */
  const s = { orders: [], addStatuses: {}, checkoutStatuses: {} };
  await Promise.all(
    shoppers.map(async (shopper, i) => {
      const productId = /** @type {number} */ (productIds[i % productIds.length]);
      while (!clock.stopped) {
        const add = await shopper.send('POST', '/api/cart/lines', { productId, quantity: 1 }, randomUUID());
        if (clock.measuring) s.addStatuses[add.status] = (s.addStatuses[add.status] ?? 0) + 1;
        if (clock.stopped) break;
        const r = await checkoutToEnd(shopper, randomUUID(), follow);
        /** @type {OrderSample} */
        const sample = {
          status: r.status,
          answerMs: r.answerMs,
          outcome: r.outcome,
          seenMs: r.seenMs,
          recordedMs: r.recordedMs,
          polls: r.polls,
          orderId: r.orderId,
          sentAt: r.sentAt,
        };
        if (clock.measuring) {
          s.orders.push(sample);
          s.checkoutStatuses[sample.status] = (s.checkoutStatuses[sample.status] ?? 0) + 1;
        }
        if (sample.status === 0) await sleep(100);
      }
    }),
  );
  return s;
}

/**
 * For shoppers that did not wait: reads every shopper's orders (GET /api/orders) until none of `orders` is still
 * pending, then sets each one's outcome and recordedMs (its updatedAt − sent time). Counts the orders of these
 * shoppers confirmed between `fromAt` and `toAt` (Date.now() ms), whenever they were placed.
 * @param {Shopper[]} shoppers
 * @param {OrderSample[]} orders  changed in place
 * @param {{ fromAt: number, toAt: number, pollMs: number, giveUpMs: number }} opts
 * @returns {Promise<{ confirmedInWindow: number, settleMs: number }>}
 */
export async function settleOrders(shoppers, orders, { fromAt, toAt, pollMs, giveUpMs }) {
  const started = performance.now();
  /** @type {Map<number, { status: string, updatedAt: string }>} */
  let byId = new Map();
  for (;;) {
    byId = new Map();
    for (const shopper of shoppers) {
      const answer = await shopper.send('GET', '/api/orders', undefined);
      const list = /** @type {{ orders?: { id: number, status: string, updatedAt?: string }[] } | null} */ (
        parse(answer.body)
      );
      for (const o of list?.orders ?? []) byId.set(o.id, { status: o.status, updatedAt: o.updatedAt ?? '' });
    }
    const waiting = orders.some(
      (o) => o.orderId !== null && (byId.get(o.orderId)?.status ?? 'pending') === 'pending',
    );
    if (!waiting || performance.now() - started > giveUpMs) break;
    await sleep(pollMs);
  }
  for (const o of orders) {
    const read = o.orderId === null ? undefined : byId.get(o.orderId);
    if (o.status !== 202 || !read || (read.status !== 'confirmed' && read.status !== 'rejected')) continue;
    o.outcome = read.status;
    const recorded = Date.parse(read.updatedAt) - o.sentAt;
    o.recordedMs = Number.isFinite(recorded) ? recorded : null;
  }
  let confirmedInWindow = 0;
  for (const read of byId.values()) {
    const at = Date.parse(read.updatedAt);
    if (read.status === 'confirmed' && at >= fromAt && at < toAt) confirmedInWindow += 1;
  }
  return { confirmedInWindow, settleMs: performance.now() - started };
}
