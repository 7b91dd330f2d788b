// Section 8's outage: every shopper's cart filled, the catalog service stopped for a few seconds and started again,
// one checkout per shopper meanwhile; what each checkout answered and when it ended, and what the BFF's catalog
// breaker did.
import { randomUUID } from 'node:crypto';
import { upstreamState } from '../lib/bff-client.mjs';
import { checkoutToEnd } from './checkout-modes-shoppers.mjs';

/** While the catalog is down: a refused checkout is retried, a pending order read, every 250 ms. */
export const OUTAGE = { retryMs: 250, follow: { pollMs: 250, giveUpMs: 60_000 } };

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @typedef {object} OutageAttempt
 * @property {number} atMs      sent, ms after the catalog was stopped
 * @property {number} status
 * @property {string | null} code
 * @property {number} answerMs
 * @property {boolean} catalogDown  sent while the catalog was down
 */

/**
 * @typedef {object} OutageOrder
 * @property {OutageAttempt[]} attempts  every POST /api/checkout of this shopper's one checkout (one key)
 * @property {'placed' | 'confirmed' | 'rejected' | 'pending' | 'failed'} outcome
 * @property {number | null} finalAfterRestartMs  ms after the catalog was started again that the order was final
 *   (placed: the 201 answer; confirmed or rejected: the order's updatedAt)
 */

/**
 * One checkout per shopper while the catalog is down (each cart filled before): a refused checkout is retried
 * with the same Idempotency-Key every `retryMs` (as a shopper pressing again would), a 202 is followed until final.
 * @param {import('../lib/checkout-shoppers.mjs').Shopper[]} shoppers
 * @param {{ stoppedAt: number, restartedAt: () => number | null, retryMs: number,
 *   follow: { pollMs: number, giveUpMs: number }, giveUpMs: number }} opts
 *   stoppedAt and restartedAt() in Date.now() ms; restartedAt() is null until the catalog is started again
 * @returns {Promise<OutageOrder[]>}
 */
export function checkoutDuringOutage(shoppers, { stoppedAt, restartedAt, retryMs, follow, giveUpMs }) {
  return Promise.all(
    shoppers.map(async (shopper) => {
      const key = randomUUID();
      /** @type {OutageAttempt[]} */
      const attempts = [];
      for (;;) {
        const sentAt = Date.now();
        const catalogDown = restartedAt() === null;
        const r = await checkoutToEnd(shopper, key, follow);
        attempts.push({
          atMs: sentAt - stoppedAt,
          status: r.status,
          code: r.code,
          answerMs: r.answerMs,
          catalogDown,
        });
        const up = restartedAt();
        if (r.outcome !== 'failed') {
          // The moment the order became final, on the same clock as `up`.
          const finalAt = r.recordedMs === null ? null : sentAt + r.recordedMs;
          const finalAfterRestartMs = finalAt === null || up === null ? null : finalAt - up;
          return { attempts, outcome: r.outcome, finalAfterRestartMs };
        }
        if (Date.now() - stoppedAt > giveUpMs)
          return { attempts, outcome: r.outcome, finalAfterRestartMs: null };
        await sleep(retryMs);
      }
    }),
  );
}

/**
 * @typedef {object} OutageRun
 * @property {string} config  a ModeStack id
 * @property {number} downMs     catalog stopped → asked to start again
 * @property {number} restartMs  asked to start → healthy
 * @property {OutageOrder[]} orders
 * @property {{ to: string, atMs: number, reason: string }[]} breaker  the BFF's catalog breaker moves, ms after
 *   the stop
 */

/**
 * Watches the BFF's catalog breaker (GET /api/resilience every 50 ms) until stopped: what the orchestrated
 * checkouts ran into.
 * @param {string} bff
 * @param {number} stoppedAt  Date.now() ms
 * @returns {{ stop: () => Promise<OutageRun['breaker']> }}
 */
function watchBreaker(bff, stoppedAt) {
  /** @type {OutageRun['breaker']} */
  const moves = [];
  const seen = new Set();
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = (await upstreamState(bff, 'catalog').catch(() => null))?.lastTransition;
      if (t && !seen.has(`${t.at} ${t.to}`) && Date.parse(t.at) >= stoppedAt) {
        seen.add(`${t.at} ${t.to}`);
        moves.push({ to: t.to, atMs: Date.parse(t.at) - stoppedAt, reason: t.reason ?? '' });
      }
      await sleep(50);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return moves;
    },
  };
}

/**
 * Fills every shopper's cart (the add needs the catalog), stops the catalog service for `downS`, lets each
 * shopper check out once meanwhile, starts the catalog again and waits for every checkout's end.
 * @param {import('./checkout-modes.mjs').PreparedMode} p
 * @param {number} downS
 * @returns {Promise<OutageRun>}
 */
export async function runOutage(p, downS) {
  await Promise.all(
    p.shoppers.map(async (shopper, i) => {
      const productId = p.productIds[i % p.productIds.length];
      const add = await shopper.send('POST', '/api/cart/lines', { productId, quantity: 1 }, randomUUID());
      if (add.status !== 200)
        throw new Error(`${p.config.label}: add before the outage answered ${add.status}`);
    }),
  );
  await p.stack.stack.stop('catalog-service');
  const stoppedAt = Date.now();
  const breaker = watchBreaker(p.stack.url('bff-1'), stoppedAt);
  /** @type {number | null} */
  let restartedAt = null;
  const shopping = checkoutDuringOutage(p.shoppers, {
    stoppedAt,
    restartedAt: () => restartedAt,
    retryMs: OUTAGE.retryMs,
    follow: OUTAGE.follow,
    giveUpMs: downS * 1000 + 60_000,
  });
  await sleep(downS * 1000);
  // From here the catalog is coming back: its process starts, and its consumer with it, before /health answers.
  const startAt = Date.now();
  restartedAt = startAt;
  await p.stack.stack.start('catalog-service');
  const upAt = Date.now();
  const orders = await shopping;
  const moves = await breaker.stop();
  const final = orders.filter((o) => o.outcome !== 'failed' && o.outcome !== 'pending').length;
  console.log(
    `  outage ${p.config.label}: catalog down ${((startAt - stoppedAt) / 1000).toFixed(1)} s, ${final}/${orders.length} orders final`,
  );
  return {
    config: p.config.id,
    downMs: startAt - stoppedAt,
    restartMs: upAt - startAt,
    orders,
    breaker: moves,
  };
}
